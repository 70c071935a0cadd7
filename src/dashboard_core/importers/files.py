"""Looking at a file before trusting it: what kind it is (by its bytes, never its name), its text
encoding, its first records, and the guards against hostile files (zip bombs, encrypted or
truncated workbooks, binary data, endless lines, oversized JSON).

`probe(path)` reads at most a few hundred kilobytes (a workbook: its first rows per sheet) and
returns a `Probe` the importers recognise layouts from. Nothing here reads a whole table.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from dashboard_core.importers.base import ImportFileError, Probe, Progress

SAMPLE_BYTES = 256 * 1024
SAMPLE_RECORDS = 60
MAX_LINE_BYTES = 4 * 1024 * 1024  # a CSV record longer than this is refused
MAX_COLUMNS = 5_000
MAX_JSON_BYTES = 256 * 1024 * 1024  # API responses are read whole; bigger ones are refused
MAX_UNPACKED_BYTES = 8 * 1024**3  # a zip (xlsx, zipped CSV or Shapefile) unpacking to more
MAX_RATIO = 200  # ... or packing a large member this tightly is treated as a zip bomb
SHEET_SAMPLE_ROWS = 40

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: legacy .xls or an encrypted .xlsx
SQLITE_MAGIC = b"SQLite format 3\x00"
DELIMITERS = (",", ";", "\t", "|")


def _fail(path: Path, problem: str, **where: object) -> ImportFileError:
    return ImportFileError(path, problem, **where)  # type: ignore[arg-type]


def check_zip(path: Path, zf: zipfile.ZipFile) -> None:
    """Refuse zip bombs: too much unpacked data, or a large member packed implausibly tightly."""
    total = 0
    for info in zf.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 64 * 1024 * 1024 and ratio > MAX_RATIO:
            raise _fail(
                path,
                f"member {info.filename!r} unpacks {ratio:,.0f} times larger than it is packed "
                f"({info.file_size:,} bytes): refused as a zip bomb",
                expected=f"a compression ratio under {MAX_RATIO}",
            )
    if total > MAX_UNPACKED_BYTES:
        raise _fail(
            path,
            f"unpacks to {total:,} bytes: refused as a zip bomb",
            expected=f"at most {MAX_UNPACKED_BYTES:,} bytes unpacked",
        )


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail(
            path,
            f"the zip archive is truncated or damaged ({exc})",
            expected="a complete .zip, .xlsx or zipped Shapefile as downloaded",
        ) from exc
    check_zip(path, zf)
    return zf


def _encoding_of(head: bytes, path: Path, override: str | None) -> tuple[str, bytes]:
    """The text encoding (a Python codec name) and the sample without its byte-order mark."""
    if override:
        try:
            codecs.lookup(override)
        except LookupError as exc:
            raise _fail(path, f"unknown encoding {override!r}") from exc
        return override, head
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", head[3:]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", head
    if len(head) > 64 and head[1:64:2].count(0) > 24:
        return "utf-16-le", head
    if len(head) > 64 and head[0:64:2].count(0) > 24:
        return "utf-16-be", head
    return "utf-8", head


def _where_bad_utf8(sample: bytes, error: UnicodeDecodeError) -> tuple[int, int]:
    """Line (1-based) and field (1-based) of the first byte that is not UTF-8."""
    before = sample[: error.start]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    return line, before[start:].count(b",") + 1


def _decode_sample(path: Path, sample: bytes, encoding: str, complete: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        return decoder.decode(sample, final=complete)
    except UnicodeDecodeError as exc:
        line, column = _where_bad_utf8(sample, exc)
        guess = _guess_encoding(sample)
        hint = f" It looks like {guess}: pass --encoding {guess}." if guess else ""
        raise _fail(
            path,
            f"text that is not {encoding} at byte {exc.start:,}.{hint}",
            row=f"line {line}",
            column=f"field {column}",
            expected=f"{encoding} text, as publishers ship it",
        ) from exc


def _guess_encoding(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(sample[:65536]).best()
    return best.encoding if best is not None else None


def _delimiter(lines: list[str]) -> str:
    """The separator that splits the first lines into the most, equally long, records."""
    best, score = ",", 0
    for sep in DELIMITERS:
        sample = [line for line in lines[:10] if line and len(line) < 65536]
        try:
            counts = [len(next(csv.reader([line], delimiter=sep))) for line in sample]
        except csv.Error:
            continue
        if not counts:
            continue
        typical = max(set(counts), key=counts.count)
        value = typical * counts.count(typical) if typical > 1 else 0
        if value > score:
            best, score = sep, value
    return best


def _records(path: Path, text: str, complete: bool) -> tuple[str, list[list[str]]]:
    if not complete:
        text = text[: text.rfind("\n") + 1]  # the last line of the sample may be cut
    if "\x00" in text:
        raise _fail(path, "holds binary data (NUL bytes)", expected="a text table (CSV)")
    csv.field_size_limit(MAX_LINE_BYTES)
    lines = text.splitlines()
    if not lines:
        raise _fail(path, "is empty", expected="a header line and data rows")
    sep = _delimiter(lines)
    csv.field_size_limit(MAX_LINE_BYTES)
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text), delimiter=sep):
            if len(record) > MAX_COLUMNS:
                raise _fail(
                    path,
                    f"has {len(record):,} fields",
                    row=len(records) + 1,
                    expected=f"at most {MAX_COLUMNS:,} columns",
                )
            records.append(record)
            if len(records) >= SAMPLE_RECORDS:
                break
    except csv.Error as exc:
        raise _fail(path, f"is not readable as CSV ({exc})", row=len(records) + 1) from exc
    return sep, records


def _text_probe(path: Path, head: bytes, size: int, kind: str, encoding: str | None) -> Probe:
    if b"\n" not in head[:MAX_LINE_BYTES] and len(head) >= MAX_LINE_BYTES:
        raise _fail(
            path,
            f"its first line is longer than {MAX_LINE_BYTES // 1024**2} MB",
            row=1,
            expected="a header line of column names",
        )
    codec, body = _encoding_of(head, path, encoding)
    complete = len(head) >= size
    text = _decode_sample(path, body[:SAMPLE_BYTES] if not complete else body, codec, complete)
    probe = Probe(path=path, kind=kind, size=size, encoding=codec)
    if codec != "utf-8":
        probe.notes.append(f"read as {codec} text")
    probe.delimiter, probe.records = _records(path, text, complete)
    return probe


def _json_probe(path: Path, size: int, encoding: str | None) -> Probe:
    if size > MAX_JSON_BYTES:
        raise _fail(
            path,
            f"is a {size:,}-byte JSON document",
            expected=f"at most {MAX_JSON_BYTES // 1024**2} MB (one API response page); "
            "download large extracts as CSV",
        )
    raw = path.read_bytes()
    codec, body = _encoding_of(raw[:4096], path, encoding)
    try:
        document = json.loads(
            raw.decode(codec) if codec != "utf-8" else raw.lstrip(codecs.BOM_UTF8)
        )
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise _fail(
            path,
            f"is not valid JSON ({exc.__class__.__name__}: {exc})",
            row=f"line {line}" if line else None,
            expected="a complete JSON document",
        ) from exc
    kind = (
        "geojson"
        if isinstance(document, dict)
        and document.get("type")
        in (
            "FeatureCollection",
            "Feature",
        )
        else "json"
    )
    return Probe(path=path, kind=kind, size=size, encoding=codec, document=document)


def _xlsx_probe(path: Path, zf: zipfile.ZipFile, size: int) -> Probe:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for damaged parts
        raise _fail(
            path,
            f"the workbook cannot be opened ({exc.__class__.__name__}: {exc})",
            expected="an .xlsx workbook as the publisher ships it",
        ) from exc
    sheets: dict[str, list[list[object]]] = {}
    try:
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows(max_row=SHEET_SAMPLE_ROWS, values_only=True):
                rows.append(list(row))
            sheets[sheet.title] = rows
    except Exception as exc:
        raise _fail(
            path, f"a sheet cannot be read ({exc})", expected="a complete workbook"
        ) from exc
    finally:
        book.close()
    return Probe(path=path, kind="xlsx", size=size, sheets=sheets)


def _zip_probe(path: Path, size: int, encoding: str | None) -> Probe:
    zf = _open_zip(path)
    with zf:
        names = zf.namelist()
        if "xl/workbook.xml" in names:
            return _xlsx_probe(path, zf, size)
        if any(n.lower().endswith(".shp") for n in names):
            return Probe(path=path, kind="shapefile", size=size)
        tables = [n for n in names if n.lower().endswith(".csv") and not n.endswith("/")]
        data = [n for n in tables if "footnote" not in n.lower() and "metadata" not in n.lower()]
        if len(data) != 1:
            raise _fail(
                path,
                f"holds {len(data)} data CSV files ({', '.join(data[:5]) or 'none'})",
                expected="one CSV (plus footnotes or metadata), an .xlsx or a zipped Shapefile",
            )
        info = zf.getinfo(data[0])
        with zf.open(info) as member:
            head = member.read(MAX_LINE_BYTES)
    probe = _text_probe(path, head, info.file_size, "csv", encoding)
    probe.member = data[0]
    probe.notes.append(f"read {data[0]} from the zip archive")
    return probe


def probe(path: Path, encoding: str | None = None) -> Probe:
    """Look at a file's first bytes and decide what it is; refuse what no importer can read."""
    path = Path(path)
    if not path.is_file():
        raise _fail(path, "does not exist or is not a file")
    size = path.stat().st_size
    if size == 0:
        raise _fail(path, "is empty", expected="a publisher's data file")
    with path.open("rb") as handle:
        head = handle.read(MAX_LINE_BYTES)
    if head.startswith(ZIP_MAGIC):
        return _zip_probe(path, size, encoding)
    if head.startswith(CFB_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in head or b"EncryptedPackage" in head:
            raise _fail(
                path,
                "the workbook is password-protected (encrypted)",
                expected="an unprotected copy: open it, remove the password, save as .xlsx",
            )
        raise _fail(
            path,
            "is a legacy Excel (.xls) or other OLE2 file",
            expected="the publisher's .xlsx or CSV download (re-save .xls as .xlsx)",
        )
    if head.startswith(SQLITE_MAGIC):
        return Probe(path=path, kind="gpkg", size=size)
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped[:1] in (b"{", b"["):
        return _json_probe(path, size, encoding)
    return _text_probe(path, head, size, "csv", encoding)


class _Counting(io.RawIOBase):
    """A read-only stream that reports progress as bytes pass through."""

    def __init__(self, raw: IO[bytes], total: int, progress: Progress | None) -> None:
        self.raw, self.total, self.progress, self.done = raw, total, progress, 0
        self._next = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.done += n
        if self.progress and (self.done >= self._next or n == 0):
            self.progress(self.done, self.total)
            self._next = self.done + max(self.total // 100, 1 << 20)
        return n


@contextmanager
def open_stream(probe: Probe, progress: Progress | None = None) -> Iterator[IO[bytes]]:
    """The file's bytes (or its zipped CSV's), reporting progress as they are read."""
    if probe.member is None:
        with probe.path.open("rb") as raw:
            yield io.BufferedReader(_Counting(raw, probe.size, progress), 1 << 20)
        return
    with zipfile.ZipFile(probe.path) as zf, zf.open(probe.member) as raw:
        yield io.BufferedReader(_Counting(raw, probe.size, progress), 1 << 20)


def header_index(records: list[list[str]], required: set[str], normalise=None) -> int | None:
    """Index of the first record holding every `required` column name (after `normalise`)."""
    norm = normalise or (lambda s: s.strip())
    for i, record in enumerate(records):
        names = {norm(c) for c in record}
        if required <= names:
            return i
    return None
