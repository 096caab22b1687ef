"""The sql sink: staging tables in the ERP's database, reached by a SQLAlchemy URL or an
ODBC connection string. Each batch is one transaction there, together with the sink's
cursor row, so the ERP holds a document exactly when the cursor says it was delivered.

The cursor row is updated first (``WHERE position = <the position read>``): it locks the
row, and a second feed of the same sink finds the position moved and keeps nothing.
PostgreSQL through psycopg loads a batch with COPY; a batch the ERP refuses (a
constraint) is loaded again document by document, each under a savepoint, and the
refused ones are set aside in ``<prefix>feed_held`` in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from connectors.errors import Unavailable
from connectors.odbc import odbc_connect, redact
from connectors.sql import postgresql_url, safe_url
from erp_gateway.config import ErpSinkSettings
from erp_gateway.feed import staging
from erp_gateway.feed.records import FeedDocument
from erp_gateway.feed.sinks import CursorMoved, Held, SinkNotReady
from erp_gateway.feed.staging import StagingTable

log = logging.getLogger("tillsync.feed")
_ODBC_DBMS = {"postgresql": "postgresql", "mariadb": "mysql", "mysql": "mysql"}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _message(exc: BaseException) -> str:
    text = str(exc.args[-1]) if getattr(exc, "args", None) else str(exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def _is_refusal(exc: BaseException) -> bool:
    """A constraint or a value the ERP's database will not take (DB-API classes)."""
    return any(c.__name__ in ("IntegrityError", "DataError") for c in type(exc).__mro__)


class SqlSink:
    """Staging tables over one DB-API connection (psycopg, pyodbc or sqlite3)."""

    def __init__(
        self, name: str, settings: ErpSinkSettings, conn: Any, dialect: str, label: str
    ) -> None:
        self.name = name
        self.prefix = settings.table_prefix
        self.dialect = dialect
        self.label = label
        self._conn = conn
        self._errors: type[BaseException] = sys.modules[type(conn).__module__.split(".")[0]].Error
        self._mark = "%s" if dialect == "postgresql" and not settings.odbc else "?"
        self._copy = dialect == "postgresql" and not settings.odbc
        self._engine: sa.Engine | None = None
        self._pooled: Any = None
        self._last: int | None = None  # the position as this sink last read or left it

    # -- opening ------------------------------------------------------------------

    @classmethod
    def open(cls, name: str, settings: ErpSinkSettings) -> SqlSink:
        if settings.odbc:
            import pyodbc

            odbc = odbc_connect(settings.odbc, settings.timeout)
            dbms = str(odbc.getinfo(pyodbc.SQL_DBMS_NAME)).lower()
            dialect = next((d for k, d in _ODBC_DBMS.items() if k in dbms), "mssql")
            return cls(name, settings, odbc, dialect, redact(settings.odbc))
        url = postgresql_url(settings.url)
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        label = safe_url(url)
        try:
            raw = engine.raw_connection()
        except sa.exc.DBAPIError as exc:
            raise Unavailable(
                f"sql sink {name} ({label}): {_message(exc.orig or exc)}", target=label
            ) from exc
        conn: Any = raw.driver_connection
        if engine.dialect.name == "sqlite":
            conn.isolation_level = None  # transactions begun explicitly
        sink = cls(name, settings, conn, engine.dialect.name, label)
        sink._engine, sink._pooled = engine, raw  # the pool's handle keeps it open
        return sink

    def close(self) -> None:
        try:
            (self._pooled or self._conn).close()
        finally:
            if self._engine is not None:
                self._engine.dispose()

    # -- one transaction ----------------------------------------------------------

    def _begin(self) -> None:
        if self.dialect == "sqlite":
            self._conn.execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        if self.dialect == "sqlite":
            self._conn.execute("COMMIT")
        else:
            self._conn.commit()

    def _rollback(self) -> None:
        try:
            if self.dialect == "sqlite":
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
            else:
                self._conn.rollback()
        except self._errors:
            log.info("sql sink %s: rollback failed (connection lost?)", self.name)

    def _unavailable(self, exc: BaseException) -> Unavailable:
        return Unavailable(
            f"sql sink {self.name} ({self.label}): {_message(exc)}", target=self.label
        )

    def _run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        cur = self._conn.cursor()
        cur.execute(sql.replace("?", self._mark), self._adapt(params))
        return cur

    def _adapt(self, row: Sequence[Any]) -> Sequence[Any]:
        if self.dialect != "sqlite":
            return row
        return tuple(
            str(v)
            if isinstance(v, decimal.Decimal)
            else v.isoformat(" ")
            if isinstance(v, dt.datetime)
            else v.isoformat()
            if isinstance(v, dt.date)
            else v
            for v in row
        )

    def _table(self, table: StagingTable) -> str:
        return f"{self.prefix}{table.name}"

    # -- set up -------------------------------------------------------------------

    def _exists(self, table: StagingTable) -> bool:
        try:
            self._begin()
            self._run(f"SELECT 1 FROM {self._table(table)} WHERE 1 = 0").fetchall()
            self._commit()
            return True
        except self._errors:
            self._rollback()
            return False

    def init(self) -> list[str]:
        """Create the staging tables that are missing and the sink's cursor row; the
        names of the tables created."""
        created = []
        try:
            for table in staging.TABLES:
                if self._exists(table):
                    continue
                self._begin()
                self._run(staging.create_table_sql(self.dialect, self.prefix, table))
                self._commit()
                created.append(self._table(table))
            self._begin()
            found = self._run(
                f"SELECT position FROM {self._table(staging.CURSOR)} WHERE sink = ?", (self.name,)
            ).fetchall()
            if not found:
                self._run(
                    f"INSERT INTO {self._table(staging.CURSOR)} (sink, position, batches, updated_at) VALUES (?, ?, ?, ?)",
                    (self.name, 0, 0, _now()),
                )
            self._commit()
        except self._errors as exc:
            self._rollback()
            raise self._unavailable(exc) from exc
        return created

    # -- the cursor ---------------------------------------------------------------

    def position(self) -> int:
        if not self._exists(staging.CURSOR):
            raise SinkNotReady(
                f"sql sink {self.name}: no staging tables in {self.label}: run `erp-gateway feed init`",
                sink=self.name,
            )
        try:
            self._begin()
            rows = self._run(
                f"SELECT position FROM {self._table(staging.CURSOR)} WHERE sink = ?", (self.name,)
            ).fetchall()
            self._commit()
        except self._errors as exc:
            self._rollback()
            raise self._unavailable(exc) from exc
        if not rows:
            raise SinkNotReady(
                f"sql sink {self.name}: no cursor row in {self.label}: run `erp-gateway feed init`",
                sink=self.name,
            )
        self._last = int(rows[0][0])
        return self._last

    def _move(self, frm: int, to: int) -> None:
        moved = self._run(
            f"UPDATE {self._table(staging.CURSOR)} SET position = ?, batches = batches + 1, "
            "updated_at = ? WHERE sink = ? AND position = ?",
            (to, _now(), self.name, frm),
        ).rowcount
        if moved != 1:
            self._last = None
            raise CursorMoved(
                f"sql sink {self.name}: the cursor is no longer at {frm} (another feed?)",
                sink=self.name,
            )

    # -- delivering ---------------------------------------------------------------

    def _insert(self, table: StagingTable, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        name, cols = self._table(table), ", ".join(table.names)
        cur = self._conn.cursor()
        if self._copy:
            with cur.copy(f"COPY {name} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join([self._mark] * len(table.names))
        cur.executemany(
            f"INSERT INTO {name} ({cols}) VALUES ({marks})", [self._adapt(r) for r in rows]
        )

    def _insert_docs(self, docs: Sequence[FeedDocument]) -> None:
        by_table: dict[str, tuple[StagingTable, list[tuple[Any, ...]]]] = {}
        for doc in docs:
            for table, row in staging.document_rows(doc):
                by_table.setdefault(table.name, (table, []))[1].append(row)
        for table, rows in by_table.values():
            self._insert(table, rows)

    def _hold(self, doc: FeedDocument, reason: str) -> Held:
        at = _now()
        held = Held(doc.seq, doc.kind, doc.feed_id, reason, at.replace(tzinfo=dt.UTC))
        self._run(
            f"DELETE FROM {self._table(staging.HELD)} WHERE sink = ? AND feed_seq = ?",
            (self.name, doc.seq),
        )
        self._run(
            f"INSERT INTO {self._table(staging.HELD)} (sink, feed_seq, kind, document_id, reason, held_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (self.name, held.seq, held.kind, held.document_id, reason[:2000], at),
        )
        return held

    def _one_by_one(
        self, docs: Sequence[FeedDocument]
    ) -> Iterator[tuple[FeedDocument, str | None]]:
        """Each document under its own savepoint: kept, or undone with the reason."""
        for doc in docs:
            self._run("SAVEPOINT feed_doc")
            try:
                self._insert_docs([doc])
            except self._errors as exc:
                if not _is_refusal(exc):
                    raise
                self._run("ROLLBACK TO SAVEPOINT feed_doc")
                yield doc, _message(exc)
                continue
            self._run("RELEASE SAVEPOINT feed_doc")
            yield doc, None

    def deliver(self, docs: Sequence[FeedDocument], upto: int) -> list[Held]:
        frm = self.position() if self._last is None else self._last
        try:
            self._begin()
            self._move(frm, upto)
            self._insert_docs(docs)
            self._commit()
            self._last = upto
            return []
        except self._errors as exc:
            self._rollback()
            if not _is_refusal(exc):
                raise self._unavailable(exc) from exc
            log.info(
                "sql sink %s refused a batch (%s): one document at a time", self.name, _message(exc)
            )
        except BaseException:
            self._rollback()
            raise
        held: list[Held] = []
        try:
            self._begin()
            self._move(frm, upto)
            for doc, reason in self._one_by_one(docs):
                if reason is not None:
                    held.append(self._hold(doc, reason))
            self._commit()
            self._last = upto
        except self._errors as exc:
            self._rollback()
            raise self._unavailable(exc) from exc
        except BaseException:
            self._rollback()
            raise
        for h in held:
            log.warning(
                "sql sink %s set aside %s %s: %s", self.name, h.kind, h.document_id, h.reason
            )
        return held

    def rewind(self, to: int) -> None:
        """Move the cursor back to ``to`` and remove the staged rows after it, in one
        transaction: what follows is staged again, once."""
        try:
            self._begin()
            for table in staging.DOCUMENT_TABLES:
                if "feed_seq" in table.names:
                    self._run(f"DELETE FROM {self._table(table)} WHERE feed_seq > ?", (to,))
            for table in (staging.TICKET_LINES, staging.TICKET_PAYMENTS, staging.TICKET_VAT):
                self._run(
                    f"DELETE FROM {self._table(table)} WHERE document_id NOT IN "
                    f"(SELECT document_id FROM {self._table(staging.TICKETS)})"
                )
            self._run(
                f"DELETE FROM {self._table(staging.HELD)} WHERE sink = ? AND feed_seq > ?",
                (self.name, to),
            )
            self._run(
                f"UPDATE {self._table(staging.CURSOR)} SET position = ?, updated_at = ? WHERE sink = ?",
                (to, _now(), self.name),
            )
            self._commit()
            self._last = to
        except self._errors as exc:
            self._rollback()
            raise self._unavailable(exc) from exc

    # -- set aside ----------------------------------------------------------------

    def held(self) -> list[Held]:
        try:
            self._begin()
            rows = self._run(
                f"SELECT feed_seq, kind, document_id, reason, held_at FROM {self._table(staging.HELD)} "
                "WHERE sink = ? ORDER BY feed_seq",
                (self.name,),
            ).fetchall()
            self._commit()
        except self._errors as exc:
            self._rollback()
            raise self._unavailable(exc) from exc
        return [Held(int(r[0]), r[1], r[2], r[3], _as_time(r[4])) for r in rows]

    def _staged(self, doc: FeedDocument) -> bool:
        table = staging.header_table(doc.kind)
        key = "document_id" if table is not staging.FINDINGS else "finding_id"
        return bool(
            self._run(
                f"SELECT 1 FROM {self._table(table)} WHERE {key} = ?", (doc.feed_id,)
            ).fetchall()
        )

    def retry(self, docs: Sequence[FeedDocument]) -> list[Held]:
        still: list[Held] = []
        try:
            self._begin()
            fresh = [d for d in docs if not self._staged(d)]  # staged already: just released
            for doc, reason in self._one_by_one(fresh):
                if reason is not None:
                    still.append(self._hold(doc, reason))
            kept = {d.seq for d in docs} - {h.seq for h in still}
            for seq in sorted(kept):
                self._run(
                    f"DELETE FROM {self._table(staging.HELD)} WHERE sink = ? AND feed_seq = ?",
                    (self.name, seq),
                )
            self._commit()
        except self._errors as exc:
            self._rollback()
            raise self._unavailable(exc) from exc
        return still


def _as_time(value: object) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value.replace(tzinfo=dt.UTC)
