"""The files sink: each batch a data file (JSON Lines, or one CSV per staging table) and a
manifest, published to a folder, FTP, FTPS or SFTP by the exports' transfer (data first,
manifest last, each under a temporary name then renamed). A published batch is never
written again: the next one takes the next number.

The cursor lives with the files: it is the ``last`` place of the newest manifest at the
target, so a feed killed before a manifest was renamed in simply makes that batch again
(its data file, not yet named by any manifest, is replaced), and one killed after it
starts from the next. A rewind is a manifest of no documents whose ``last`` is earlier.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from connectors.transfer import Transfer, open_url
from erp_gateway.config import ErpSinkSettings, GatewayConfig
from erp_gateway.feed import staging
from erp_gateway.feed.records import FINDING_KINDS, FeedDocument, document_json, plain
from erp_gateway.feed.sinks import Held

FORMAT = "tillsync-feed/1"
_MANIFEST = re.compile(r"^([0-9]{8,})\.feed-manifest\.json$")


def manifest_name(batch: int) -> str:
    return f"{batch:08d}.feed-manifest.json"


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.isoformat() + "Z"
    return str(plain(value))


class FilesSink:
    def __init__(
        self, name: str, settings: ErpSinkSettings, transfer: Transfer, remote_dir: str, work: Path
    ) -> None:
        self.name = name
        self.format = settings.format
        self._transfer = transfer
        self._dir = remote_dir
        self._work = work
        self._batch: int | None = None
        self._position = 0

    @classmethod
    def open(cls, cfg: GatewayConfig, name: str, settings: ErpSinkSettings) -> FilesSink:
        target = settings.target
        if "://" not in target:
            target = str((cfg.folder / target).absolute())
        transfer, remote_dir = open_url(target, **cfg.transfer_options(), timeout=settings.timeout)
        work = cfg.folder / "feed" / name
        work.mkdir(parents=True, exist_ok=True)
        transfer.mkdirs(remote_dir)
        return cls(name, settings, transfer, remote_dir, work)

    def close(self) -> None:
        self._transfer.close()

    def _remote(self, name: str) -> str:
        return f"{self._dir.rstrip('/')}/{name}" if self._dir else name

    # -- the cursor -----------------------------------------------------------------

    def _read_manifest(self, batch: int) -> dict[str, Any]:
        local = self._work / manifest_name(batch)
        local.unlink(missing_ok=True)
        self._transfer.download(self._remote(manifest_name(batch)), local)
        data: dict[str, Any] = json.loads(local.read_text(encoding="utf-8"))
        local.unlink()
        return data

    def position(self) -> int:
        batches = [
            int(m[1]) for f in self._transfer.list(self._dir) if (m := _MANIFEST.match(f.name))
        ]
        self._batch = max(batches, default=0)
        self._position = int(self._read_manifest(self._batch)["last"]) if self._batch else 0
        return self._position

    # -- publishing -----------------------------------------------------------------

    def _write(self, name: str, data: bytes, rows: int) -> dict[str, object]:
        path = self._work / name
        with open(path, "wb") as f:
            f.write(data)
        return {
            "name": name,
            "rows": rows,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }

    def _data_files(self, batch: int, docs: Sequence[FeedDocument]) -> list[dict[str, object]]:
        if not docs:
            return []
        if self.format == "jsonl":
            lines = [
                json.dumps(document_json(d), ensure_ascii=False, separators=(",", ":"))
                for d in docs
            ]
            return [
                self._write(
                    f"{batch:08d}.documents.jsonl", ("\n".join(lines) + "\n").encode(), len(lines)
                )
            ]
        by_table: dict[str, tuple[staging.StagingTable, list[tuple[Any, ...]]]] = {}
        for doc in docs:
            for table, row in staging.document_rows(doc):
                by_table.setdefault(table.name, (table, []))[1].append(row)
        files = []
        for table, rows in by_table.values():
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(table.names)
            writer.writerows([_csv_value(v) for v in row] for row in rows)
            files.append(
                self._write(f"{batch:08d}.{table.name}.csv", out.getvalue().encode(), len(rows))
            )
        return files

    def _publish(self, docs: Sequence[FeedDocument], upto: int, **extra: object) -> None:
        if self._batch is None:
            self.position()
        assert self._batch is not None
        batch = self._batch + 1
        files = self._data_files(batch, docs)
        counts = Counter("finding" if d.kind in FINDING_KINDS else d.kind for d in docs)
        manifest = {
            "format": FORMAT,
            "sink": self.name,
            "sequence": batch,
            "after": self._position,
            "last": upto,
            "created_at": plain(dt.datetime.now(dt.UTC)),
            "data_format": self.format,
            "documents": len(docs),
            "counts": dict(sorted(counts.items())),
            "files": files,
            **extra,
        }
        for f in files:
            self._transfer.upload(self._work / str(f["name"]), self._remote(str(f["name"])))
        local = self._work / manifest_name(batch)
        local.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        self._transfer.upload(local, self._remote(manifest_name(batch)))
        for done in [*(str(f["name"]) for f in files), manifest_name(batch)]:
            (self._work / done).unlink(missing_ok=True)
        self._batch, self._position = batch, upto

    def deliver(self, docs: Sequence[FeedDocument], upto: int) -> list[Held]:
        self._publish(docs, upto)
        return []

    def rewind(self, to: int) -> None:
        self._publish([], to, rewound_from=self.position())

    def held(self) -> list[Held]:
        return []  # a file takes any document

    def retry(self, docs: Sequence[FeedDocument]) -> list[Held]:
        return []
