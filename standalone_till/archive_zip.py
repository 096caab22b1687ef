"""The archive's zip read as it is stored, and every byte of it accounted for: a part
stored uncompressed is read from its bytes as they are (a changed byte shows as a
SHA-256 that differs, not as an unreadable zip), and each record of the zip (local
headers, central directory, end) must agree with the others and with the parts.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import NamedTuple

CHANGED = "changed"


class Damage(NamedTuple):
    """A part (or the zip's structure) that does not read as written, and why."""

    part: str
    what: str
    detail: str


# what zipfile raises on a damaged zip (a bad record, an unknown method, an encrypted
# flag, a truncated part)
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    ValueError,
    NotImplementedError,
    RuntimeError,
    EOFError,
)


def read_parts(data: bytes) -> tuple[dict[str, bytes], list[Damage]]:
    """Every part of the zip, as stored: a part stored uncompressed is read from its
    bytes as they are (a changed byte shows as a SHA-256 that differs, not as an
    unreadable zip), a compressed one through zipfile."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _UNREADABLE as exc:
        return {}, [Damage("archive", "unreadable", f"not a zip file: {exc}")]
    found: list[Damage] = []
    parts: dict[str, bytes] = {}
    with zf:
        for info in zf.infolist():
            if info.filename in parts:
                found.append(Damage(info.filename, "inserted", "the part is in the zip twice"))
                continue
            try:
                parts[info.filename] = _part(zf, data, info)
            except _UNREADABLE as exc:
                found.append(Damage(info.filename, "unreadable", str(exc)))
    return parts, found


# The zip's own records (APPNOTE 4.3): a local header before each part's bytes, the
# central directory, its end (and, for a zip past 4 GB or 65,535 parts, the zip64 end).
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_END64 = struct.Struct("<4sQ2H2L4Q")
_LOCATOR64 = struct.Struct("<4sLQL")
_FAR = 0xFFFFFFFF
_ZIP_DOS_TIME = ((2000 - 1980) << 9 | 1 << 5 | 1, 0)  # (date, time) of 2000-01-01 00:00
STRUCTURE = "zip structure"


class _Damaged(ValueError):
    def __init__(self, part: str, detail: str) -> None:
        super().__init__(detail)
        self.part = part


@dataclass(frozen=True, slots=True)
class _Central:
    name: str
    fields: tuple[int, ...]  # versions, reserved, flags, method, time, date
    crc: int
    size: int
    offset: int
    attributes: tuple[int, int, int]  # disk, internal, external


def check_structure(data: bytes) -> list[Damage]:
    """Every byte of the zip accounted for: its end record, its central directory, and
    before each part a local header agreeing with it (name, sizes, CRC-32 of the bytes,
    the fixed time, no compression), the parts one after the other from byte 0, nothing
    between or after. A changed byte outside the parts' contents is named here."""
    try:
        start, end, count = _end_record(data)
        entries = _central_directory(data, start, end, count)
        position = 0
        for entry in entries:
            position = _local_entry(data, entry, position)
        if position != start:
            raise _Damaged(
                STRUCTURE,
                f"{start - position} bytes between the last part and the central directory",
            )
        _alike(entries)
    except _Damaged as exc:
        return [Damage(exc.part, CHANGED, f"zip header: {exc}")]
    except struct.error as exc:
        return [Damage(STRUCTURE, CHANGED, f"zip header: {exc}")]
    return []


def _end_record(data: bytes) -> tuple[int, int, int]:
    """(where the central directory starts, where it ends, how many parts)."""
    if len(data) < _END.size:
        raise _Damaged(STRUCTURE, "too short for a zip")
    sig, disk, disk_cd, here, count, size, offset, comment = _END.unpack(data[-_END.size :])
    if sig != b"PK\x05\x06" or comment or disk or disk_cd or here != count:
        raise _Damaged(STRUCTURE, "the end record is damaged (or the zip has a comment)")
    end = len(data) - _END.size
    if offset == _FAR or size == _FAR or count == 0xFFFF:
        at = end - _LOCATOR64.size
        lsig, _, where, _ = _LOCATOR64.unpack(data[at:end])
        if lsig != b"PK\x06\x07" or where + _END64.size != at:
            raise _Damaged(STRUCTURE, "the zip64 end locator is damaged")
        fields = _END64.unpack(data[where:at])
        if fields[0] != b"PK\x06\x06" or fields[4] or fields[5] or fields[6] != fields[7]:
            raise _Damaged(STRUCTURE, "the zip64 end record is damaged")
        count, size, offset, end = fields[7], fields[8], fields[9], where
    if offset + size != end:
        raise _Damaged(STRUCTURE, "the central directory is not where the end record says")
    return offset, end, count


def _zip64(extra: bytes, wanted: list[bool]) -> list[int]:
    """The 8-byte values of a zip64 extra field, for the fields marked far."""
    values: list[int] = []
    at = 0
    while at + 4 <= len(extra):
        tag, size = struct.unpack("<HH", extra[at : at + 4])
        if tag == 1:
            values = [
                struct.unpack("<Q", extra[at + 4 + 8 * i : at + 12 + 8 * i])[0]
                for i in range(size // 8)
            ]
        at += 4 + size
    if at != len(extra) or len(values) < sum(wanted):
        raise struct.error("an extra field is damaged")
    return values


def _central_directory(data: bytes, start: int, end: int, count: int) -> list[_Central]:
    entries = []
    at = start
    for _ in range(count):
        f = _CENTRAL.unpack(data[at : at + _CENTRAL.size])
        name_end = at + _CENTRAL.size + f[12]
        extra_end = name_end + f[13]
        name = data[at + _CENTRAL.size : name_end].decode("utf-8", "replace")
        if f[0] != b"PK\x01\x02" or f[14]:
            raise _Damaged(name, "its central directory entry is damaged")
        crc, csize, usize, offset = f[9], f[10], f[11], f[18]
        far = [usize == _FAR, csize == _FAR, offset == _FAR]
        values = iter(_zip64(data[name_end:extra_end], far))
        usize, csize = (next(values) if far[0] else usize), (next(values) if far[1] else csize)
        offset = next(values) if far[2] else offset
        if usize != csize:
            raise _Damaged(name, "its central directory entry says it is compressed")
        entries.append(_Central(name, f[1:9], crc, csize, offset, (f[15], f[16], f[17])))
        at = extra_end
    if at != end:
        raise _Damaged(STRUCTURE, "the central directory holds more than its parts")
    return entries


def _local_entry(data: bytes, entry: _Central, position: int) -> int:
    """Check the part's local header and bytes against its central entry; where the
    next part begins."""
    name = entry.name
    if entry.offset != position:
        raise _Damaged(
            name, f"it begins at byte {entry.offset}, the part before ends at {position}"
        )
    f = _LOCAL.unpack(data[position : position + _LOCAL.size])
    name_end = position + _LOCAL.size + f[10]
    begin = name_end + f[11]
    if f[0] != b"PK\x03\x04" or data[position + _LOCAL.size : name_end] != name.encode():
        raise _Damaged(name, "its local header is damaged")
    versions, flags, method, time, date = f[1:3], f[3], f[4], f[5], f[6]
    if (*versions, flags, method, time, date) != (
        entry.fields[2],
        entry.fields[3],
        entry.fields[4],
        entry.fields[5],
        entry.fields[6],
        entry.fields[7],
    ):
        raise _Damaged(name, "its local header and the central directory differ")
    if method != zipfile.ZIP_STORED or flags & 0x08 or (date, time) != _ZIP_DOS_TIME:
        raise _Damaged(name, "not stored as the format stores a part")
    crc, csize, usize = f[7], f[8], f[9]
    if (csize == _FAR) != (usize == _FAR):
        raise _Damaged(name, "its local header's sizes are damaged")
    if csize == _FAR:
        usize, csize = _zip64(data[name_end:begin], [True, True])[:2]
    if (crc, csize, usize) != (entry.crc, entry.size, entry.size):
        raise _Damaged(name, "its local header and the central directory differ")
    if zlib.crc32(data[begin : begin + csize]) != crc:
        raise _Damaged(name, "its CRC-32 does not match its bytes")
    return begin + csize


def _alike(entries: list[_Central]) -> None:
    """Every part written alike: the same versions, one disk, no internal attributes,
    a file readable by all."""
    for entry in entries:
        versions = entry.fields[:4]
        if versions != entries[0].fields[:4] or versions[3] != 0:
            raise _Damaged(entry.name, "its central directory entry differs from the others")
        if entry.attributes != (0, 0, 0o644 << 16):
            raise _Damaged(entry.name, "its central directory entry has other attributes")


def _part(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo) -> bytes:
    if info.compress_type != zipfile.ZIP_STORED:
        return zf.read(info)
    start = info.header_offset
    if data[start : start + 4] != b"PK\x03\x04":
        raise ValueError("its local header is damaged")
    name_len, extra_len = struct.unpack("<HH", data[start + 26 : start + 30])
    begin = start + 30 + name_len + extra_len
    return data[begin : begin + info.compress_size]
