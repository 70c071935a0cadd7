"""Turning publisher cells into contract values, and the rules every importer applies alike:
numbers checked cell by cell (a wrong value names its row and column), the region and period a
row must fall in, and the provenance columns of an imported row.

Gaps stay gaps: an empty cell, `-`, `..` or UNHCR's `*` (a confidential figure) becomes a
missing value, never a zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard_core.data import contract
from dashboard_core.data.filters import Filters, row_mask
from dashboard_core.importers.base import ROW, ImportReport, ReadContext

GAP_MARKERS = frozenset({"", "-", "..", "*", "NA", "N/A", "n/a", "NaN", "nan", "null", "None"})
IMPORTED = "imported"
RAW_DOWNLOAD_COLUMN = contract.RAW_DOWNLOAD_COLUMN
_YEAR_SPAN = (1900, 2100)


@dataclass(frozen=True)
class Scope:
    """Which rows an import keeps: those touching the region, within the period."""

    countries: tuple[str, ...] = contract.FOCUS_ISO3
    years: tuple[int, int] = _YEAR_SPAN

    def describe(self) -> str:
        return f"{', '.join(self.countries)}; {self.years[0]}-{self.years[1]}"


def _bad(ctx: ReadContext, frame: pd.DataFrame, bad: pd.Series, column: str, expected: str):
    first = bad[bad].index[0]
    value = str(frame.at[first, column])[:60]
    more = int(bad.sum()) - 1
    extra = f" ({more:,} more rows like it in this batch)" if more else ""
    return ctx.fail(
        f"holds {value!r}{extra}",
        row=_where(frame.at[first, ROW]),
        column=column,
        expected=expected,
    )


def _where(row: object) -> str | int:
    return int(row) if isinstance(row, int | np.integer) else str(row)


def numbers(
    ctx: ReadContext,
    frame: pd.DataFrame,
    column: str,
    *,
    non_negative: bool = True,
    integer: bool = False,
    thousands: str | None = None,
) -> pd.Series:
    """A text column as floats; gap markers become NaN; anything else that is not a number
    (or is negative where counts are expected) refuses the file, naming row and column."""
    text = frame[column].astype("string").str.strip()
    if thousands:
        text = text.str.replace(thousands, "", regex=False)
    gap = text.isin(GAP_MARKERS) | text.isna()
    values = pd.to_numeric(text.where(~gap), errors="coerce")
    what = "a whole number" if integer else "a number"
    if non_negative:
        what = f"{what} of 0 or more"
    bad = values.isna() & ~gap
    if non_negative:
        bad |= values.lt(0).fillna(False)
    if integer:
        bad |= (values.notna() & (values % 1 != 0)).fillna(False)
    if bad.any():
        raise _bad(ctx, frame, bad, column, f"{what}, or empty for a gap")
    if (text == "*").any():
        ctx.report.note(f"'*' in {column!r} (a confidential figure) kept as a gap, not as zero")
    return values.astype("float64")


def years(ctx: ReadContext, frame: pd.DataFrame, column: str) -> pd.Series:
    values = numbers(ctx, frame, column, integer=True)
    bad = values.isna() | ~values.between(*_YEAR_SPAN)
    if bad.any():
        raise _bad(ctx, frame, bad, column, f"a year between {_YEAR_SPAN[0]} and {_YEAR_SPAN[1]}")
    return values.astype("int64")


def coordinates(ctx: ReadContext, frame: pd.DataFrame, lat: str, lon: str) -> tuple:
    la = numbers(ctx, frame, lat, non_negative=False)
    lo = numbers(ctx, frame, lon, non_negative=False)
    bad_lat = la.notna() & ~la.between(-90, 90)
    if bad_lat.any():
        raise _bad(ctx, frame, bad_lat, lat, "a latitude between -90 and 90")
    bad_lon = lo.notna() & ~lo.between(-180, 180)
    if bad_lon.any():
        raise _bad(ctx, frame, bad_lon, lon, "a longitude between -180 and 180")
    return la, lo


def year_periods(year: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = year.astype("Int64").astype("string")
    return pd.to_datetime(text + "-01-01"), pd.to_datetime(text + "-12-31")


def in_scope(frame: pd.DataFrame, dataset: str, scope: Scope, report: ImportReport) -> pd.DataFrame:
    """The rows in the region and period; the others counted as set aside, with an example."""
    if frame.empty:
        return frame
    region = row_mask(frame, dataset, Filters(countries=scope.countries, years=(-9999, 9999)))
    report.set_rows_aside(
        f"outside the region ({', '.join(scope.countries)})", frame.loc[~region, ROW]
    )
    inside = frame.loc[region]
    if scope.years == _YEAR_SPAN or inside.empty:
        return inside
    period = row_mask(inside, dataset, Filters(countries=scope.countries, years=scope.years))
    report.set_rows_aside(
        f"outside the period {scope.years[0]}-{scope.years[1]}", inside.loc[~period, ROW]
    )
    return inside.loc[period]


def set_aside(frame: pd.DataFrame, mask: pd.Series, reason: str, report: ImportReport):
    """Drop the rows of `mask`, counting them in the report under `reason`."""
    report.set_rows_aside(reason, frame.loc[mask, ROW])
    return frame.loc[~mask]


def locator(rows: pd.Series) -> pd.Series:
    """`row 1234` for CSV rows; sheet and feature locators are already words."""
    if pd.api.types.is_integer_dtype(rows):
        return "row " + rows.astype("string")
    return rows.astype("string")


def finish(frame: pd.DataFrame, dataset: str, source_id: str, raw_ok: bool) -> pd.DataFrame:
    """Contract column order (missing contract columns empty), provenance of an imported row,
    publisher-specific extras after."""
    out = frame.copy()
    out["source_id"] = source_id
    out["locator"] = locator(out[ROW])
    out["verification"] = IMPORTED
    out[RAW_DOWNLOAD_COLUMN] = raw_ok
    columns = list(contract.TABLE_COLUMNS[dataset])
    for column in columns:
        if column not in out.columns:
            out[column] = pd.NA
    extras = [c for c in out.columns if c not in columns and c != ROW]
    return out[[*columns, *extras]].reset_index(drop=True)
