"""The comparison as a reader sees it: one summary row per country and measure (the registry's
figure for the years: `data.indicators.evaluate`), the series over time, a ranking, and
`CompareView`, everything the page shows for one selection."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard_core.compare.measures import (
    LONG_COLUMNS,
    MAX_COUNTRIES,
    MEASURES,
    MIN_COUNTRIES,
    TIME_MEASURES,
    comparison_table,
)
from dashboard_core.data import indicators
from dashboard_core.data.formatting import format_number, format_usd
from dashboard_core.data.loading import split_list
from dashboard_core.data.naming import known_country_names
from dashboard_core.incidents.conflicts import BY_COUNTRY_NOTE
from dashboard_core.incidents.conflicts import by_country as conflicts_by_country


def format_value(value: object, unit: str) -> str:
    if value is None or pd.isna(value):
        return "no data"
    return format_usd(float(value)) if unit == "US$" else format_number(float(value))


SUMMARY_COLUMNS: tuple[str, ...] = (
    "iso3",
    "country",
    "measure",
    "measure_label",
    "unit",
    "value",
    "value_low",
    "value_high",
    "year_from",
    "year_to",
    "source_id",
    "verification",
    "text",
    "short",
)


def summary(
    tables: Mapping[str, pd.DataFrame],
    countries: Sequence[str],
    years: tuple[int, int],
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per country and measure: the registry's figure for the years (latest year for
    trade and stocks, total for flows and incidents, current count for corridors). 'no data'
    stays a gap (value NaN)."""
    names = names or known_country_names()
    results = indicators.evaluate_all(tables, list(countries), years, list(MEASURES))
    if results.empty:
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    out = pd.DataFrame(
        {
            "iso3": results["country"],
            "country": results["country"].map(lambda c: names.get(c, c)),
            "measure": results["indicator"],
            "measure_label": results["title"],
            "unit": results["unit"],
            "value": results["value"].astype("float64"),
            "value_low": results["value_low"].astype("float64"),
            "value_high": results["value_high"].astype("float64"),
            "year_from": results["year_from"],
            "year_to": results["year_to"],
            "source_id": results["source_id"],
            "verification": results["verification"],
        }
    )
    records = results.to_dict("records")
    out["short"] = [indicators.value_text(r) for r in records]
    out["text"] = [
        f"{v} ({y})" if y and y != "–" else v
        for v, y in zip(out["short"], [indicators.year_text(r) for r in records], strict=True)
    ]
    return out[list(SUMMARY_COLUMNS)]


def side_by_side(summ: pd.DataFrame) -> pd.DataFrame:
    """Measures as rows, countries as columns, formatted text cells."""
    if summ.empty:
        return pd.DataFrame()
    wide = summ.pivot(index="measure_label", columns="country", values="text")
    order = [MEASURES[m][0] for m in MEASURES]
    cols = list(dict.fromkeys(summ["country"]))
    wide = wide.reindex(index=[o for o in order if o in wide.index], columns=cols)
    wide.index.name = "Measure"
    wide.columns.name = None
    return wide


def time_series(table: pd.DataFrame) -> pd.DataFrame:
    """Per country and time measure, one row per year from its first to its last year with data.

    Years without a figure inside that span get value NaN (the line breaks there); nothing is
    filled in.
    """
    cols = [
        "iso3",
        "country",
        "measure",
        "measure_label",
        "unit",
        "year",
        "value",
        "value_low",
        "value_high",
    ]
    if table.empty:
        return pd.DataFrame(columns=cols)
    t = table.loc[table["measure"].isin(TIME_MEASURES) & table["year"].notna()]
    t = t.loc[t["value"].notna() | t["value_low"].notna() | t["value_high"].notna()]
    if t.empty:
        return pd.DataFrame(columns=cols)
    t = t.assign(year=t["year"].astype(int))
    keys = ["iso3", "measure"]
    spans = (
        t.groupby(keys, sort=False)
        .agg(
            first=("year", "min"),
            last=("year", "max"),
            country=("country", "first"),
            measure_label=("measure_label", "first"),
            unit=("unit", "first"),
        )
        .reset_index()
    )
    spans["year"] = [
        list(range(a, b + 1)) for a, b in zip(spans["first"], spans["last"], strict=True)
    ]
    full = spans.explode("year").astype({"year": int})
    values = t[keys + ["year", "value", "value_low", "value_high"]]
    return full.merge(values, on=keys + ["year"], how="left")[cols].reset_index(drop=True)


def ranked(summ: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The summary rows of one measure, highest first; countries without data last."""
    sel = summ.loc[summ["measure"] == measure].copy()
    sel["_key"] = sel["value_high"].fillna(-np.inf)
    return (
        sel.sort_values(["_key", "country"], ascending=[False, True])
        .drop(columns="_key")
        .reset_index(drop=True)
    )


def sources_of(table: pd.DataFrame, measures: Iterable[str] | None = None) -> list[str]:
    sel = table if measures is None else table.loc[table["measure"].isin(list(measures))]
    return sorted({s for v in sel["source_id"].dropna() for s in split_list(v)})


@dataclass(frozen=True)
class CompareView:
    countries: list[str]
    notes: list[str]
    table: pd.DataFrame  # the long table behind the comparison (what downloads hold)
    summary: pd.DataFrame
    wide: pd.DataFrame
    series: pd.DataFrame
    figures: pd.DataFrame  # each figure with its year and source (as on every page)


@dataclass(frozen=True)
class CompareInputs:
    """What the comparison reads: the clean tables (trade, displacement, incidents, corridors,
    sources) and country names."""

    tables: dict[str, pd.DataFrame]
    names: dict[str, str]


def compare_inputs(tables: Mapping[str, pd.DataFrame], countries: pd.DataFrame) -> CompareInputs:
    return CompareInputs(dict(tables), known_country_names(countries))


def build_view(
    inputs: CompareInputs, selected: Sequence[str], years: tuple[int, int]
) -> CompareView:
    """Everything the compare page draws. Fewer than two countries gives an empty view."""
    names = inputs.names
    countries = list(dict.fromkeys(selected))
    notes = []
    if len(countries) > MAX_COUNTRIES:
        notes.append(
            f"Comparing the first {MAX_COUNTRIES} of the {len(countries)} selected countries: "
            + ", ".join(names.get(c, c) for c in countries[:MAX_COUNTRIES])
            + "."
        )
        countries = countries[:MAX_COUNTRIES]
    empty = pd.DataFrame(columns=list(LONG_COLUMNS))
    if len(countries) < MIN_COUNTRIES:
        return CompareView(
            countries, notes, empty, pd.DataFrame(), pd.DataFrame(), empty, pd.DataFrame()
        )
    table = comparison_table(countries, years, inputs.tables, names)
    summ = summary(inputs.tables, countries, years, names)
    results = indicators.evaluate_all(inputs.tables, countries, years, list(MEASURES))
    figures = indicators.figure_table(results, names, inputs.tables.get("sources"))
    return CompareView(
        countries, notes, table, summ, side_by_side(summ), time_series(table), figures
    )


def conflict_context(
    conflicts: pd.DataFrame | None,
    countries: Sequence[str],
    years: tuple[int, int],
    names: Mapping[str, str],
    sources: pd.DataFrame | None,
) -> pd.DataFrame:
    """UCDP/PRIO conflict-years per compared country (`incidents.conflicts.by_country`)."""
    return conflicts_by_country(conflicts, countries, years, names, sources)


CONFLICT_NOTE = BY_COUNTRY_NOTE


def default_rank(summ: pd.DataFrame, fallback: str = "trade_ca") -> str:
    """The measure to rank by when none is chosen: the one most of the compared countries have a
    figure for (ties: the first in `MEASURES`), so the ranking opens on bars, not gaps."""
    if summ.empty:
        return fallback
    have = summ.loc[summ["value_high"].notna()].groupby("measure")["iso3"].nunique()
    if have.empty:
        return fallback
    best = int(have.max())
    return next(m for m in MEASURES if have.get(m, 0) == best)


def rank_labels() -> dict[str, str]:
    """measure -> label, the choices of "Rank countries by"."""
    return {measure: spec[0] for measure, spec in MEASURES.items()}


INTRO = (
    "Two to six countries side by side: trade, refugees and "
    "returns, border incidents and corridors, for the selected years."
)
SUMMARY_NOTE = (
    "The same figures as on the Overview and the domain pages (one definition per indicator, "
    "see Data & sources). Trade, people hosted and abroad, returns: the latest year with a "
    "figure in the selected years (in brackets; a group figure covering only some partners says "
    "how many). Trade: the country's own statistics first, then the partner's (mirror), then "
    "documents; full calendar years only. Repatriations, incidents and killed: totals over the "
    "years with a figure; 'N unknown' counts incidents whose toll the sources do not give. 'no "
    "data' and 'none recorded' are gaps, not zeros; a year without a recorded incident is left "
    "empty on the charts. Corridors: current status."
)
