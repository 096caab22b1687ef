"""Shared fixtures: till configs on real SQLite files and on the PostgreSQL of this machine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

pytest_plugins = ["gateway_fixture", "transfer_servers"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_URL = os.environ.get("TILLSYNC_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


FAULTS = Path(__file__).parent / "faults"
E2E = Path(__file__).parent / "e2e"


# The end-to-end tests start a process for every part and every command; on a loaded
# 2-core machine each start takes seconds. The timeout only bounds a hang.
E2E_TIMEOUT_S = 900


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The fault scenarios (tests/faults/) run the harness against real servers: slow, all of
    them, so that ``-m "not slow"`` is the quick loop. The end-to-end tests (tests/e2e/)
    get a longer hang guard than the suite's."""
    for item in items:
        if item.path.is_relative_to(FAULTS):
            item.add_marker(pytest.mark.slow)
        if item.path.is_relative_to(E2E):
            item.add_marker(pytest.mark.timeout(E2E_TIMEOUT_S))


def _pg_available() -> str | None:
    try:
        engine = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql("select 1")
        engine.dispose()
    except Exception as exc:  # any failure means "not reachable" here
        return str(exc).splitlines()[0]
    return None


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The PostgreSQL admin URL; CI must have the server, a user's machine may not."""
    problem = _pg_available()
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and does not answer: {problem}")
        pytest.skip(f"PostgreSQL at {PG_URL} is not reachable ({problem}); run scripts/services.sh")
    return PG_URL


@pytest.fixture
def pg_database(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    from fault_harness.scratch import scratch_database

    with scratch_database(pg_server, "tillsync_test") as url:
        yield url


def write_till_config(folder: Path, *, pg_url: str | None = None, till_id: str = "T01") -> Path:
    from standalone_till.config import set_key, write_default_config

    path = folder / "till.toml"
    write_default_config(path, "S001", till_id)
    if pg_url:
        set_key(path, "database.url", pg_url)
        set_key(path, "database.engine", "postgresql")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def till_config(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A till config on a new SQLite file, then on a new PostgreSQL database."""
    pg_url = request.getfixturevalue("pg_database") if request.param == "postgresql" else None
    return write_till_config(tmp_path, pg_url=pg_url)


@pytest.fixture
def sqlite_config(tmp_path: Path) -> Path:
    return write_till_config(tmp_path)


@pytest.fixture(scope="session")
def sample_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sample catalog: full export 1 and increments 2 and 3 (read-only: copy to alter)."""
    from erp_gateway.sample import write_sample_export

    out = tmp_path_factory.mktemp("exports")
    write_sample_export(out, items=400, changes=2, seed=7)
    return out
