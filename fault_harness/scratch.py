"""Scratch databases for the harness, the benchmarks and the tests: a new, empty
PostgreSQL database for one run, dropped afterwards, whatever the run did."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import sqlalchemy as sa


@contextlib.contextmanager
def scratch_database(server_url: str, prefix: str = "tillsync_scratch") -> Iterator[str]:
    """A new database named ``<prefix>_<random>`` on ``server_url``'s server (the URL of
    a database the user may create databases from); yields its URL, drops it (FORCE:
    connections a killed process left behind go with it) when the block ends."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()
