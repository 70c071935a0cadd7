"""Bureau of National Statistics of Kazakhstan (stat.gov.kz), "Main indicators of foreign trade
by country", editions 2019-2023 -> trade rows: turnover, exports and imports by partner,
2018-2023, thousand US dollars, Russian names only.

Each edition holds a sheet for its year and one for the year before, and revises that earlier
year: the latest edition's figure is kept for each year, and the row's `source_id` names the
edition it came from (statgovkz-2019 ... statgovkz-2023). Quirks (tests/pipeline/test_statgovkz.py):
- the 2023 edition opens with a cover, a legend, contents and methodology sheets (no figures);
- the header sits on row 4 or 5 depending on the edition, so columns are found from the row
  that starts with "Всего" (the total), whose columns 2, 4 and 6 are turnover, exports, imports;
- names come in several spellings across editions ("Антигуа и Барбуда" / "Антигуа И Барбуда");
- an empty cell is a gap; the share columns (% of the total) are not read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from dashboard_core.pipeline.partners import (
    UnmappedPartnerError,
    cell_name,
    normalise_name,
    partner_table,
)
from dashboard_core.pipeline.statkg import EXTRA_COLUMNS, trade_rows

PUBLISHER = "stat.gov.kz"
EDITIONS: tuple[int, ...] = (2019, 2020, 2021, 2022, 2023)
FILE_PATTERN = "trade/statgovkz_foreign_trade_by_country_{edition}.xls"
FLOW_COLUMNS: dict[str, tuple[int, str]] = {
    "turnover": (1, "Товарооборот"),
    "export": (3, "Экспорт"),
    "import": (5, "Импорт"),
}
UNIT_ORIGINAL = "thousand USD"
_YEAR = re.compile(r"(19|20)\d\d")

__all__ = ["EXTRA_COLUMNS", "load_statgovkz_trade", "read_edition", "source_id"]


def source_id(edition: int) -> str:
    return f"statgovkz-{edition}"


def figure_sheets(path: Path) -> dict[str, tuple[int, pd.DataFrame]]:
    """Sheets holding figures: {sheet name: (year, cells)}; the year is read from the title
    line ("за январь-декабрь 2019 года", "2022 год")."""
    out: dict[str, tuple[int, pd.DataFrame]] = {}
    for name, frame in pd.read_excel(path, sheet_name=None, header=None, engine="calamine").items():
        if frame.shape[1] < 7:
            continue  # cover, legend, contents, methodology
        title = " ".join(str(frame.iat[r, 0]) for r in range(2) if pd.notna(frame.iat[r, 0]))
        found = _YEAR.search(title.split("торговли", 1)[-1])
        if found is None:
            raise ValueError(f"{path.name}, sheet {name}: no year in the title {title!r}")
        out[str(name)] = (int(found.group(0)), frame)
    return out


def _total_row(frame: pd.DataFrame, where: str) -> int:
    for row in range(min(len(frame), 12)):
        if normalise_name(frame.iat[row, 0]).startswith("Всего"):
            return row
    raise ValueError(f"{where}: no 'Всего' (total) row in the first 12 rows")


def _check_header(frame: pd.DataFrame, total: int, where: str) -> None:
    """Each flow's label ("Экспорт", in any case) must head its column."""
    for column, label in FLOW_COLUMNS.values():
        header = " ".join(normalise_name(frame.iat[r, column]) for r in range(total))
        if label.casefold() not in header.casefold():
            raise ValueError(f"{where}: column {cell_name(column, 0)[:-1]} is not headed {label!r}")


def read_edition(realdata: Path, raw_dir: Path, edition: int) -> tuple[pd.DataFrame, list[str]]:
    """Long rows of every figure sheet of one edition, and unmapped-name problems."""
    path = realdata / FILE_PATTERN.format(edition=edition)
    names = partner_table(raw_dir)
    rows: list[dict] = []
    problems: list[str] = []
    for sheet, (year, frame) in figure_sheets(path).items():
        where = f"{path.name}, sheet {sheet}"
        total = _total_row(frame, where)
        _check_header(frame, total, where)
        for row in range(total + 1, len(frame)):
            name = frame.iat[row, 0]
            values = {flow: frame.iat[row, col] for flow, (col, _) in FLOW_COLUMNS.items()}
            if not isinstance(name, str) or not name.strip():
                if any(pd.notna(v) for v in values.values()):
                    problems.append(f"{where}, row {row + 1}: figures without a name")
                continue
            partner = names.get((PUBLISHER, normalise_name(name)))
            if partner is None:
                problems.append(f"{where}, row {row + 1}: {normalise_name(name)!r}")
                continue
            if partner.kind != "country":
                continue
            for flow, (column, _) in FLOW_COLUMNS.items():
                value = values[flow]
                if pd.isna(value) or (isinstance(value, str) and not value.strip()):
                    continue  # a gap stays a gap
                if isinstance(value, str):
                    raise ValueError(f"{where} {cell_name(column, row)}: text {value!r}")
                rows.append(
                    {
                        "partner_iso3": partner.iso3,
                        "flow": flow,
                        "year": year,
                        "value_original": float(value),
                        "source_id": source_id(edition),
                        "locator": f"{source_id(edition)}#{sheet}!{cell_name(column, row)}",
                        "partner_name_original": normalise_name(name),
                        "note": None,
                        "edition": edition,
                    }
                )
    return pd.DataFrame(rows), problems


def latest_editions(long: pd.DataFrame) -> pd.DataFrame:
    """For each year, only the rows of the latest edition that covers it."""
    latest = long.groupby("year")["edition"].transform("max")
    return long[long["edition"] == latest]


def load_statgovkz_trade(realdata: Path, raw_dir: Path) -> pd.DataFrame:
    """Kazakhstan's goods turnover, exports and imports by partner, 2018-2023, US dollars."""
    parts, problems = [], []
    for edition in EDITIONS:
        frame, found = read_edition(realdata, raw_dir, edition)
        parts.append(frame)
        problems += found
    if problems:
        raise UnmappedPartnerError(problems)
    long = latest_editions(pd.concat(parts, ignore_index=True))
    duplicated = long.duplicated(["partner_iso3", "flow", "year"], keep=False)
    if duplicated.any():
        first = long[duplicated].iloc[0]
        raise ValueError(
            f"stat.gov.kz: {first['partner_iso3']} {first['flow']} {first['year']} appears twice "
            f"in edition {first['edition']} ({first['locator']})"
        )
    return trade_rows(long.reset_index(drop=True), "KAZ", UNIT_ORIGINAL)
