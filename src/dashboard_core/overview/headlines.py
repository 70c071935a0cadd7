"""Overview headline figures for the current filters: each a number with its year and sources.

Rules (so a policymaker can trust each figure):
- Trade turnover with Afghanistan: per Central Asian country, its latest full-year observed
  turnover with Afghanistan inside the year range, as the Trade page computes annual figures
  (`trade.figures.annual`: a published turnover row, or exports + imports of one source).
  Countries have different latest years, so there is no regional total: each country's figure
  is listed with its own year. Part-year figures and targets are left out.
- Refugees and asylum seekers hosted, and refugee returns: UNHCR's official rows only (seed
  figures from reports would double count them), latest year in range, hosts (or countries
  returned to) restricted to the selected focus countries.
- Incidents and casualties: every incident starting in the period; casualties as the range of
  fatalities (disputed counts keep both ends; incidents with no count are said, never zeroed).
- Corridors by status: the corridors in view, counted per status.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard_core.data.contract import CENTRAL_ASIA_5, CORRIDOR_STATUSES, FOCUS_ISO3
from dashboard_core.data.filters import Filters, apply_filters, years_label
from dashboard_core.data.formatting import format_people, format_usd, plural
from dashboard_core.data.provenance import VERIFICATION_RANK
from dashboard_core.trade import figures

TABLES: tuple[str, ...] = ("trade", "displacement", "incidents", "corridors", "events", "countries")
INTRO = (
    "Trade, displacement, border incidents and infrastructure corridors of Kazakhstan, "
    "Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan and Afghanistan, for the countries and "
    "years chosen in the sidebar."
)
HOSTED_TYPES: tuple[str, ...] = ("refugees", "asylum_seekers")
RETURN_TYPES: tuple[str, ...] = ("returned_refugees",)
OFFICIAL = "official_release"
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
_MEMO: dict[tuple, tuple[object, Any]] = {}
_MEMO_SIZE = 64


def memoised(table: object, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()` once per (table object, key); treat the result as read-only."""
    full_key = (id(table), *key)
    hit = _MEMO.get(full_key)
    if hit is not None and hit[0] is table:  # `is`: an id can be reused once a table is freed
        return hit[1]
    result = compute()
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.clear()
    _MEMO[full_key] = (table, result)
    return result


def ca_afghanistan_annual(trade: pd.DataFrame) -> pd.DataFrame:
    """`trade.figures.annual` of every Central Asia - Afghanistan row, unfiltered. Annual
    figures are per pair and year, so filtering them afterwards equals filtering the rows
    first."""

    def compute() -> pd.DataFrame:
        reporter, partner = trade["reporter_iso3"], trade["partner_iso3"]
        pair = (reporter.isin(CENTRAL_ASIA_5) & partner.isin(["AFG"])) | (
            partner.isin(CENTRAL_ASIA_5) & reporter.isin(["AFG"])
        )
        return figures.annual(trade[pair.fillna(False).astype(bool)])

    return memoised(trade, ("ca-afg-annual",), compute)


def latest_turnover_with_afghanistan(trade: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Per Central Asian country: the latest full-year observed turnover with AFG in range.
    Columns: country, year, value_usd, source_id, verification, derived, others (other readings
    of the same year)."""
    key = ("latest-turnover", filters.countries, filters.years)
    return memoised(trade, key, lambda: _latest_turnover(trade, filters))


def _latest_turnover(trade: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    annual = ca_afghanistan_annual(trade)
    columns = ["country", "year", "value_usd", "source_id", "verification", "derived", "others"]
    if annual.empty:
        return pd.DataFrame(columns=columns)
    selected = list(filters.countries)
    figures = annual[
        annual["flow"].eq("turnover")
        & annual["measure"].eq("observed")
        & annual["kind"].eq("year")
        & annual["year"].between(*filters.years)
        & (annual["reporter_iso3"].isin(selected) | annual["partner_iso3"].isin(selected))
    ].copy()
    if figures.empty:
        return pd.DataFrame(columns=columns)
    figures["country"] = figures["reporter_iso3"].where(
        figures["reporter_iso3"].isin(CENTRAL_ASIA_5), figures["partner_iso3"]
    )
    figures["_v"] = figures["verification"].map(VERIFICATION_RANK).fillna(9)
    figures["_d"] = figures["derived"].astype(bool).astype(int)
    figures["_own"] = (figures["reporter_iso3"] != figures["country"]).astype(int)
    figures = figures.sort_values(
        ["country", "year", "_v", "_d", "_own"], ascending=[True, False, True, True, True]
    )
    latest_year = figures.groupby("country")["year"].transform("max")
    latest = figures[figures["year"] == latest_year]
    picked = latest.drop_duplicates("country", keep="first").copy()
    others = latest.groupby("country")["value_usd"].apply(
        lambda values: sorted({float(v) for v in values})
    )
    picked["others"] = [
        [v for v in others[c] if v != float(value)]
        for c, value in zip(picked["country"], picked["value_usd"], strict=True)
    ]
    order = {c: i for i, c in enumerate(CENTRAL_ASIA_5)}
    picked = picked.sort_values("country", key=lambda s: s.map(order))
    return picked[columns].reset_index(drop=True)


def _trade_headline(trade: pd.DataFrame, filters: Filters, names: Mapping[str, str]) -> Headline:
    figures = latest_turnover_with_afghanistan(trade, filters)
    lines = []
    for row in figures.itertuples(index=False):
        note = "exports + imports of one source" if row.derived else ""
        if row.others:
            readings = ", ".join(format_usd(v) for v in row.others)
            note = (
                note + "; " if note else ""
            ) + f"other {plural('reading', len(row.others))} that year: {readings}"
        lines.append(
            Line(
                label=names.get(row.country, row.country),
                value=format_usd(row.value_usd),
                year=str(row.year),
                source_id=str(row.source_id),
                verification=str(row.verification),
                note=note,
                number=float(row.value_usd),
            )
        )
    years = sorted({int(y) for y in figures["year"]})
    period = years_label((years[0], years[-1])) if years else years_label(filters.years)
    rows = pd.DataFrame(
        {"source_id": figures["source_id"], "verification": figures["verification"]}
    )
    return Headline(
        key="trade",
        title="Trade turnover with Afghanistan",
        value=f"{len(lines)} of 5 countries" if lines else "n/a",
        period=period,
        rows=rows,
        lines=tuple(lines),
        note="Latest full year per country (years differ, so no regional total); part-year "
        "figures and targets are on the Trade page.",
    )


def _focus_selected(filters: Filters) -> list[str]:
    return [c for c in FOCUS_ISO3 if c in filters.countries]


def latest_official_total(
    displacement: pd.DataFrame,
    filters: Filters,
    types: tuple[str, ...],
    measure: str,
    place_column: str,
) -> tuple[int | None, pd.DataFrame]:
    """(latest year, its rows) of UNHCR figures of `types`, `place_column` in the selected focus
    countries, group total."""

    def official() -> pd.DataFrame:
        keep = (
            displacement["population_type"].isin(types)
            & displacement["measure"].eq(measure)
            & displacement["group"].eq("total")
            & displacement["verification"].eq(OFFICIAL)
            & displacement["value"].notna()
        )
        return displacement[keep.fillna(False).astype(bool)]

    subset = memoised(displacement, ("official", types, measure), official)
    rows = apply_filters(subset, "displacement", filters)
    rows = rows[rows[place_column].isin(_focus_selected(filters))]
    if rows.empty:
        return None, rows
    year = int(rows["year"].max())
    return year, rows[rows["year"] == year]


def _displacement_headline(
    displacement: pd.DataFrame,
    filters: Filters,
    names: Mapping[str, str],
    *,
    key: str,
    title: str,
    types: tuple[str, ...],
    measure: str,
    place_column: str,
    note: str,
) -> Headline:
    year, rows = latest_official_total(displacement, filters, types, measure, place_column)
    if year is None:
        return Headline(key, title, "n/a", years_label(filters.years), rows, note=note)
    per_place = rows.groupby(place_column)["value"].sum().sort_values(ascending=False)
    lines = tuple(
        Line(
            label=names.get(code, code),
            value=format_people(value),
            year=str(year),
            number=float(value),
        )
        for code, value in per_place.items()
        if value > 0
    )
    total = float(rows["value"].sum())
    return Headline(key, title, format_people(total), str(year), rows, lines, note, total)


def casualty_range(incidents: pd.DataFrame) -> tuple[int, int, int]:
    """(low, high, incidents with no count): low adds known minima, high adds maxima (the minimum
    where only that is known)."""
    low_end = pd.to_numeric(incidents["fatalities_min"], errors="coerce")
    high_end = pd.to_numeric(incidents["fatalities_max"], errors="coerce")
    low = int(low_end.fillna(0).sum())
    high = int(high_end.fillna(low_end).fillna(0).sum())
    unknown = int((low_end.isna() & high_end.isna()).sum())
    return low, high, unknown


def _incidents_headline(incidents: pd.DataFrame, filters: Filters) -> Headline:
    rows = apply_filters(incidents, "incidents", filters)
    low, high, unknown = casualty_range(rows)
    killed = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    lines = [Line("Killed (range of accounts)", killed)]
    if unknown:
        lines.append(Line("Incidents with no casualty count", f"{unknown:,}", number=unknown))
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
    displacement = tables["displacement"]
    return [
        _trade_headline(tables["trade"], filters, names),
        _displacement_headline(
            displacement,
            filters,
            names,
            key="hosted",
            title="Refugees and asylum seekers hosted",
            types=HOSTED_TYPES,
            measure="stock",
            place_column="location_iso3",
            note="UNHCR end-year stock in the selected focus countries, all origins.",
        ),
        _displacement_headline(
            displacement,
            filters,
            names,
            key="returns",
            title="Refugee returns",
            types=RETURN_TYPES,
            measure="flow",
            place_column="origin_iso3",
            note="UNHCR: refugees who returned to the selected focus countries that year.",
        ),
        _incidents_headline(tables["incidents"], filters),
        _corridors_headline(tables["corridors"], filters),
    ]


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
