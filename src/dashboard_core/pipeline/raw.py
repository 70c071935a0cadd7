"""Reading the hand-entered tables in data/raw/ with messages that name file, row and column.

Each folder under data/raw/ holds one or more CSV files for one table; they are concatenated.
A problem
never raises a traceback at the user: it is collected as a `RawIssue` and reported together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard_core.data import contract

# Columns every raw file of a table must have (beyond these, extra columns are kept).
RAW_REQUIRED: dict[str, tuple[str, ...]] = {
    "sources": contract.TABLE_COLUMNS["sources"],
    "trade": (
        *contract.TABLE_COLUMNS["trade"],
        "cited_source",
        "note",
    ),
    "displacement": (*contract.TABLE_COLUMNS["displacement"], "cited_source", "note"),
    "incidents": tuple(
        c
        for c in contract.TABLE_COLUMNS["incidents"]
        if c not in ("lat", "lon", *contract.PROVINCE_COLUMNS)  # the build adds these
    )
    + ("place_name", "place_geonameid", "cited_source", "note"),
    "corridors": (
        *contract.TABLE_COLUMNS["corridors"],
        "waypoints",
        "waypoint_names",
        "cited_source",
        "note",
    ),
    "events": (*contract.TABLE_COLUMNS["events"], "corridor_ids", "cited_source", "note"),
}

ENUMS: dict[str, dict[str, tuple[str, ...]]] = {
    "trade": {
        "flow": contract.TRADE_FLOWS,
        "measure": contract.TRADE_MEASURES,
        "verification": contract.VERIFICATION_LEVELS,
    },
    "displacement": {
        "measure": contract.DISPLACEMENT_MEASURES,
        "group": contract.DISPLACEMENT_GROUPS,
        "population_type": contract.POPULATION_TYPES,
        "verification": contract.VERIFICATION_LEVELS,
    },
    "incidents": {
        "date_precision": contract.DATE_PRECISIONS,
        "geo_precision": contract.GEO_PRECISIONS,
        "event_type": contract.INCIDENT_TYPES,
        "verification": contract.VERIFICATION_LEVELS,
    },
    "corridors": {
        "mode": contract.CORRIDOR_MODES,
        "status": contract.CORRIDOR_STATUSES,
        "geometry_precision": contract.GEOMETRY_PRECISIONS,
        "verification": contract.VERIFICATION_LEVELS,
    },
    "events": {
        "date_precision": contract.DATE_PRECISIONS,
        "category": contract.EVENT_CATEGORIES,
        "verification": contract.VERIFICATION_LEVELS,
    },
    "sources": {"kind": contract.SOURCE_KINDS},
}

NUMERIC: dict[str, tuple[str, ...]] = {
    "trade": ("year", "value_usd", "value_original"),
    "displacement": ("year", "value"),
    "incidents": ("fatalities_min", "fatalities_max", "injuries", "place_geonameid"),
    "corridors": ("length_km", "cost_usd_min", "cost_usd_max", "start_year", "completion_year"),
    "events": ("amount_usd",),
}
DATES: dict[str, tuple[str, ...]] = {
    "trade": ("period_start", "period_end"),
    "displacement": ("period_start", "period_end"),
    "incidents": ("date_start", "date_end"),
    "events": ("date",),
}
REQUIRED_VALUES: dict[str, tuple[str, ...]] = {
    "trade": ("reporter_iso3", "partner_iso3", "flow", "year", "measure", "source_id", "locator"),
    "displacement": (
        "origin_iso3",
        "location_iso3",
        "population_type",
        "measure",
        "group",
        "year",
        "value",
        "source_id",
        "locator",
    ),
    "incidents": ("incident_id", "date_start", "country_iso3", "place_geonameid", "source_id"),
    "corridors": ("corridor_id", "name", "mode", "status", "waypoints", "source_id", "locator"),
    "events": ("event_id", "date", "category", "title", "source_id", "locator"),
    "sources": ("source_id", "title", "kind"),
}
# Rows typed by hand may only claim these levels; official_release is the pipeline's to give.
HAND_ENTERED_LEVELS = ("seed_verified", "reported")


@dataclass(frozen=True)
class RawIssue:
    """One problem in one cell (or row, or file) of a raw table."""

    file: str
    row: int | None  # 1-based data row, as a spreadsheet shows it under the header (header = row 1)
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class RawDataError(ValueError):
    """Raised with every issue found, so one run shows them all."""

    def __init__(self, issues: list[RawIssue]):
        self.issues = issues
        lines = "\n".join(f"  - {issue}" for issue in issues[:50])
        more = f"\n  ... and {len(issues) - 50} more" if len(issues) > 50 else ""
        super().__init__(f"{len(issues)} problem(s) in data/raw:\n{lines}{more}")


def read_raw_table(table: str, raw_dir: Path) -> tuple[pd.DataFrame, list[RawIssue]]:
    """Concatenate data/raw/<table>/*.csv as strings, with `_file` and `_row` for messages."""
    folder = raw_dir / table
    frames: list[pd.DataFrame] = []
    issues: list[RawIssue] = []
    for path in sorted(folder.glob("*.csv")):
        name = (
            str(path.relative_to(raw_dir.parent)) if raw_dir.parent in path.parents else path.name
        )
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            issues.append(RawIssue(name, None, None, f"cannot be read as UTF-8 CSV ({exc})"))
            continue
        missing = [c for c in RAW_REQUIRED.get(table, ()) if c not in frame.columns]
        if missing:
            issues.append(RawIssue(name, 1, None, f"header lacks column(s) {', '.join(missing)}"))
            continue
        frame = frame.map(lambda v: v.strip() if isinstance(v, str) else v)
        frame = frame.replace("", pd.NA)
        frame["_file"] = name
        frame["_row"] = range(2, len(frame) + 2)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=[*RAW_REQUIRED.get(table, ()), "_file", "_row"]), issues
    return pd.concat(frames, ignore_index=True), issues


def check_and_type(table: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[RawIssue]]:
    """Check required values, enums, numbers and dates; return typed columns."""
    issues: list[RawIssue] = []
    out = frame.copy()

    def issue(i: int, column: str | None, message: str) -> None:
        issues.append(
            RawIssue(str(frame.at[i, "_file"]), int(frame.at[i, "_row"]), column, message)
        )

    for column in REQUIRED_VALUES.get(table, ()):
        for i in frame.index[frame[column].isna()]:
            issue(i, column, "is empty but required")
    for column, allowed in ENUMS.get(table, {}).items():
        bad = frame[column].notna() & ~frame[column].isin(allowed)
        for i in frame.index[bad]:
            issue(i, column, f"{frame.at[i, column]!r} is not one of {', '.join(allowed)}")
    if "verification" in frame.columns:
        official = frame["verification"] == "official_release"
        for i in frame.index[official.fillna(False)]:
            issue(i, "verification", "official_release is set by the pipeline, not typed by hand")
    for column in NUMERIC.get(table, ()):
        parsed = pd.to_numeric(frame[column], errors="coerce")
        for i in frame.index[frame[column].notna() & parsed.isna()]:
            issue(i, column, f"{frame.at[i, column]!r} is not a number")
        for i in frame.index[parsed < 0]:
            issue(i, column, f"{frame.at[i, column]!r} is negative")
        out[column] = parsed
    for column in DATES.get(table, ()):
        parsed = pd.to_datetime(frame[column], format="%Y-%m-%d", errors="coerce")
        for i in frame.index[frame[column].notna() & parsed.isna()]:
            issue(i, column, f"{frame.at[i, column]!r} is not an ISO date (YYYY-MM-DD)")
        out[column] = parsed
    for column in [c for c in frame.columns if c.endswith("_iso3")]:
        bad = frame[column].notna() & ~frame[column].astype("string").str.fullmatch(
            r"[A-Z0-9]{3,5}"
        )
        for i in frame.index[bad.fillna(False)]:
            issue(i, column, f"{frame.at[i, column]!r} is not an upper-case ISO3 code")
    return out, issues


def check_unique(frame: pd.DataFrame, key: str) -> list[RawIssue]:
    dupes = frame[frame[key].notna() & frame[key].duplicated(keep="first")]
    return [
        RawIssue(str(r["_file"]), int(r["_row"]), key, f"{r[key]!r} appears more than once")
        for _, r in dupes.iterrows()
    ]
