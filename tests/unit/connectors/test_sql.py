"""SQL Server connections without a server: the ODBC string, the URL that hides its
password, and a missing ODBC driver as a clear environment error."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from connectors.errors import DatabaseUnavailable
from connectors.sql import mssql_odbc_string, mssql_url, safe_url


def test_mssql_sql_authentication_string() -> None:
    s = mssql_odbc_string(
        instance=r"SHOP01\SQLEXPRESS", database="Till", user="sa", password="p;w}d"
    )
    assert s == (
        r"DRIVER={ODBC Driver 18 for SQL Server};SERVER=SHOP01\SQLEXPRESS;DATABASE=Till;"
        "UID=sa;PWD={p;w}}d};Encrypt=yes;TrustServerCertificate=no"
    )


def test_mssql_trusted_connection_string() -> None:
    s = mssql_odbc_string(
        instance="tcp:10.0.0.5,1433",
        database="Till",
        trusted=True,
        driver="ODBC Driver 17 for SQL Server",
        encrypt=False,
        trust_server_certificate=True,
    )
    assert s == (
        "DRIVER={ODBC Driver 17 for SQL Server};SERVER=tcp:10.0.0.5,1433;DATABASE=Till;"
        "Trusted_Connection=yes;Encrypt=no;TrustServerCertificate=yes"
    )
    assert "UID" not in s and "PWD" not in s


def test_mssql_url_hides_the_password() -> None:
    url = mssql_url(instance="SHOP", database="Till", user="sa", password="hunter2")
    assert url.drivername == "mssql+pyodbc"
    assert "hunter2" in url.query["odbc_connect"]
    shown = safe_url(url)
    assert "hunter2" not in shown and "PWD=***" in shown


def test_mssql_engine_builds_with_pyodbc() -> None:
    engine = sa.create_engine(mssql_url(instance="SHOP", database="Till", trusted=True))
    assert engine.dialect.name == "mssql" and engine.dialect.driver == "pyodbc"


def test_a_missing_odbc_driver_is_a_clear_environment_error() -> None:
    from connectors.sql import database_errors

    url = mssql_url(instance="SHOP", database="Till", user="sa", password="hunter2")
    url = url.update_query_dict({"odbc_connect": url.query["odbc_connect"].replace(
        "ODBC Driver 18 for SQL Server", "No Such ODBC Driver 99")})  # fmt: skip
    engine = sa.create_engine(url)
    with pytest.raises(DatabaseUnavailable) as caught, database_errors(engine):
        engine.connect()
    assert "No Such ODBC Driver 99" in str(caught.value) and "hunter2" not in str(caught.value)
