"""Periods: a full year, a month or any other span, its label, and gap-aware series.

Rules these helpers keep: a full calendar year is the only period drawn on an annual line; any
other period (a quarter, nine months, a single month or day) stays a separate point with its own
label; years with no figure break a line instead of being bridged.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

MONTHS: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def to_dates(values: pd.Series) -> pd.Series:
    """Any date-like column (dates, strings, timestamps) as datetime64; blanks become NaT."""
    return pd.to_datetime(values, errors="coerce")


def period_kinds(start: pd.Series, end: pd.Series) -> pd.Series:
    """`year` (1 Jan - 31 Dec of one year), `month` (one whole calendar month), `partial` (any
    other dated period) or `undated` (start or end missing)."""
    s, e = to_dates(start), to_dates(end)
    kind = pd.Series("partial", index=start.index, dtype="object")
    full_year = (
        (s.dt.month == 1)
        & (s.dt.day == 1)
        & (e.dt.month == 12)
        & (e.dt.day == 31)
        & (s.dt.year == e.dt.year)
    )
    month = (
        (s.dt.day == 1)
        & (s.dt.year == e.dt.year)
        & (s.dt.month == e.dt.month)
        & (e.dt.day == e.dt.days_in_month)
    )
    kind[month.fillna(False)] = "month"
    kind[full_year.fillna(False)] = "year"
    kind[s.isna() | e.isna()] = "undated"
    return kind


def period_label(start: object, end: object) -> str:
    """A short human label: `2024`, `Sep 2022`, `Jan-Sep 2024`, `27 Nov 2019`, `2019-2023`."""
    s, e = pd.to_datetime(start, errors="coerce"), pd.to_datetime(end, errors="coerce")
    if pd.isna(s) and pd.isna(e):
        return "date not stated"
    if pd.isna(s):
        return f"until {day_label(e)}"
    if pd.isna(e):
        return f"since {s.year}" if (s.month, s.day) == (1, 1) else f"since {day_label(s)}"
    month_end = e.day == e.days_in_month
    if s == e:
        return f"{s.day} {MONTHS[s.month - 1]} {s.year}"
    if s.day == 1 and s.month == 1 and e.month == 12 and e.day == 31:
        return str(s.year) if s.year == e.year else f"{s.year}-{e.year}"
    if s.day == 1 and month_end:
        if s.year == e.year and s.month == e.month:
            return f"{MONTHS[s.month - 1]} {s.year}"
        if s.year == e.year:
            return f"{MONTHS[s.month - 1]}-{MONTHS[e.month - 1]} {s.year}"
        return f"{MONTHS[s.month - 1]} {s.year}-{MONTHS[e.month - 1]} {e.year}"
    return f"{s.day} {MONTHS[s.month - 1]} {s.year}-{e.day} {MONTHS[e.month - 1]} {e.year}"


def day_label(d: pd.Timestamp) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def months_label(months: Sequence[int], year: int) -> str:
    """Label for a set of calendar months summed within one year."""
    ms = sorted(set(int(m) for m in months))
    if not ms:
        return str(year)
    if ms == list(range(ms[0], ms[-1] + 1)):
        if len(ms) == 1:
            return f"{MONTHS[ms[0] - 1]} {year}"
        return f"{MONTHS[ms[0] - 1]}-{MONTHS[ms[-1] - 1]} {year}"
    return f"{len(ms)} months of {year}"


def add_segments(df: pd.DataFrame, keys: Sequence[str], year_col: str = "year") -> pd.DataFrame:
    """Add `segment`: an id that changes whenever a series skips a year, so a line drawn with
    `detail=segment` never bridges a gap. Rows must be one per (keys, year)."""
    if df.empty:
        return df.assign(segment=pd.Series(dtype="object"))
    out = df.sort_values([*keys, year_col]).copy()
    key = out[keys[0]].astype(str)
    for k in keys[1:]:
        key = key + " | " + out[k].astype(str)
    years = out[year_col].astype(int)
    new_run = (key != key.shift()) | (years - years.shift() != 1)
    out["segment"] = key + " #" + new_run.cumsum().astype(str)
    return out


def run_lengths(df: pd.DataFrame) -> pd.Series:
    """How many points each segment has (a one-point segment is drawn as a point only)."""
    return df.groupby("segment")["segment"].transform("size")


def span_of(frame: pd.DataFrame | None, fallback: Sequence[int], col: str = "year") -> tuple:
    """(first, last) year a chart draws, so key events never stretch its axis."""
    if frame is None or frame.empty or col not in frame:
        return tuple(fallback)
    return int(frame[col].min()), int(frame[col].max())
