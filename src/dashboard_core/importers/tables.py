"""Reading a table in bounded memory: CSV through pyarrow's streaming reader (batches of a few
megabytes, every cell as text), workbook sheets through openpyxl's read-only row iterator.

Each batch is a pandas frame of strings plus `_row`, the row as a spreadsheet program numbers
it (the header on its own row, preamble lines counted), so a message or a locator can point at
it. Problems come back as `ImportFileError` naming the file, row and column.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from datetime import date, datetime

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from dashboard_core.importers.base import ROW, ImportFileError, Progress
from dashboard_core.importers.files import MAX_LINE_BYTES, Probe, open_stream

BLOCK_BYTES = 4 * 1024 * 1024
XLSX_BATCH_ROWS = 50_000
_ROW_ERROR = re.compile(r"Row #(\d+): Expected (\d+) columns, got (\d+)")
_COLUMN_ERROR = re.compile(r"column #(\d+)", re.IGNORECASE)


def unique_names(names: list[str]) -> list[str]:
    """Column names made unique (`name`, `name.2`, ...) and stripped."""
    seen: dict[str, int] = {}
    out = []
    for raw in names:
        name = str(raw).strip() if raw is not None else ""
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}.{seen[name]}")
    return out


def _bad_utf8_row(probe: Probe, skip: int) -> int | None:
    """The first record (spreadsheet row) whose bytes are not valid in the file's encoding."""
    decoder = codecs.getincrementaldecoder(probe.encoding)()
    with open_stream(probe) as stream:
        for number, line in enumerate(stream, start=1):
            try:
                decoder.decode(line)
            except UnicodeDecodeError:
                return number
    return None


def _long_line(probe: Probe) -> int | None:
    with open_stream(probe) as stream:
        number = 0
        while True:
            line = stream.readline(BLOCK_BYTES + 1)
            if not line:
                return None
            number += 1
            if len(line) > BLOCK_BYTES:
                return number


def _translate(probe: Probe, exc: Exception, names: list[str], skip: int) -> ImportFileError:
    text = str(exc)
    match = _ROW_ERROR.search(text)
    if match:
        row, expected, got = (int(g) for g in match.groups())
        return ImportFileError(
            probe.path,
            f"has {got:,} fields",
            row=row,
            expected=f"{expected} fields, one per column of the header",
        )
    if "straddl" in text or "exceeds" in text:
        line = _long_line(probe)
        return ImportFileError(
            probe.path,
            f"a line is longer than {BLOCK_BYTES // 1024**2} MB",
            row=line,
            expected="records of ordinary length (a line this long is not a publisher's table)",
        )
    if "UTF8" in text or "UTF-8" in text or isinstance(exc, UnicodeDecodeError):
        column = _COLUMN_ERROR.search(text)
        name = names[int(column.group(1))] if column and int(column.group(1)) < len(names) else None
        return ImportFileError(
            probe.path,
            f"text that is not {probe.encoding}",
            row=_bad_utf8_row(probe, skip),
            column=name,
            expected=f"{probe.encoding} throughout (pass --encoding for another)",
        )
    return ImportFileError(probe.path, f"cannot be read as CSV ({text[:200]})")


def csv_frames(
    probe: Probe,
    header_at: int,
    skip_after: int = 0,
    progress: Progress | None = None,
) -> Iterator[pd.DataFrame]:
    """Data rows after the header record `header_at` (and `skip_after` rows such as an HXL tag
    row), as string frames with `_row`."""
    names = unique_names(probe.records[header_at])
    read = pacsv.ReadOptions(
        skip_rows=header_at + 1 + skip_after,
        column_names=names,
        block_size=BLOCK_BYTES,
        use_threads=False,
        encoding=probe.encoding if probe.encoding != "utf-8" else "utf8",
    )
    parse = pacsv.ParseOptions(delimiter=probe.delimiter, newlines_in_values=True)
    convert = pacsv.ConvertOptions(
        column_types={n: pa.string() for n in names},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    first = header_at + skip_after + 2
    done = 0
    with open_stream(probe, progress) as stream:
        try:
            reader = pacsv.open_csv(stream, read, parse, convert)
            for batch in reader:
                frame = batch.to_pandas()
                frame[ROW] = range(first + done, first + done + len(frame))
                done += len(frame)
                yield frame
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise _translate(probe, exc, names, header_at + 1 + skip_after) from exc


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_frames(
    probe: Probe, sheet: str, header_at: int, progress: Progress | None = None
) -> Iterator[pd.DataFrame]:
    """Rows of one sheet after its header row, as string frames with `_row` ("Sheet!row 57").
    A formula cell is refused: publishers ship values."""
    from openpyxl import load_workbook

    book = load_workbook(probe.path, read_only=True, data_only=False)
    try:
        ws = book[sheet]
        header = unique_names([_cell_text(v) for v in probe.sheets[sheet][header_at]])
        width = len(header)
        batch: list[list[str]] = []
        rows: list[str] = []
        first = header_at + 2
        total = ws.max_row or 0
        for number, row in enumerate(ws.iter_rows(min_row=first), start=first):
            cells = list(row)[:width]
            values = []
            for col, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f":
                    raise ImportFileError(
                        probe.path,
                        f"holds a formula ({str(cell.value)[:40]})",
                        row=f"sheet {sheet}!row {number}",
                        column=header[col] if col < width else None,
                        expected="a value, as the publisher ships it",
                    )
                values.append(_cell_text(cell.value))
            if not any(values):
                continue
            values += [""] * (width - len(values))
            batch.append(values)
            rows.append(f"sheet {sheet}!row {number}")
            if len(batch) >= XLSX_BATCH_ROWS:
                yield _frame(batch, header, rows)
                batch, rows = [], []
                if progress:
                    progress(number, total)
        if batch:
            yield _frame(batch, header, rows)
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(
            probe.path,
            f"sheet {sheet!r} cannot be read ({exc.__class__.__name__}: {exc})",
            expected="a complete workbook",
        ) from exc
    finally:
        book.close()


def _frame(batch: list[list[str]], header: list[str], rows: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(batch, columns=header, dtype=object)
    frame[ROW] = rows
    return frame


__all__ = ["MAX_LINE_BYTES", "csv_frames", "sheet_frames", "unique_names"]
