"""National Statistical Committee of the Kyrgyz Republic (stat.kg) tables 4.03.00.18 and
4.03.00.20 -> trade rows: Kyrgyzstan's exports and imports of goods by country, 1994-2023,
thousand US dollars.

Layout quirks (one test each in tests/pipeline/test_statkg.py):
- three name columns (Kyrgyz, Russian, English); partners are matched on the English one;
- the header row (years) is row 4 in the exports file and row 3 in the imports file, and the
  imports file's last year reads "2023 1": footnote 1 at the bottom says "Preliminary data";
- group rows (Total, The EU, CIS, SCO, EAEU, continents) sit between partner rows and are
  skipped (see `partners`); "Undefined country" is an unallocated remainder, also skipped;
- `-` means no value: a gap, never a zero; a printed 0 is kept as published.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from dashboard_core.data import contract
from dashboard_core.pipeline.partners import (
    Partner,
    UnmappedPartnerError,
    cell_name,
    normalise_name,
    partner_table,
)

PUBLISHER = "stat.kg"
FILES: dict[str, tuple[str, str]] = {
    "export": (
        "trade/statkg_4.03.00.18_KGZ_exports_by_country_1994-2023_thousand_USD.xlsx",
        "statkg-4.03.00.18",
    ),
    "import": (
        "trade/statkg_4.03.00.20_KGZ_imports_by_country_1994-2023_thousand_USD.xlsx",
        "statkg-4.03.00.20",
    ),
}
NAME_COLUMN = 2  # English
FIRST_YEAR_COLUMN = 3
NO_VALUE = ("-", "–", "")
UNIT_ORIGINAL = "thousand USD"
PRELIMINARY_NOTE = "preliminary figure (footnote of the stat.kg table)"
_HEADER_YEAR = re.compile(r"^\s*(?P<year>(19|20)\d\d)(?:\s+(?P<mark>\d))?\s*$")
EXTRA_COLUMNS: tuple[str, ...] = ("unit_original", "partner_name_original", "note")


def _sheet(path: Path) -> tuple[str, pd.DataFrame]:
    """The first sheet with cells (the imports workbook carries an empty second sheet)."""
    for name, frame in pd.read_excel(path, sheet_name=None, header=None, engine="calamine").items():
        if not frame.empty:
            return str(name), frame
    raise ValueError(f"{path}: no sheet has any cell")


def header_years(frame: pd.DataFrame, path: Path) -> tuple[int, dict[int, tuple[int, str]]]:
    """(header row index, {column: (year, footnote mark)}) from the first row naming 1994."""
    for row in range(min(len(frame), 10)):
        cell = frame.iat[row, FIRST_YEAR_COLUMN]
        if str(cell).strip().split(" ")[0] in ("1994", "1994.0"):
            years: dict[int, tuple[int, str]] = {}
            for column in range(FIRST_YEAR_COLUMN, frame.shape[1]):
                value = frame.iat[row, column]
                if pd.isna(value):
                    continue
                text = str(int(value)) if isinstance(value, float) else str(value)
                match = _HEADER_YEAR.match(text)
                if match is None:
                    raise ValueError(f"{path} {cell_name(column, row)}: unreadable year {value!r}")
                years[column] = (int(match["year"]), match["mark"] or "")
            return row, years
    raise ValueError(f"{path}: no header row with the year 1994 in column D")


def footnotes(frame: pd.DataFrame, start: int) -> dict[str, str]:
    """Footnote mark -> text, from rows like '1 Preliminary data' in the English column."""
    notes: dict[str, str] = {}
    for row in range(start, len(frame)):
        text = frame.iat[row, NAME_COLUMN]
        if isinstance(text, str):
            match = re.match(r"^(\d)\s+(.+)$", text.strip())
            if match:
                notes[match[1]] = match[2]
    return notes


def _value(cell: object, where: str) -> float | None:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return None
    if isinstance(cell, str):
        if cell.strip() in NO_VALUE:
            return None
        try:
            return float(cell.replace(",", ".").replace(" ", ""))
        except ValueError as error:
            raise ValueError(f"{where}: unreadable value {cell!r}") from error
    return float(cell)


def read_flow(realdata: Path, raw_dir: Path, flow: str) -> tuple[pd.DataFrame, list[str]]:
    """Long rows of one table and the problems (unmapped names) found on the way."""
    relative, source_id = FILES[flow]
    path = realdata / relative
    sheet, frame = _sheet(path)
    header, years = header_years(frame, path)
    marks = footnotes(frame, header + 1)
    names = partner_table(raw_dir)
    rows: list[dict] = []
    problems: list[str] = []
    for row in range(header + 1, len(frame)):
        name = frame.iat[row, NAME_COLUMN]
        cells = {c: frame.iat[row, c] for c in years}
        if not isinstance(name, str) or not name.strip():
            where = f"{path.name} {sheet}!row {row + 1}"
            if any(_value(v, where) is not None for v in cells.values()):
                problems.append(
                    f"{path.name}, sheet {sheet}, row {row + 1}: figures without a name"
                )
            continue
        if re.match(r"^\d\s", name.strip()):
            continue  # a footnote line
        partner = names.get((PUBLISHER, normalise_name(name)))
        if partner is None:
            problems.append(f"{path.name}, sheet {sheet}, row {row + 1}: {name.strip()!r}")
            continue
        if partner.kind != "country":
            continue
        rows += _partner_rows(partner, name, cells, years, marks, source_id, sheet, row, path)
    return pd.DataFrame(rows), problems


def _partner_rows(
    partner: Partner,
    name: str,
    cells: dict[int, object],
    years: dict[int, tuple[int, str]],
    marks: dict[str, str],
    source_id: str,
    sheet: str,
    row: int,
    path: Path,
) -> list[dict]:
    out = []
    for column, cell in cells.items():
        where = f"{sheet}!{cell_name(column, row)}"
        value = _value(cell, f"{path.name} {where}")
        if value is None:
            continue  # a gap stays a gap
        year, mark = years[column]
        note = PRELIMINARY_NOTE if mark and "reliminary" in marks.get(mark, "") else None
        out.append(
            {
                "partner_iso3": partner.iso3,
                "year": year,
                "value_original": value,
                "locator": f"{source_id}#{where}",
                "source_id": source_id,
                "partner_name_original": normalise_name(name),
                "note": note,
            }
        )
    return out


def load_statkg_trade(realdata: Path, raw_dir: Path) -> pd.DataFrame:
    """Kyrgyzstan's goods exports and imports by partner country, full years, US dollars."""
    parts, problems = [], []
    for flow in FILES:
        frame, found = read_flow(realdata, raw_dir, flow)
        problems += found
        parts.append(frame.assign(flow=flow))
    if problems:
        raise UnmappedPartnerError(problems)
    return trade_rows(pd.concat(parts, ignore_index=True), "KGZ", UNIT_ORIGINAL)


def trade_rows(long: pd.DataFrame, reporter: str, unit: str) -> pd.DataFrame:
    """Contract trade rows from long (partner_iso3, flow, year, value_original in thousand USD,
    source_id, locator, partner_name_original, note) rows."""
    years = long["year"].astype("int64")
    index = long.index
    out = pd.DataFrame(
        {
            "reporter_iso3": pd.Series(reporter, index=index, dtype="string"),
            "partner_iso3": long["partner_iso3"].astype("string"),
            "flow": long["flow"].astype("string"),
            "commodity": pd.Series("TOTAL", index=index, dtype="string"),
            "period_start": pd.to_datetime(years.astype(str) + "-01-01"),
            "period_end": pd.to_datetime(years.astype(str) + "-12-31"),
            "year": years,
            "measure": pd.Series("observed", index=index, dtype="string"),
            # thousand USD as published; x1000 in decimal arithmetic of the printed digits
            "value_usd": (long["value_original"].round(6) * 1000).round(3).astype("float64"),
            "value_original": long["value_original"].astype("float64"),
            "currency_original": pd.Series("USD", index=index, dtype="string"),
            "source_id": long["source_id"].astype("string"),
            "locator": long["locator"].astype("string"),
            "verification": pd.Series("official_release", index=index, dtype="string"),
            "unit_original": pd.Series(unit, index=index, dtype="string"),
            "partner_name_original": long["partner_name_original"].astype("string"),
            "note": long["note"].astype("string"),
        }
    )
    order = ["partner_iso3", "flow", "year", "source_id", "locator"]
    out = out.sort_values(order, kind="mergesort").reset_index(drop=True)
    return out[[*contract.TABLE_COLUMNS["trade"], *EXTRA_COLUMNS]]
