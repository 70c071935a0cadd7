"""Country comparison across the four domains: one long table, per country, measure and year.

Every measure is a headline indicator of the registry (`data.indicators`): its yearly figures
per country come from `indicators.yearly`, so Compare shows the value, year and source that
the Overview and the domain pages show. Rules live there: the trade source precedence (own
official release, partner's, documents), UNHCR for people hosted, abroad and returning, incidents
counted for both countries of a pair. A year without a figure has no row (a gap, never a zero:
no incident recorded is not zero incidents). Corridors are counted by current status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard_core.data import indicators
from dashboard_core.data.contract import CORRIDOR_STATUSES
from dashboard_core.data.filters import corridor_in_years
from dashboard_core.data.loading import split_list

MIN_COUNTRIES, MAX_COUNTRIES = 2, 6

# measure -> (label, unit, domain, summary basis), straight from the registry.
MEASURES: dict[str, tuple[str, str, str, str]] = {
    i.key: (i.title, i.unit, i.domain, i.basis) for i in indicators.INDICATORS
}
TIME_MEASURES: tuple[str, ...] = tuple(m for m, v in MEASURES.items() if v[3] != "current")
RANGE_MEASURES: tuple[str, ...] = ("killed",)
TABLES: tuple[str, ...] = ("trade", "displacement", "incidents", "corridors")

LONG_COLUMNS: tuple[str, ...] = (
    "iso3",
    "country",
    "domain",
    "measure",
    "measure_label",
    "unit",
    "year",
    "status",
    "value",
    "value_low",
    "value_high",
    "partners_covered",
    "unknown_tolls",
    "source_id",
    "verification",
    "note",
)


def normalise_selection(countries: Sequence[str] | None, available: Sequence[str]) -> list[str]:
    """The countries to compare, in the order given, known codes only, at most six."""
    seen: list[str] = []
    for c in countries or []:
        if c in available and c not in seen:
            seen.append(c)
    return seen[:MAX_COUNTRIES]


def in_years(series: pd.Series, years: tuple[int, int] | None) -> pd.Series:
    if not years:
        return pd.Series(True, index=series.index)
    return series.between(int(years[0]), int(years[1]))


def _frame(measure: str, df: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    label, unit, domain, _ = MEASURES[measure]
    out = pd.DataFrame(index=df.index)
    for col in LONG_COLUMNS:
        out[col] = df.get(col, None)
    out["country"] = df["iso3"].map(lambda c: names.get(c, c))
    out["domain"], out["measure"], out["measure_label"], out["unit"] = domain, measure, label, unit
    return out.reset_index(drop=True)


def indicator_rows(
    tables: Mapping[str, pd.DataFrame],
    countries: Sequence[str],
    years: tuple[int, int] | None,
    names: Mapping[str, str],
) -> list[pd.DataFrame]:
    """The yearly registry figures of every time measure for these countries and years."""
    pieces = []
    for measure in TIME_MEASURES:
        if indicators.BY_KEY[measure].table not in tables:
            continue
        per_year = indicators.yearly(measure, tables)
        rows = per_year[per_year["country"].isin(list(countries))]
        rows = rows[in_years(rows["year"], years)]
        if rows.empty:
            continue
        rows = rows.rename(columns={"country": "iso3", "unknown": "unknown_tolls"})
        pieces.append(_frame(measure, rows, names))
    return pieces


def corridor_rows(
    corridors: pd.DataFrame | None,
    countries: Sequence[str],
    years: tuple[int, int] | None,
    names: Mapping[str, str],
) -> list[pd.DataFrame]:
    """Corridors through each country by current status (begun by the end of the years)."""
    if corridors is None or corridors.empty:
        return []
    if years:
        corridors = corridors[corridor_in_years(corridors, years)]
    long = corridors.assign(iso3=corridors["countries"].map(split_list)).explode("iso3")
    long = long.loc[long["iso3"].isin(list(countries))]
    if long.empty:
        return []
    g = (
        long.groupby(["iso3", "status"], sort=False)
        .agg(
            value=("corridor_id", "size"),
            note=("name", "; ".join),
            source_id=("source_id", lambda s: ";".join(sorted(set(s)))),
            verification=("verification", lambda s: ";".join(sorted(set(s)))),
        )
        .reset_index()
    )
    g["value"] = g["value"].astype(float)
    g["value_low"] = g["value_high"] = g["value"]
    rank = {st: i for i, st in enumerate(CORRIDOR_STATUSES)}
    g = g.assign(_r=g["status"].map(rank)).sort_values(["iso3", "_r"]).drop(columns="_r")
    return [_frame("corridors", g, names)]


def comparison_table(
    countries: Sequence[str],
    years: tuple[int, int] | None,
    tables: Mapping[str, pd.DataFrame],
    names: Mapping[str, str],
) -> pd.DataFrame:
    """The long table behind the comparison (what the page's download holds)."""
    countries = list(countries)
    pieces = indicator_rows(tables, countries, years, names)
    pieces += corridor_rows(tables.get("corridors"), countries, years, names)
    pieces = [p for p in pieces if not p.empty]
    if not pieces:
        return pd.DataFrame(columns=list(LONG_COLUMNS))
    table = pd.concat(pieces, ignore_index=True)[list(LONG_COLUMNS)]
    order = {m: i for i, m in enumerate(MEASURES)}
    c_order = {c: i for i, c in enumerate(countries)}
    table = (
        table.assign(_m=table["measure"].map(order), _c=table["iso3"].map(c_order))
        .sort_values(["_c", "_m", "year", "status"], kind="stable")
        .drop(columns=["_m", "_c"])
        .reset_index(drop=True)
    )
    table["year"] = pd.array(table["year"], dtype="Int64")
    for col in ("value", "value_low", "value_high"):
        table[col] = pd.to_numeric(table[col], errors="coerce").astype("float64")
    return table
