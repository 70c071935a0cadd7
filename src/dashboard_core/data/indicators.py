"""The headline indicators, defined once: which table and rows, the unit, the source precedence,
how a year's figure is chosen and how partial years and gaps are handled. Overview, Compare,
Trade, Displacement and Incidents take their numbers from `evaluate` here, so one question gets
one number, with the same year and source, on every page.

Each definition is data (`Indicator`); `yearly` turns clean tables into one figure per country
and year, `evaluate` picks the figure of the selected years (latest year, or total over the
years, or the current count). Both are plain pandas on clean tables, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd

from dashboard_core.data import preference
from dashboard_core.data.contract import CENTRAL_ASIA_5, CORRIDOR_STATUSES, EU27_ISO3, FOCUS_ISO3
from dashboard_core.data.filters import corridor_in_years
from dashboard_core.data.formatting import count_text, format_people, format_usd
from dashboard_core.data.loading import split_list
from dashboard_core.data.memo import IdentityMemo
from dashboard_core.data.provenance import (
    VERIFICATION_RANK,
    best_verified,
    source_name,
    sources_by_id,
)

TRADE_PRECEDENCE: tuple[str, ...] = tuple(preference.CLASS_LABELS.values())
# The trade rows the registry reads (a store pushes this down): any frame holding at least these
# rows gives the same figures, so pages pass these few instead of the whole table.
TRADE_ROWS = preference.ELIGIBLE_TRADE
TRADE_WHY = (
    "A country's own statistics answer 'its trade' first; where it publishes none, the partner's "
    "official figure (the mirror) is the best measured number; figures quoted in documents come "
    "after releases because their reference period and coverage are less certain. Where a "
    "publisher gives turnover, that printed figure is used; otherwise exports + imports of one "
    "dataset, never two sources added."
)
FULL_YEARS = (
    "Full calendar years only: part-year figures and targets are shown on the Trade page, "
    "never here."
)
NO_ZERO = "A year without a figure is a gap, never a zero."


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    domain: str
    table: str
    unit: str  # "US$", "people", "incidents", "corridors"
    rows: str  # the rows it takes, in words
    precedence: tuple[str, ...]
    precedence_why: str
    basis: str  # latest | total | current
    partial_years: str
    gaps: str
    # declarative selection: table column -> allowed values (trade: counterparts)
    selection: tuple[tuple[str, tuple[str, ...]], ...] = ()
    country_columns: tuple[str, ...] = ()

    def allowed(self, column: str) -> tuple[str, ...]:
        return dict(self.selection).get(column, ())


def _trade(key: str, title: str, counterparts: tuple[str, ...], rows: str) -> Indicator:
    return Indicator(
        key=key,
        title=title,
        domain="Trade",
        table="trade",
        unit="US$",
        rows=rows,
        precedence=TRADE_PRECEDENCE,
        precedence_why=TRADE_WHY,
        basis="latest",
        partial_years=FULL_YEARS,
        gaps=NO_ZERO,
        selection=(("counterpart", counterparts), ("flow", ("turnover",))),
        country_columns=("reporter_iso3", "partner_iso3"),
    )


UNHCR_ONLY = ("UNHCR official release (Refugee Population Statistics)",)
UNHCR_WHY = (
    "UNHCR's end-year figures are one dataset covering every host and origin; document figures "
    "for the same people (one origin, one date) are other readings, shown on the Displacement "
    "page and never added to UNHCR's totals."
)
PROTECTION_TYPES = ("refugees", "asylum_seekers", "other_in_need")
RECLASSIFICATION_NOTE = (
    "In its 2025 figures UNHCR moved most Afghans in Central Asia from 'refugees' to 'other "
    "people in need of international protection'; this figure counts refugees, asylum seekers "
    "and others in need together, as UNHCR's own headline does, so the two years compare."
)

INDICATORS: tuple[Indicator, ...] = (
    _trade("trade_afg", "Trade with Afghanistan", ("AFG",), "turnover with Afghanistan"),
    _trade("trade_chn", "Trade with China", ("CHN",), "turnover with China"),
    _trade("trade_rus", "Trade with Russia", ("RUS",), "turnover with Russia"),
    _trade(
        "trade_eu",
        "Trade with the EU",
        EU27_ISO3,
        "turnover with the 27 EU members (2020 membership), each member by the precedence and "
        "summed, so membership is the same every year (national EU totals follow each year's "
        "membership; Eurostat's EU-27 table here gives EU exports only, not turnover)",
    ),
    _trade(
        "trade_ca",
        "Trade with the other Central Asian states",
        CENTRAL_ASIA_5,
        "turnover with each other Central Asian state, each pair by the precedence, summed over "
        "the partners with a figure that year (the figure says how many)",
    ),
    Indicator(
        key="hosted",
        title="People hosted (refugees, asylum seekers, others in need)",
        domain="Displacement",
        table="displacement",
        unit="people",
        rows="UNHCR end-year stocks of refugees, asylum seekers and other people in need of "
        "international protection in the country, all origins, summed",
        precedence=UNHCR_ONLY,
        precedence_why=UNHCR_WHY,
        basis="latest",
        partial_years="End-year stocks; " + NO_ZERO,
        gaps=NO_ZERO,
        selection=(("population_type", PROTECTION_TYPES), ("measure", ("stock",))),
        country_columns=("location_iso3",),
    ),
    Indicator(
        key="abroad",
        title="Nationals abroad (refugees, asylum seekers, others in need)",
        domain="Displacement",
        table="displacement",
        unit="people",
        rows="UNHCR end-year stocks of the country's nationals as refugees, asylum seekers and "
        "other people in need of international protection, all hosts, summed",
        precedence=UNHCR_ONLY,
        precedence_why=UNHCR_WHY,
        basis="latest",
        partial_years="End-year stocks; " + NO_ZERO,
        gaps=NO_ZERO,
        selection=(("population_type", PROTECTION_TYPES), ("measure", ("stock",))),
        country_columns=("origin_iso3",),
    ),
    Indicator(
        key="returns",
        title="Refugee returns",
        domain="Displacement",
        table="displacement",
        unit="people",
        rows="UNHCR: refugees who returned to the country during the year, from all hosts",
        precedence=UNHCR_ONLY,
        precedence_why=UNHCR_WHY,
        basis="latest",
        partial_years="Flows within the calendar year; " + NO_ZERO,
        gaps=NO_ZERO,
        selection=(("population_type", ("returned_refugees",)), ("measure", ("flow",))),
        country_columns=("origin_iso3",),
    ),
    Indicator(
        key="repatriated",
        title="Nationals repatriated (named operations)",
        domain="Displacement",
        table="displacement",
        unit="people",
        rows="repatriations of nationals (from Syria and Iraq) as documents report them; only "
        "figures whose period lies within one calendar year, one reading per operation",
        precedence=("official release", "figure verified in a document", "reported figure"),
        precedence_why="No publisher dataset covers these operations; per operation the best "
        "verified document reading is taken, and cumulative 'to date' figures spanning several "
        "years are left out so no one is counted twice.",
        basis="total",
        partial_years="Operations within one calendar year; multi-year cumulative figures are "
        "left out (listed on the Displacement page).",
        gaps=NO_ZERO,
        selection=(("population_type", ("repatriated_nationals",)),),
        country_columns=("origin_iso3",),
    ),
    Indicator(
        key="incidents",
        title="Border incidents recorded",
        domain="Incidents",
        table="incidents",
        unit="incidents",
        rows="incidents in the documents, each counted for both countries of its border pair",
        precedence=("one row per incident (documents)",),
        precedence_why="Each incident is entered once, with its best-verified account.",
        basis="total",
        partial_years="By the year the incident started.",
        gaps="A year with no recorded incident is not counted as zero: the documents are not a "
        "complete record.",
        country_columns=("country_iso3", "counterpart_iso3"),
    ),
    Indicator(
        key="killed",
        title="Killed in border incidents",
        domain="Incidents",
        table="incidents",
        unit="people",
        rows="fatalities of the incidents above: a range where accounts differ; incidents with no "
        "toll are counted apart, never as zero",
        precedence=("lowest and highest account in the documents",),
        precedence_why="Disputed tolls keep both ends; no toll is invented (UCDP's intensity "
        "band is shown beside, not as a toll).",
        basis="total",
        partial_years="By the year the incident started.",
        gaps="Incidents without a toll are said ('N unknown'), never zero.",
        country_columns=("country_iso3", "counterpart_iso3"),
    ),
    Indicator(
        key="corridors",
        title="Corridors through the country",
        domain="Corridors",
        table="corridors",
        unit="corridors",
        rows="corridors whose route includes the country, begun (or due) by the end of the "
        "period, by current status",
        precedence=("one row per corridor (documents)",),
        precedence_why="Each corridor is entered once.",
        basis="current",
        partial_years="Current status, whatever the years.",
        gaps="-",
        country_columns=("countries",),
    ),
)
BY_KEY: dict[str, Indicator] = {i.key: i for i in INDICATORS}
HEADLINE_KEYS: tuple[str, ...] = tuple(BY_KEY)

YEARLY_COLUMNS: tuple[str, ...] = (
    "indicator", "country", "year", "value", "value_low", "value_high", "source_id",
    "verification", "partners_covered", "unknown", "note",
)  # fmt: skip
RESULT_COLUMNS: tuple[str, ...] = (
    "indicator", "title", "unit", "country", "value", "value_low", "value_high", "year_from",
    "year_to", "source_id", "verification", "partners_covered", "unknown", "detail", "note",
)  # fmt: skip


# --- yearly figures, filter-independent (memoised per table object) ---------------------------

_MEMO: IdentityMemo[Any] = IdentityMemo(64)


def _memo(table: object, key: tuple, compute: Callable[[], Any]) -> Any:
    return _MEMO.get((table,), compute, *key)


def _weakest(levels: Iterable[object]) -> str:
    """The distinct levels, weakest first."""
    distinct = {str(v) for v in levels if not pd.isna(v)}
    return ";".join(sorted(distinct, key=lambda v: -VERIFICATION_RANK.get(v, 9.0)))


def _ids(values: Sequence[str]) -> str:
    return ";".join(dict.fromkeys(v for v in values if v))


def trade_yearly(indicator: Indicator, trade: pd.DataFrame) -> pd.DataFrame:
    """One figure per focus country and year: the chosen reading of each counterpart (see
    `data.preference`), summed over counterparts for a group (with their count)."""
    chosen = _memo(trade, ("chosen",), lambda: preference.chosen_trade(trade))
    counterparts = indicator.allowed("counterpart")
    picks = chosen[
        chosen["view_flow"].isin(indicator.allowed("flow"))
        & chosen["counterpart"].isin(counterparts)
        & (chosen["country"] != chosen["counterpart"])
    ]
    rows = []
    for (country, year), group in picks.groupby(["country", "year"], sort=True):
        group = group.sort_values("counterpart")
        possible = len([c for c in counterparts if c != country])
        value = float(group["value_usd"].sum())
        covered = f"{len(group)} of {possible}" if possible > 1 else ""
        basis = [
            f"{c}: {'exports + imports' if d else 'published turnover'}"
            f" ({preference.CLASS_LABELS[int(r)]})"
            for c, d, r in zip(group["counterpart"], group["derived"], group["rank"], strict=True)
        ]
        rows.append(
            {
                "indicator": indicator.key,
                "country": country,
                "year": int(year),
                "value": value,
                "value_low": value,
                "value_high": value,
                "source_id": _ids(list(group["source_id"])),
                "verification": _weakest(group["verification"]),
                "partners_covered": covered,
                "unknown": 0,
                "note": "; ".join(basis) if len(basis) <= 5 else _class_summary(group),
            }
        )
    return _yearly_frame(rows)


def _class_summary(group: pd.DataFrame) -> str:
    counts = group["rank"].map(preference.CLASS_LABELS).value_counts()
    return "; ".join(f"{n} partner(s): {label}" for label, n in counts.items())


def _displacement_base(displacement: pd.DataFrame) -> pd.DataFrame:
    d = displacement[displacement["group"].astype(str).eq("total") & displacement["value"].notna()]
    return d.assign(year=d["year"].astype(int))


def displacement_yearly(indicator: Indicator, displacement: pd.DataFrame) -> pd.DataFrame:
    base = _memo(displacement, ("disp-base",), lambda: _displacement_base(displacement))
    keep = pd.Series(True, index=base.index)
    for column, allowed in indicator.selection:
        keep &= base[column].isin(allowed)
    d = base[keep]
    side = indicator.country_columns[0]
    d = d[d[side].isin(FOCUS_ISO3)]
    if indicator.key == "repatriated":
        d = _one_calendar_year(d)
    else:
        d = d[d["verification"].eq("official_release")]
    # one reading per cell: two releases of the same cell are never added
    cell = [c for c in (*preference.DISPLACEMENT_CELL[:6], "operation") if c in d.columns]
    d = best_verified(d, cell)
    rows = []
    for (country, year), group in d.groupby([side, "year"], sort=True):
        value = float(group["value"].sum())
        parts = group.groupby("population_type")["value"].sum()
        detail = (
            "; ".join(f"{t.replace('_', ' ')} {format_people(v)}" for t, v in parts.items())
            if len(parts) > 1 or indicator.key in ("hosted", "abroad")
            else ""
        )
        rows.append(
            {
                "indicator": indicator.key,
                "country": country,
                "year": int(year),
                "value": value,
                "value_low": value,
                "value_high": value,
                "source_id": _ids(sorted(set(group["source_id"].astype(str)))),
                "verification": _weakest(group["verification"]),
                "partners_covered": "",
                "unknown": 0,
                "note": detail,
            }
        )
    return _yearly_frame(rows)


def _one_calendar_year(d: pd.DataFrame) -> pd.DataFrame:
    start = pd.to_datetime(d["period_start"], errors="coerce")
    end = pd.to_datetime(d["period_end"], errors="coerce")
    same = ((start.dt.year == end.dt.year) & (end.dt.year == d["year"])).fillna(False)
    return d[same.astype(bool)]


def incidents_yearly(indicator: Indicator, incidents: pd.DataFrame) -> pd.DataFrame:
    inc = incidents[incidents["date_start"].notna()]
    inc = inc.assign(year=pd.to_datetime(inc["date_start"]).dt.year.astype(int))
    sides = pd.concat(
        [
            inc.assign(country=inc["country_iso3"]),
            inc.assign(country=inc["counterpart_iso3"]).loc[
                inc["counterpart_iso3"].notna() & (inc["counterpart_iso3"] != inc["country_iso3"])
            ],
        ]
    )
    sides = sides[sides["country"].isin(FOCUS_ISO3)]
    low_end = pd.to_numeric(sides["fatalities_min"], errors="coerce")
    high_end = pd.to_numeric(sides["fatalities_max"], errors="coerce").fillna(low_end)
    sides = sides.assign(_low=low_end, _high=high_end, _unknown=low_end.isna() & high_end.isna())
    rows = []
    for (country, year), group in sides.groupby(["country", "year"], sort=True):
        unknown = int(group["_unknown"].sum())
        if indicator.key == "incidents":
            low = high = value = float(len(group))
            note = ""
        else:
            known = group[~group["_unknown"]]
            low = float(known["_low"].fillna(0).sum()) if len(known) else float("nan")
            high = float(known["_high"].sum()) if len(known) else float("nan")
            value = low if low == high else float("nan")
            note = f"{unknown} incident(s) with no toll given" if unknown else ""
        rows.append(
            {
                "indicator": indicator.key,
                "country": country,
                "year": int(year),
                "value": value,
                "value_low": low,
                "value_high": high,
                "source_id": _ids(sorted(set(group["source_id"].astype(str)))),
                "verification": _weakest(group["verification"]),
                "partners_covered": "",
                "unknown": unknown if indicator.key == "killed" else 0,
                "note": note,
            }
        )
    return _yearly_frame(rows)


def _yearly_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(YEARLY_COLUMNS))
    for column in ("value", "value_low", "value_high"):
        frame[column] = frame[column].astype("float64")
    return frame.astype({"year": "int64", "unknown": "int64"})


def yearly(indicator: Indicator | str, tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Per focus country and year with a figure: value (and low/high), sources, verification.
    No row for a year without a figure (a gap). Not for `corridors` (no years)."""
    ind = BY_KEY[indicator] if isinstance(indicator, str) else indicator
    table = tables[ind.table]
    compute = {
        "trade": trade_yearly,
        "displacement": displacement_yearly,
        "incidents": incidents_yearly,
    }.get(ind.table)
    if compute is None:
        raise ValueError(f"{ind.key}: no yearly figures (basis {ind.basis})")
    return _memo(table, ("yearly", ind.key), lambda: compute(ind, table))


# --- the figure of the selected years --------------------------------------------------------


def _result(ind: Indicator, country: str, **values: object) -> dict:
    base = {
        "indicator": ind.key,
        "title": ind.title,
        "unit": ind.unit,
        "country": country,
        "value": float("nan"),
        "value_low": float("nan"),
        "value_high": float("nan"),
        "year_from": None,
        "year_to": None,
        "source_id": "",
        "verification": "",
        "partners_covered": "",
        "unknown": 0,
        "detail": "",
        "note": "",
    }
    base.update(values)
    return base


def _from_years(ind: Indicator, rows: pd.DataFrame, country: str) -> dict:
    """The figure of one country from its yearly rows in the selected years."""
    if ind.basis == "latest":  # `evaluate` passes only the years with a value
        if rows.empty:
            return _result(ind, country)
        last = rows.iloc[int(rows["year"].to_numpy().argmax())]  # the first of the latest
        year = int(last["year"])
        reclassified = year >= 2025 and "other in need" in str(last["note"])
        note = RECLASSIFICATION_NOTE if reclassified else ""
        return _result(
            ind,
            country,
            value=float(last["value"]),
            value_low=float(last["value_low"]),
            value_high=float(last["value_high"]),
            year_from=year,
            year_to=year,
            source_id=last["source_id"],
            verification=last["verification"],
            partners_covered=last["partners_covered"],
            detail=last["note"],
            note=note,
        )
    known = rows[rows["value_low"].notna() | rows["value_high"].notna()]
    unknown = int(rows["unknown"].sum())
    if rows.empty:
        return _result(ind, country)
    span = rows  # every year with a figure or an incident of unknown toll
    low = float(known["value_low"].sum()) if len(known) else float("nan")
    high = float(known["value_high"].sum()) if len(known) else float("nan")
    return _result(
        ind,
        country,
        value=low if low == high else float("nan"),
        value_low=low,
        value_high=high,
        year_from=int(span["year"].min()),
        year_to=int(span["year"].max()),
        source_id=_ids(
            list(dict.fromkeys(s for cell in rows["source_id"] for s in cell.split(";")))
        ),
        verification=_weakest(v for cell in rows["verification"] for v in cell.split(";") if v),
        unknown=unknown,
    )


def _corridors(ind: Indicator, corridors: pd.DataFrame, country: str, years) -> dict:
    rows = corridors[corridor_in_years(corridors, years)]
    rows = rows[[country in split_list(cell) for cell in rows["countries"]]]
    if rows.empty:
        return _result(ind, country)
    counts = rows["status"].value_counts()
    detail = ", ".join(
        f"{int(counts[s])} {s.replace('_', ' ')}" for s in CORRIDOR_STATUSES if s in counts
    )
    return _result(
        ind,
        country,
        value=float(len(rows)),
        value_low=float(len(rows)),
        value_high=float(len(rows)),
        source_id=_ids(sorted(set(rows["source_id"].astype(str)))),
        verification=_weakest(rows["verification"]),
        detail=detail,
    )


def _results(
    ind: Indicator, tables: Mapping[str, pd.DataFrame], countries: Sequence[str], years
) -> list[dict]:
    if ind.basis == "current":
        return [_corridors(ind, tables[ind.table], c, years) for c in countries]
    per_year = yearly(ind, tables)
    span = (int(years[0]), int(years[1]))
    grouped: list[dict[str, pd.DataFrame]] = []  # once per call, if a country is not memoised

    def one(country: str) -> dict:
        if not grouped:
            grouped.append(_in_years_by_country(ind, per_year, span))
        return _from_years(ind, grouped[0].get(country, per_year.iloc[:0]), country)

    return [_RESULTS.get((per_year,), partial(one, c), ind.key, c, span) for c in countries]


# One country's figure for the years, per yearly table: a country kept in a new selection, or a
# span another view asked for, is not worked out again. Small dicts; read-only.
_RESULTS: IdentityMemo[dict] = IdentityMemo(4096)


def _in_years_by_country(
    ind: Indicator, per_year: pd.DataFrame, years: tuple[int, int]
) -> dict[str, pd.DataFrame]:
    in_years = per_year["year"].between(*years)
    if ind.basis == "latest":
        in_years &= per_year["value"].notna()
    chosen = per_year[in_years]
    return dict(tuple(chosen.groupby("country", sort=False)))


def _results_frame(results: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(results, columns=list(RESULT_COLUMNS))
    return frame.astype({"year_from": "Int64", "year_to": "Int64"})


def evaluate(
    indicator: Indicator | str,
    tables: Mapping[str, pd.DataFrame],
    countries: Sequence[str],
    years: tuple[int, int],
) -> pd.DataFrame:
    """One row per country (in the order given): the indicator's figure for the years."""
    ind = BY_KEY[indicator] if isinstance(indicator, str) else indicator
    return _results_frame(_results(ind, tables, countries, years))


def evaluate_all(
    tables: Mapping[str, pd.DataFrame],
    countries: Sequence[str],
    years: tuple[int, int],
    keys: Sequence[str] = HEADLINE_KEYS,
) -> pd.DataFrame:
    """`evaluate` of several indicators, stacked (indicator order, then country order)."""
    return _results_frame(
        [result for k in keys for result in _results(BY_KEY[k], tables, countries, years)]
    )


# --- the same words on every page ------------------------------------------------------------


def value_text(result: Mapping[str, object]) -> str:
    """'US$19.1 million', '53,017', '3–5 + 2 unknown', or 'no data'."""
    unit = str(result["unit"])
    low, high = result["value_low"], result["value_high"]
    unknown = int(result.get("unknown") or 0)
    if pd.isna(low) and pd.isna(high):
        if unknown:
            return f"unknown ({count_text(unknown, 'incident')}, no toll given)"
        return "none recorded" if unit == "incidents" else "no data"
    fmt = format_usd if unit == "US$" else format_people
    text = fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"
    if unknown:
        text += f" + {unknown} unknown"
    if result.get("partners_covered"):
        have, _, total = str(result["partners_covered"]).partition(" of ")
        if have != total:
            text += f" ({result['partners_covered']} partners)"
    if result.get("detail") and unit == "corridors":
        text += f" ({result['detail']})"
    return text


def year_text(result: Mapping[str, object]) -> str:
    y0, y1 = result["year_from"], result["year_to"]
    if y0 is None or pd.isna(y0):
        return "" if result["unit"] == "corridors" else "–"
    return str(int(y0)) if y0 == y1 else f"{int(y0)}–{int(y1)}"


def source_text(source_ids: object, sources: pd.DataFrame | None) -> str:
    """Source titles (never ids) of a figure, '+' for a sum over two tables of one publisher."""
    if not isinstance(source_ids, str) or not source_ids:
        return ""
    by_id = {}
    if sources is not None and not sources.empty:
        by_id = sources_by_id(sources)  # built once per sources table
    names = [
        source_name(by_id.get(part, {"source_id": part}))
        for cell in source_ids.split(";")
        for part in cell.split("+")
        if part
    ]
    return "; ".join(dict.fromkeys(names))


def figure_table(
    results: pd.DataFrame,
    names: Mapping[str, str],
    sources: pd.DataFrame | None,
) -> pd.DataFrame:
    """The indicator figures as shown on every page: Indicator, Country, Figure, Year, Source,
    Verification, Note (one row per indicator and country)."""
    rows = []
    for result in results.to_dict("records"):
        rows.append(
            {
                "Indicator": result["title"],
                "Country": names.get(result["country"], result["country"]),
                "Figure": value_text(result),
                "Year": year_text(result),
                "Source": source_text(result["source_id"], sources),
                "verification": result["verification"],
                "Note": "; ".join(x for x in (result["detail"], result["note"]) if x),
                "source_id": result["source_id"],
            }
        )
    return pd.DataFrame(
        rows,
        columns=["Indicator", "Country", "Figure", "Year", "Source", "verification", "Note",
                 "source_id"],
    )  # fmt: skip


def definitions_table() -> pd.DataFrame:
    """The registry in words (Data & sources page, the report, the download)."""
    return pd.DataFrame(
        [
            {
                "indicator": i.key,
                "title": i.title,
                "unit": i.unit,
                "table": i.table,
                "rows": i.rows,
                "source precedence": " > ".join(i.precedence),
                "why": i.precedence_why,
                "figure shown": {
                    "latest": "latest year with a figure in the selected years",
                    "total": "total over the selected years with a figure",
                    "current": "current count",
                }[i.basis],
                "partial years": i.partial_years,
                "gaps": i.gaps,
            }
            for i in INDICATORS
        ]
    )
