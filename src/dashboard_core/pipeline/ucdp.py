"""UCDP/PRIO Armed Conflict Dataset v25.1 (CC BY 4.0) -> the `conflicts` table: one row per
conflict and year located in the six countries, with UCDP's intensity for that year.

UCDP codes intensity per year: 1 = 25 to 999 battle-related deaths, 2 = 1,000 or more. It gives
no toll of its own in this dataset, so none is shown: only the band.

Quirks of the copy (re-saved by a spreadsheet program; one test each in
tests/pipeline/test_ucdp.py): fields separated by semicolons; dates written d-m-yyyy; list
cells ("side_b", "gwno_loc") separated by ", " with stray spaces and trailing commas or blanks
around items; some side names begin with a space.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard_core.data import contract

FILE = "conflict/ucdp_prio_acd_v25_1_CA_AFG.csv"
SOURCE_ID = "ucdp-prio-acd"
# Gleditsch-Ward country numbers found in gwno_loc -> ISO3 (UCDP codebook, appendix).
GW_TO_ISO3: dict[str, str] = {
    "2": "USA",
    "200": "GBR",
    "365": "RUS",
    "700": "AFG",
    "701": "TKM",
    "702": "TJK",
    "703": "KGZ",
    "704": "UZB",
    "705": "KAZ",
    "770": "PAK",
}
CONFLICT_TYPES: dict[str, str] = {
    "1": "extrasystemic",
    "2": "interstate",
    "3": "intrastate",
    "4": "internationalised intrastate",
}
INCOMPATIBILITIES: dict[str, str] = {
    "1": "territory",
    "2": "government",
    "3": "territory and government",
}
INTENSITY_LABELS: dict[int, str] = {
    1: "25 to 999 battle-related deaths in the year",
    2: "1,000 or more battle-related deaths in the year",
}
EXTRA_COLUMNS: tuple[str, ...] = ("intensity_label", "ucdp_version")


def split_cell(cell: object) -> list[str]:
    """', '-separated list cell -> items, stray spaces and empty items (trailing commas) gone."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return []
    return [item.strip() for item in str(cell).split(",") if item.strip()]


def parse_dmy(cell: object, where: str) -> pd.Timestamp | None:
    """'12-8-2024' (day-month-year, as the spreadsheet re-saved it) -> 2024-08-12."""
    text = "" if cell is None or (isinstance(cell, float) and pd.isna(cell)) else str(cell).strip()
    if not text:
        return None
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        raise ValueError(f"{where}: date {text!r} is not d-m-yyyy")
    day, month, year = (int(p) for p in parts)
    return pd.Timestamp(year, month, day)


def read_raw(realdata: Path) -> pd.DataFrame:
    path = realdata / FILE
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    needed = {"conflict_id", "location", "side_a", "side_b", "year", "intensity_level"}
    missing = needed - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: header lacks {', '.join(sorted(missing))} (semicolon-separated)")
    return frame


def _iso3_list(cell: str, where: str) -> str:
    codes = []
    for gw in split_cell(cell):
        if gw not in GW_TO_ISO3:
            raise ValueError(f"{where}: Gleditsch-Ward code {gw} has no ISO3 in GW_TO_ISO3")
        codes.append(GW_TO_ISO3[gw])
    return contract.LIST_SEPARATOR.join(codes)


def _names(cell: str) -> str:
    return contract.LIST_SEPARATOR.join(split_cell(cell))


def load_conflicts(realdata: Path) -> pd.DataFrame:
    """The conflict-years as clean rows (list cells ';'-joined, dates as dates)."""
    raw = read_raw(realdata)
    rows = []
    for line, record in enumerate(raw.to_dict("records"), start=2):
        where = f"{FILE} line {line}"
        intensity = int(record["intensity_level"])
        if intensity not in INTENSITY_LABELS:
            raise ValueError(f"{where}: intensity_level {intensity} is not 1 or 2")
        rows.append(
            {
                "conflict_id": record["conflict_id"].strip(),
                "year": int(record["year"]),
                "location": _names(record["location"]),
                "location_iso3": _iso3_list(record["gwno_loc"], where),
                "side_a": _names(record["side_a"]),
                "side_a_2nd": _names(record["side_a_2nd"]),
                "side_b": _names(record["side_b"]),
                "side_b_2nd": _names(record["side_b_2nd"]),
                "incompatibility": INCOMPATIBILITIES[record["incompatibility"].strip()],
                "territory_name": record["territory_name"].strip(),
                "type_of_conflict": CONFLICT_TYPES[record["type_of_conflict"].strip()],
                "intensity_level": intensity,
                "intensity_label": INTENSITY_LABELS[intensity],
                "start_date": parse_dmy(record["start_date"], where),
                "start_date2": parse_dmy(record["start_date2"], where),
                "ep_end_date": parse_dmy(record["ep_end_date"], where),
                "source_id": SOURCE_ID,
                "locator": f"ucdp-acd-v{record['version'].strip()}#L{line}",
                "verification": "official_release",
                "ucdp_version": record["version"].strip(),
            }
        )
    frame = pd.DataFrame(rows)
    if frame.duplicated(["conflict_id", "year"]).any():
        raise ValueError(f"{FILE}: a conflict repeats within a year")
    for column in ("start_date", "start_date2", "ep_end_date"):
        frame[column] = pd.to_datetime(frame[column])
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].replace("", pd.NA)
    return frame[[*contract.TABLE_COLUMNS["conflicts"], *EXTRA_COLUMNS]]
