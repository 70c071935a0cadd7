"""The comparison as a reader sees it: one summary row per country and measure, the series over
time, a ranking, and `CompareView`, everything the page shows for one selection."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard_core.compare.measures import (
    DISPLACEMENT_SPECS,
    LONG_COLUMNS,
    MAX_COUNTRIES,
    MEASURES,
    MIN_COUNTRIES,
    TIME_MEASURES,
    comparison_table,
    in_years,
    prepare_displacement,
)
from dashboard_core.data.formatting import count_text, format_people, format_usd
from dashboard_core.data.loading import split_list
from dashboard_core.data.naming import known_country_names
from dashboard_core.incidents.transforms import prepare as prepare_incidents
from dashboard_core.trade.yearly import annual_trade, relevant_trade


def format_value(value: object, unit: str) -> str:
    """A comparison figure in the app's one style: money via `format_usd`, counts via
    `format_people`; a gap says "no data"."""
    if value is None or pd.isna(value):
        return "no data"
    return format_usd(value) if unit == "US$" else format_people(value)


def _range_text(low: object, high: object, unit: str) -> str:
    if (low is None or pd.isna(low)) and (high is None or pd.isna(high)):
        return "no data"
    if low is None or pd.isna(low) or high is None or pd.isna(high) or float(low) == float(high):
        return format_value(high if low is None or pd.isna(low) else low, unit)
    return f"{format_value(low, unit)}–{format_value(high, unit)}"


def _coverage(row: Mapping[str, object]) -> str:
    """'; 1 of 4 partners' when a regional trade figure covers only some partners."""
    covered = row.get("partners_covered")
    if not isinstance(covered, str) or not covered:
        return ""
    have, _, total = covered.partition(" of ")
    return "" if have == total else f"; {covered} partners"


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
    "years_with_data",
    "text",
    "short",
)


def _num(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def summary(
    table: pd.DataFrame, countries: Sequence[str], names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """One row per country and measure: latest value (stocks, trade) or total (flows, incidents).

    Columns: SUMMARY_COLUMNS. Missing data stays 'no data' (value NaN). One pass over the rows in
    plain Python: the table is small (countries x measures x years) and pandas group-bys cost
    more than the arithmetic.
    """
    names = names or known_country_names()
    acc: dict[tuple[str, str], dict] = {}
    cols = [
        "iso3",
        "measure",
        "year",
        "status",
        "value",
        "value_low",
        "value_high",
        "partners_covered",
        "unknown_tolls",
    ]
    rows = table[cols].itertuples(index=False, name=None) if not table.empty else []
    for iso, measure, year, status, value, low, high, covered, unknown in rows:
        basis = MEASURES[measure][3]
        a = acc.setdefault(
            (iso, measure),
            {"low": None, "high": None, "years": set(), "unknown": 0, "span": set(), "pieces": []},
        )
        value, low, high = _num(value), _num(low), _num(high)
        year = None if year is None or year is pd.NA or pd.isna(year) else int(year)
        if basis == "latest":
            if value is not None and year is not None and year >= a.get("year", -1):
                a.update(year=year, value=value, partners_covered=covered)
        elif basis == "total":
            if measure == "killed":
                a["unknown"] += int(_num(unknown) or 0)
                if year is not None:
                    a["span"].add(year)
                known = low is not None or high is not None
            else:
                known = value is not None
                low = high = value
            if known and year is not None:
                a["years"].add(year)
                if low is not None:
                    a["low"] = (a["low"] or 0.0) + low
                if high is not None:
                    a["high"] = (a["high"] or 0.0) + high
        elif value is not None:
            a["low"] = (a["low"] or 0.0) + value
            a["pieces"].append(f"{int(value)} {str(status).replace('_', ' ')}")
    out = []
    for iso in countries:
        for measure, (label, unit, _domain, basis) in MEASURES.items():
            a = acc.get((iso, measure), {})
            rec = {
                "iso3": iso,
                "country": names.get(iso, iso),
                "measure": measure,
                "measure_label": label,
                "unit": unit,
                "value": np.nan,
                "value_low": np.nan,
                "value_high": np.nan,
                "year_from": None,
                "year_to": None,
                "years_with_data": 0,
                "partners_covered": None,
                "unknown": a.get("unknown", 0),
                "span_from": None,
                "span_to": None,
                "by_status": "",
            }
            if basis == "latest" and "value" in a:
                rec.update(
                    value=a["value"],
                    value_low=a["value"],
                    value_high=a["value"],
                    year_from=a["year"],
                    year_to=a["year"],
                    years_with_data=1,
                    partners_covered=a.get("partners_covered"),
                )
            elif basis == "total" and a.get("years"):
                low = np.nan if a["low"] is None else a["low"]
                high = np.nan if a["high"] is None else a["high"]
                rec.update(
                    value=low if low == high else np.nan,
                    value_low=low,
                    value_high=high,
                    year_from=min(a["years"]),
                    year_to=max(a["years"]),
                    years_with_data=len(a["years"]),
                )
            elif basis == "current" and a.get("pieces"):
                rec.update(
                    value=a["low"],
                    value_low=a["low"],
                    value_high=a["low"],
                    by_status=", ".join(a["pieces"]),
                )
            if a.get("span"):
                rec.update(span_from=min(a["span"]), span_to=max(a["span"]))
            rec["text"] = _summary_text(rec)
            rec["short"] = (
                f"{int(rec['value'])}"
                if measure == "corridors" and pd.notna(rec["value"])
                else rec["text"]
            )
            out.append(rec)
    frame = pd.DataFrame(out)
    if frame.empty:
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    for col in ("year_from", "year_to"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    for col in ("value", "value_low", "value_high"):
        frame[col] = frame[col].astype("float64")
    return frame[list(SUMMARY_COLUMNS)]


def _summary_text(rec: Mapping[str, object]) -> str:
    measure, unit = str(rec["measure"]), str(rec["unit"])
    basis = MEASURES[measure][3]
    unknown = int(rec.get("unknown") or 0) if pd.notna(rec.get("unknown")) else 0
    has_value = pd.notna(rec.get("value_low")) or pd.notna(rec.get("value_high"))
    if basis == "latest":
        if not has_value:
            return "no data"
        return f"{format_value(rec['value'], unit)} ({int(rec['year_to'])}" + _coverage(rec) + ")"
    if basis == "current":
        if pd.isna(rec.get("value")):
            return "no data"
        return f"{int(rec['value'])} ({rec['by_status']})"
    if not has_value:
        return (
            f"unknown ({count_text(unknown, 'incident')}, toll not given)" if unknown else "no data"
        )
    y0, y1 = int(rec["year_from"]), int(rec["year_to"])
    if measure == "killed" and pd.notna(rec.get("span_from")):
        y0, y1 = int(rec["span_from"]), int(rec["span_to"])
    span = f"{y0}" if y0 == y1 else f"{y0}–{y1}"
    value = _range_text(rec["value_low"], rec["value_high"], unit)
    return f"{value} + {unknown} unknown ({span})" if unknown else f"{value} ({span})"


def side_by_side(summ: pd.DataFrame) -> pd.DataFrame:
    """Measures as rows, countries as columns, formatted text cells."""
    if summ.empty:
        return pd.DataFrame()
    wide = summ.pivot(index="measure_label", columns="country", values="short")
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


def default_rank(summ: pd.DataFrame, fallback: str = "trade_region") -> str:
    """The measure to rank by when none is chosen: the one most of the compared countries have a
    figure for (ties: the first in `MEASURES`), so the ranking opens on bars, not gaps."""
    if summ.empty:
        return fallback
    have = summ.loc[summ["value_high"].notna()].groupby("measure")["iso3"].nunique()
    if have.empty:
        return fallback
    best = int(have.max())
    return next(m for m in MEASURES if have.get(m, 0) == best)


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


def country_table(
    iso3: str,
    trade_annual: pd.DataFrame,
    displacement: pd.DataFrame,
    incidents: pd.DataFrame,
    corridors: pd.DataFrame,
    names: Mapping[str, str],
) -> pd.DataFrame:
    """Every comparison row of one country over all years (cache it per data version: a view
    then only filters years and stacks countries)."""
    table, _ = comparison_table(
        [iso3], None, None, displacement, incidents, corridors, None, annual=trade_annual
    )
    table["country"] = table["iso3"].map(lambda c: names.get(c, c))
    return table


def displacement_left_out(
    displacement: pd.DataFrame, countries: Sequence[str], years: tuple[int, int] | None
) -> int:
    """How many displacement rows of these countries and years `_one_year` leaves out."""
    if displacement is None or displacement.empty:
        return 0
    d = displacement if "one_year" in displacement else prepare_displacement(displacement)
    d = d.loc[in_years(d["year"], years) & ~d["one_year"]]
    total = 0
    for _measure, ptype, side, stock_flow, _note in DISPLACEMENT_SPECS:
        sel = (d["population_type"] == ptype) & d[side].isin(list(countries))
        if stock_flow:
            sel &= d["measure"] == stock_flow
        total += int(sel.sum())
    return total


def view_from_tables(
    tables: Mapping[str, pd.DataFrame],
    selected: Sequence[str],
    years: tuple[int, int] | None,
    left_out: int,
    names: Mapping[str, str],
) -> CompareView:
    """The view from per-country tables (`country_table`): keep the years, stack, summarise."""
    countries = list(dict.fromkeys(selected))
    notes = []
    if len(countries) > MAX_COUNTRIES:
        notes.append(
            f"Comparing the first {MAX_COUNTRIES} of the {len(countries)} selected countries: "
            + ", ".join(names.get(c, c) for c in countries[:MAX_COUNTRIES])
            + "."
        )
        countries = countries[:MAX_COUNTRIES]
    if len(countries) < MIN_COUNTRIES:
        empty = pd.DataFrame(columns=list(LONG_COLUMNS))
        return CompareView(countries, notes, empty, pd.DataFrame(), pd.DataFrame(), empty)
    parts = []
    for iso in countries:
        t = tables[iso]
        keep = t["year"].isna() | in_years(t["year"], years).fillna(False).astype(bool)
        parts.append(t.loc[keep])
    parts = [p for p in parts if not p.empty]
    table = (
        pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(LONG_COLUMNS))
    )
    if left_out:
        notes.append(
            f"{count_text(left_out, 'displacement figure')} covering several years or an "
            "unstated period (cumulative totals of operations) "
            f"{'is' if left_out == 1 else 'are'} left out of the yearly comparison; the "
            "Displacement page lists them."
        )
    summ = summary(table, countries, names)
    return CompareView(countries, notes, table, summ, side_by_side(summ), time_series(table))


def build_view(
    selected: Sequence[str],
    years: tuple[int, int],
    trade_annual: pd.DataFrame,
    displacement: pd.DataFrame,
    incidents: pd.DataFrame,
    corridors: pd.DataFrame,
    names: Mapping[str, str],
) -> CompareView:
    """Everything the compare page draws. Fewer than two countries gives an empty view."""
    chosen = list(dict.fromkeys(selected))[:MAX_COUNTRIES]
    if len(chosen) < MIN_COUNTRIES:
        return view_from_tables({}, selected, years, 0, names)
    displacement = (
        displacement
        if displacement is None or "one_year" in displacement
        else prepare_displacement(displacement)
    )
    tables = {
        iso: country_table(iso, trade_annual, displacement, incidents, corridors, names)
        for iso in chosen
    }
    left_out = displacement_left_out(displacement, chosen, years)
    return view_from_tables(tables, selected, years, left_out, names)


@dataclass(frozen=True)
class CompareInputs:
    """What the comparison reads from every domain, prepared once per data version."""

    trade_annual: pd.DataFrame
    incidents: pd.DataFrame
    names: dict[str, str]
    displacement: pd.DataFrame


def compare_inputs(
    trade: pd.DataFrame, incidents: pd.DataFrame, countries: pd.DataFrame, displacement
) -> CompareInputs:
    return CompareInputs(
        annual_trade(relevant_trade(trade)),
        prepare_incidents(incidents),
        known_country_names(countries),
        prepare_displacement(displacement),
    )


def rank_labels() -> dict[str, str]:
    """measure -> label, the choices of "Rank countries by"."""
    return {measure: spec[0] for measure, spec in MEASURES.items()}


INTRO = (
    "Two to six countries side by side: trade, refugees and "
    "returns, border incidents and corridors, for the selected years."
)
SUMMARY_NOTE = (
    "Trade and refugee stocks: the latest year with a figure in the selected years (year in "
    "brackets; a regional trade figure that covers only some partners says how many). Returns, "
    "repatriations, incidents and killed: totals over the years with a figure; 'N unknown' counts "
    "incidents whose toll the sources do not give. Trade is what each country reports itself, "
    "full calendar years only; 'no data' is a gap, not a zero. Corridors: current status, "
    "whatever the years."
)
