"""Overview headline figures for the current filters: each a number with its year and sources.

Every per-country figure comes from the indicator registry (`data.indicators`): the same value,
year and source as on Compare and the domain pages. The cards:
- Trade with Afghanistan: per Central Asian country, its latest full-year figure by the trade
  precedence (own official release, partner's, documents); years differ, so no regional total.
- People hosted (refugees, asylum seekers and other people in need of international protection,
  as UNHCR counts them) and refugee returns: UNHCR only, latest year per country; a total only
  where every country's figure is of the same year.
- Incidents: every incident starting in the period (counted once), casualties as the range of
  accounts, and each country's count (an incident counts for both countries of its pair).
- Corridors by status: the corridors in view, counted per status.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard_core.data import indicators
from dashboard_core.data.contract import CENTRAL_ASIA_5, CORRIDOR_STATUSES, FOCUS_ISO3
from dashboard_core.data.filters import Filters, apply_filters, years_label
from dashboard_core.data.formatting import count_text, format_people
from dashboard_core.data.memo import IdentityMemo

TABLES: tuple[str, ...] = (
    "trade", "displacement", "incidents", "corridors", "events", "countries", "sources",
)  # fmt: skip
INTRO = (
    "Trade, displacement, border incidents and infrastructure corridors of Kazakhstan, "
    "Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan and Afghanistan, for the countries and "
    "years chosen in the sidebar."
)
STATUS_LABELS: dict[str, str] = {
    "operational": "Operational",
    "under_construction": "Under construction",
    "planned": "Planned",
    "proposed": "Proposed",
    "suspended": "Suspended",
    "cancelled": "Cancelled",
}


@dataclass(frozen=True)
class Line:
    """One line of a headline's breakdown (a country's figure, a status count)."""

    label: str
    value: str
    year: str = ""
    source_id: str = ""
    verification: str = ""
    note: str = ""
    number: float | None = None


@dataclass(frozen=True)
class Headline:
    key: str
    title: str
    value: str  # formatted; "n/a" when nothing matches
    period: str  # the year or period the figure refers to
    rows: pd.DataFrame = field(repr=False)  # the table rows behind the figure (for its sources)
    lines: tuple[Line, ...] = ()
    note: str = ""
    number: float | None = None


def _names(countries: pd.DataFrame | None) -> dict[str, str]:
    if countries is None or countries.empty:
        return {}
    return dict(zip(countries["iso3"], countries["name"], strict=False))


# Filter-independent work is memoised per table object: the UI's cached tables are the same
# object on every rerun, so a filter change only redoes the cheap, filter-dependent part.
_MEMO: IdentityMemo[Any] = IdentityMemo(64)


def memoised(table: object, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()` once per (table object, key); treat the result as read-only."""
    return _MEMO.get((table,), compute, *key)


def _selected_focus(filters: Filters, among: tuple[str, ...] = FOCUS_ISO3) -> list[str]:
    return [c for c in among if c in filters.countries]


def _indicator_lines(
    results: pd.DataFrame, names: Mapping[str, str], sources: pd.DataFrame | None
) -> tuple[Line, ...]:
    """One line per country with a figure: value, year and source title from the registry."""
    lines = []
    for result in results.to_dict("records"):
        if pd.isna(result["value_low"]) and pd.isna(result["value_high"]):
            continue
        # the card's caption names the sources and its help the 2025 reclassification
        lines.append(
            Line(
                label=names.get(result["country"], result["country"]),
                value=indicators.value_text(result),
                year=indicators.year_text(result),
                source_id=str(result["source_id"]),
                verification=str(result["verification"]),
                note=str(result["detail"]),
                number=None if pd.isna(result["value"]) else float(result["value"]),
            )
        )
    return tuple(lines)


def _rows_of(results: pd.DataFrame) -> pd.DataFrame:
    with_figure = results[results["source_id"].astype(str) != ""]
    return pd.DataFrame(
        {"source_id": with_figure["source_id"], "verification": with_figure["verification"]}
    )


def _registry_headline(
    key: str,
    tables: Mapping[str, pd.DataFrame],
    filters: Filters,
    names: Mapping[str, str],
    countries: list[str],
    card_key: str | None = None,
) -> Headline:
    """A card from one registry indicator: per-country lines; a total only where every line
    is a figure of the same single year (people)."""
    ind = indicators.BY_KEY[key]
    results = indicators.evaluate(key, tables, countries, filters.years)
    lines = _indicator_lines(results, names, tables.get("sources"))
    years = sorted({line.year for line in lines})
    summable = ind.unit == "people" and len(years) == 1 and "–" not in years[0]
    number = sum(line.number or 0.0 for line in lines) if summable and lines else None
    if number is not None:
        value, period = format_people(number), years[0]
    else:
        value = f"{len(lines)} of {len(countries)} countries" if lines else "n/a"
        period = years_label((int(years[0][:4]), int(years[-1][-4:]))) if years else ""
        period = period or years_label(filters.years)
    note = f"{ind.rows}. Source precedence: {' > '.join(ind.precedence)}."
    if results["note"].astype(str).str.len().gt(0).any():
        note += " " + indicators.RECLASSIFICATION_NOTE
    card = card_key or key
    return Headline(card, ind.title, value, period, _rows_of(results), lines, note, number)


def casualty_range(incidents: pd.DataFrame) -> tuple[int, int, int]:
    """(low, high, incidents with no count): low adds known minima, high adds maxima (the minimum
    where only that is known)."""
    low_end = pd.to_numeric(incidents["fatalities_min"], errors="coerce")
    high_end = pd.to_numeric(incidents["fatalities_max"], errors="coerce")
    low = int(low_end.fillna(0).sum())
    high = int(high_end.fillna(low_end).fillna(0).sum())
    unknown = int((low_end.isna() & high_end.isna()).sum())
    return low, high, unknown


def _incidents_headline(
    tables: Mapping[str, pd.DataFrame], filters: Filters, names: Mapping[str, str]
) -> Headline:
    incidents = tables["incidents"]
    rows = apply_filters(incidents, "incidents", filters)
    low, high, unknown = casualty_range(rows)
    killed = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    if not unknown:
        lines = [Line("Killed (range of accounts)", killed)]
    elif low or high:
        lines = [Line("Killed (range of accounts)", f"{killed} + {unknown:,} unknown")]
    else:
        lines = [Line("Killed", f"unknown ({count_text(unknown, 'incident')}, no toll given)")]
    countries = _selected_focus(filters)
    results = indicators.evaluate("incidents", tables, countries, filters.years)
    lines += list(_indicator_lines(results, names, tables.get("sources")))
    return Headline(
        key="incidents",
        title="Border incidents",
        value=f"{len(rows):,}",
        period=years_label(filters.years),
        rows=rows,
        lines=tuple(lines),
        note="Incidents starting in the period; disputed tolls keep both ends.",
        number=float(len(rows)),
    )


def _corridors_headline(corridors: pd.DataFrame, filters: Filters) -> Headline:
    rows = apply_filters(corridors, "corridors", filters)
    counts = rows["status"].value_counts()
    lines = tuple(
        Line(
            STATUS_LABELS.get(status, status),
            f"{int(counts[status]):,}",
            number=float(counts[status]),
        )
        for status in CORRIDOR_STATUSES
        if status in counts.index
    )
    return Headline(
        key="corridors",
        title="Corridors",
        value=f"{len(rows):,}",
        period=f"started by {filters.years[1]}",
        rows=rows,
        lines=lines,
        note="Corridors touching the selected countries, begun (or due) by the end of the period.",
        number=float(len(rows)),
    )


def headlines(tables: Mapping[str, pd.DataFrame], filters: Filters) -> list[Headline]:
    """The Overview's five headline figures for the filters (tables: trade, displacement,
    incidents, corridors, countries)."""
    names = _names(tables.get("countries"))
    ca5, focus = _selected_focus(filters, CENTRAL_ASIA_5), _selected_focus(filters)
    return [
        _registry_headline("trade_afg", tables, filters, names, ca5, card_key="trade"),
        _registry_headline("hosted", tables, filters, names, focus),
        _registry_headline("returns", tables, filters, names, focus),
        _incidents_headline(tables, filters, names),
        _corridors_headline(tables["corridors"], filters),
    ]


BY_COUNTRY_NOTE = (
    "One definition per indicator (see Data & sources): the same figure, year and source as on "
    "Compare and the Trade, Displacement and Incidents pages. Trade: the latest full year, the "
    "country's own statistics first, then the partner's, then documents. 'no data' is a gap."
)


def figures_by_country(tables: Mapping[str, pd.DataFrame], filters: Filters) -> pd.DataFrame:
    """Every headline indicator for each selected focus country, as every page shows it."""
    results = indicators.evaluate_all(tables, _selected_focus(filters), filters.years)
    return indicators.figure_table(results, _names(tables.get("countries")), tables.get("sources"))


def headline_table(items: list[Headline]) -> pd.DataFrame:
    """The headline figures as a downloadable table (one row per figure and breakdown line)."""
    records = []
    for item in items:
        cited = sorted(set(item.rows["source_id"].dropna().astype(str))) if len(item.rows) else []
        levels = (
            sorted(set(item.rows["verification"].dropna().astype(str)))
            if "verification" in item.rows.columns
            else []
        )
        records.append(
            {
                "figure": item.title,
                "line": "",
                "value": item.value,
                "number": item.number,
                "period": item.period,
                "note": item.note,
                "source_id": ";".join(cited),
                "verification": ";".join(levels),
            }
        )
        for line in item.lines:
            records.append(
                {
                    "figure": item.title,
                    "line": line.label,
                    "value": line.value,
                    "number": line.number,
                    "period": line.year or item.period,
                    "note": line.note,
                    "source_id": line.source_id or ";".join(cited),
                    "verification": line.verification or ";".join(levels),
                }
            )
    return pd.DataFrame(records)
