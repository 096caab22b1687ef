"""docs/erp-integration.md names every staging table and column the sql sink creates."""

from __future__ import annotations

from pathlib import Path

from erp_gateway.feed import staging

DOC = Path(__file__).resolve().parents[3] / "docs" / "erp-integration.md"


def test_every_staging_column_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for table in staging.TABLES:
        section = text.split(f"#### `tillsync_{table.name}`", 1)
        assert len(section) == 2, (
            f"docs/erp-integration.md has no section for tillsync_{table.name}"
        )
        body = section[1].split("####", 1)[0]
        for column in table.columns:
            assert f"| `{column.name}` |" in body, f"tillsync_{table.name}.{column.name}"


def test_the_create_statements_hold_every_column_in_each_database() -> None:
    for dialect in ("postgresql", "mysql", "mssql", "sqlite"):
        for table in staging.TABLES:
            sql = staging.create_table_sql(dialect, "x_", table)
            assert sql.startswith(f"CREATE TABLE x_{table.name} (")
            assert all(f"  {c.name} " in sql for c in table.columns)
            assert f"PRIMARY KEY ({', '.join(table.key)})" in sql
