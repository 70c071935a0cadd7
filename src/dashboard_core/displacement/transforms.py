"""Displacement transforms for the Displacement page: row selection, time series of stocks and
flows, map flows, repatriation operations and hosts compared. Plain pandas, no Streamlit.

Summing rule: figures are only ever added up within one official dataset (UNHCR rows of one
year, one population type, many partner countries), or within one publisher file a user
imported (its own line, never added to the embedded one). Figures from documents (seed or reported
rows) are shown one by one, never added to each other or to an official total: a cumulative
"to date" figure and the operations it covers would otherwise count the same people twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import pandas as pd

from dashboard_core.data.contract import CENTRAL_ASIA_5, FOCUS_ISO3, POPULATION_TYPES
from dashboard_core.data.filters import Filters, apply_filters
from dashboard_core.data.formatting import count_text, format_people
from dashboard_core.data.naming import (
    country_names,
    map_source_titles,
    name_of,
    short_source_names,
)
from dashboard_core.data.periods import add_segments, period_kinds, period_label, span_of, to_dates
from dashboard_core.data.vocabulary import POPULATION_TYPE_WORDS
from dashboard_core.viz.flows import capitals, key_events

TYPE_LABELS: dict[str, str] = POPULATION_TYPE_WORDS
# People move from `location` back to `origin` (returns); the rest from origin to location.
RETURN_TYPES: frozenset[str] = frozenset(
    {"returned_refugees", "repatriated_nationals", "deportations", "returns", "evacuated"}
)
DEFAULT_TYPES: tuple[str, ...] = (
    "refugees",
    "asylum_seekers",
    "other_in_need",
    "returned_refugees",
    "returns",
)
DIRECTIONS: tuple[str, ...] = ("from", "hosted")
# Sidebar labels double as URL values (Streamlit binds a widget's label, not its option).
DIRECTION_LABELS: dict[str, str] = {
    "from": "From the selected countries",
    "hosted": "Hosted by the selected countries",
}
# The filter on the other side of the movement, by direction: (label, URL key, file-name prefix).
COUNTERPART_FILTERS: dict[str, tuple[str, str, str]] = {
    "hosted": ("Origin (nationality)", "origin", "origin"),
    "from": ("Host, or country left for returns", "destination", "in"),
}
DIRECTION_HELP = (
    "From: people whose nationality or origin is a selected country, wherever they are. Hosted: "
    "people in a selected country; for returns, people who left it to go home."
)
STOCK_TYPES_FOR_HOSTS: tuple[str, ...] = (
    "refugees",
    "asylum_seekers",
    "stateless",
    "others_of_concern",
    "other_in_need",
)
GROUPS: tuple[str, ...] = ("women", "children", "men")
EVENT_CATEGORIES: tuple[str, ...] = ("security", "shutdown", "humanitarian")  # annotations
UNSPLIT = "not broken down"
OPERATION_COLUMNS: tuple[str, ...] = (
    "country", "operation", "from", "period", "women", "children", "men", "total", "source",
    "note",
)  # fmt: skip
INTRO = (
    "People displaced from, hosted in or returning to the selected countries: UNHCR end-year "
    "stocks and yearly flows, and figures quoted in documents (shown one by one, never added)."
)
SERIES_NOTE = (
    "One panel per country, its own scale. Lines join full years of UNHCR figures summed over "
    "partner countries and break where a year is missing; squares are figures from documents, "
    "diamonds figures for a date or part of a year (never joined, never added)."
)
OPERATIONS_NOTE = (
    "Each bar is one report as the source gives it: a single operation or a cumulative total "
    "'to date'. Reports overlap, so they are never added up. Grey: the part of a stated total the "
    "source does not split into women, children and men. Shown for the selected countries and "
    "years, whatever the population-type filter."
)


def preferred_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows charts draw: the preferred reading of each cell (`data.preference`: UNHCR's
    release before a document's figure for the same people and year). The others stay in the
    table and the downloads, marked."""
    if rows.empty or "preferred" not in rows:
        return rows
    return rows[rows["preferred"].fillna(True).astype(bool)]


def other_readings(rows: pd.DataFrame) -> int:
    """Rows (whole-group totals) left out of the charts: another reading of their cell is
    preferred."""
    if rows.empty or "preferred" not in rows:
        return 0
    total = rows["group"].fillna("total").eq("total")
    return int((total & ~rows["preferred"].fillna(True).astype(bool)).sum())


def other_readings_note(others: int) -> str:
    if not others:
        return ""
    return (
        f"{count_text(others, 'other reading')} of what this shows "
        "(a document's figure for people UNHCR also counts that year) "
        f"{'is' if others == 1 else 'are'} not drawn: the table lists "
        f"{'it' if others == 1 else 'them'}, marked."
    )


def type_label(population_type: str, measure: str | None = None) -> str:
    label = TYPE_LABELS.get(population_type, population_type.replace("_", " ").capitalize())
    if measure == "stock":
        return f"{label} (stock)"
    if measure == "flow":
        return f"{label} (flow in year)"
    return label


def type_options(df: pd.DataFrame) -> list[str]:
    """Population types present, in the contract's order, unknown ones after."""
    present = set(df["population_type"].dropna())
    known = [t for t in POPULATION_TYPES if t in present]
    return known + sorted(present - set(known))


def default_types(options: Sequence[str]) -> list[str]:
    chosen = [t for t in DEFAULT_TYPES if t in options]
    return chosen or list(options[:1])


def select_rows(
    df: pd.DataFrame,
    countries: Sequence[str],
    types: Sequence[str] = (),
    direction: str = "from",
    counterparts: Sequence[str] = (),
) -> pd.DataFrame:
    """Rows of the chosen population types about people from the selected countries (`from`:
    origin in countries) or in them (`hosted`: location in countries). Empty `types` = all.
    `counterparts` narrows the other side, as UNHCR's Data Finder does: the hosts (or countries
    left) on the `from` view, the origins on the `hosted` view; empty = all."""
    return df[selection_mask(df, countries, types, direction, counterparts)]


def counterpart_column(direction: str) -> str:
    """The column of the other side: where people are (`from`), where they come from (`hosted`)."""
    return "location_iso3" if direction == "from" else "origin_iso3"


def selection_mask(
    df: pd.DataFrame,
    countries: Sequence[str],
    types: Sequence[str] = (),
    direction: str = "from",
    counterparts: Sequence[str] = (),
) -> pd.Series:
    """The boolean row mask behind `select_rows`."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}; expected one of {DIRECTIONS}")
    col = "origin_iso3" if direction == "from" else "location_iso3"
    mask = df[col].isin(list(countries))
    if types:
        mask &= df["population_type"].isin(list(types))
    if counterparts:
        mask &= df[counterpart_column(direction)].isin(list(counterparts)).fillna(False)
    return mask.astype(bool)


def counterpart_options(df: pd.DataFrame, direction: str, names: Mapping[str, str]) -> list[str]:
    """The codes the other side takes in the data: the focus countries first, then by name."""
    codes = set(df[counterpart_column(direction)].dropna().astype(str)) - {""}
    focus = [c for c in FOCUS_ISO3 if c in codes]
    rest = sorted(codes - set(focus), key=lambda c: (name_of(c, names), c))
    return focus + rest


def in_years(df: pd.DataFrame, years: Sequence[int] | None) -> pd.DataFrame:
    if not years:
        return df
    return df[df["year"].between(min(years), max(years))]


def prepared(df: pd.DataFrame) -> pd.DataFrame:
    """The displacement table with helper columns: `kind` (year / partial), `period`, `official`,
    `moves_from` / `moves_to` (where people left and where they are or went)."""
    if df.empty:
        return df.assign(kind=[], period=[], official=[], moves_from=[], moves_to=[])
    out = df.copy()
    kinds = period_kinds(out["period_start"], out["period_end"])
    # A stock counted at the end of a year is a full-year figure too.
    end = to_dates(out["period_end"])
    start = to_dates(out["period_start"])
    year_end_stock = (
        (out["measure"] == "stock")
        & (end.dt.month == 12)
        & (end.dt.day == 31)
        & (start.isna() | (start == end))
    )
    kinds = kinds.mask(year_end_stock.fillna(False), "year")
    out["kind"] = kinds.map({"year": "year"}).fillna("partial")
    out["period"] = [
        str(y) if k == "year" else period_label(s, e)
        for y, k, s, e in zip(
            out["year"], out["kind"], out["period_start"], out["period_end"], strict=True
        )
    ]
    # from a publisher's data file, summed within its own source: the embedded releases and
    # the files a user or the operator imported (UNHCR tables, a line of their own)
    out["official"] = (
        out["verification"].isin(["official_release", "imported"]).fillna(False).astype(bool)
    )
    ptype = out["population_type"]
    # Evacuations run both ways in the data: Afghans flown to Germany (origin -> location) and
    # Kazakh citizens brought home from Gaza (location -> origin, nationals of a CA state).
    is_return = ptype.isin(RETURN_TYPES - {"evacuated"}) | (
        ptype.eq("evacuated") & out["origin_iso3"].isin(CENTRAL_ASIA_5)
    )
    is_return = is_return.fillna(False).astype(bool)
    out["moves_from"] = out["location_iso3"].where(is_return, out["origin_iso3"])
    out["moves_to"] = out["origin_iso3"].where(is_return, out["location_iso3"])
    out["year"] = out["year"].astype(int)
    return out


def series_frame(
    rows: pd.DataFrame,
    direction: str,
    names: Mapping[str, str],
    source_names: Mapping[str, str],
    log_scale: bool = False,
) -> pd.DataFrame:
    """Points for the time series, one panel per selected country (`country`), from the
    preferred readings only (`preferred_rows`): official full-year figures summed over partner
    countries (`mark` annual, lines broken at missing years); every other figure a separate
    point (`mark` other or partial)."""
    cols = [
        "country_iso3",
        "country",
        "series",
        "year",
        "value",
        "mark",
        "segment",
        "tooltip",
        "source_id",
        "verification",
    ]
    d = preferred_rows(rows)
    d = d[d["group"].fillna("total") == "total"] if not d.empty else d
    if d.empty:
        return pd.DataFrame(columns=cols)
    if log_scale:
        d = d[d["value"] > 0]
    key_col = "origin_iso3" if direction == "from" else "location_iso3"
    other_col = "location_iso3" if direction == "from" else "origin_iso3"
    combos = d[["population_type", "measure"]].drop_duplicates()
    combos["series"] = [
        type_label(t, m)
        for t, m in zip(combos["population_type"].tolist(), combos["measure"].tolist(), strict=True)
    ]
    d = d.merge(combos, on=["population_type", "measure"], how="left")
    d["country_iso3"] = d[key_col]
    off = d[d["official"] & (d["kind"] == "year")]
    summed = (
        off.groupby(["country_iso3", "series", "source_id", "year"], as_index=False)
        .agg(value=("value", "sum"), n=("value", "size"), verification=("verification", "first"))
        .assign(mark="annual")
    )
    summed = add_segments(summed, ["country_iso3", "series", "source_id"])
    summed["tooltip"] = [
        f"{name_of(c, names)} · {s} | {y}: {format_people(v)} people"
        f" ({n} partner countr{'y' if n == 1 else 'ies'}; {source_names.get(src, src)})"
        for c, s, y, v, n, src in zip(
            summed["country_iso3"],
            summed["series"],
            summed["year"],
            summed["value"],
            summed["n"],
            summed["source_id"],
            strict=True,
        )
    ]
    rest = d[~(d["official"] & (d["kind"] == "year"))]
    rest = rest.assign(
        mark=rest["kind"].map({"year": "other"}).fillna("partial"),
        segment=None,
        tooltip=[
            f"{name_of(c, names)} · {s} | {p}: {format_people(v)} people"
            f" ({'in' if direction == 'from' else 'from'} {_where(o, names)};"
            f" {source_names.get(src, src)})"
            for c, s, p, v, o, src in zip(
                rest["country_iso3"],
                rest["series"],
                rest["period"],
                rest["value"],
                rest[other_col],
                rest["source_id"],
                strict=True,
            )
        ],
    )
    out = pd.concat([summed, rest], ignore_index=True)
    out["country"] = [name_of(c, names) for c in out["country_iso3"]]
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype(float)
    out["tooltip"] = out["tooltip"].astype(str)  # one dtype whether or not any point is apart
    return out[cols].reset_index(drop=True)


def series_in_years(series: pd.DataFrame, years: Sequence[int] | None) -> pd.DataFrame:
    """The points of `years`, cut from a `series_frame` of a wider span. Every point stands for
    one year on its own (official sums run over partner countries within a year) and a run of
    consecutive years cut at the edge of the range is still a run, so the cut draws the same
    chart as a `series_frame` of those years alone, without recomputing labels and sums."""
    if not years or series.empty:
        return series
    return series[series["year"].between(min(years), max(years))].reset_index(drop=True)


def _where(code: object, names: Mapping[str, str]) -> str:
    return name_of(code, names) if isinstance(code, str) and code else "unspecified"


def map_years(rows: pd.DataFrame) -> list[int]:
    if rows.empty:
        return []
    return sorted(int(y) for y in rows["year"].unique())


def repatriations(
    df: pd.DataFrame,
    countries: Sequence[str],
    names: Mapping[str, str],
    source_names: Mapping[str, str],
    places: Sequence[str] = ("SYR", "IRQ"),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per reported operation or cumulative figure: country, operation, from where,
    dates, women, children, men, total as stated; the same as bar segments, with the part of a
    stated total the source does not break down). Nothing is summed across reports."""
    table_cols = [
        "country",
        "operation",
        "from",
        "period",
        "women",
        "children",
        "men",
        "total",
        "source",
        "note",
    ]
    d = df[(df["population_type"] == "repatriated_nationals") & df["origin_iso3"].isin(countries)]
    loc = d["location_iso3"].fillna("")
    d = d[loc.isin(places) | loc.str.contains("|".join(places)) | (loc == "")]
    if d.empty:
        return pd.DataFrame(columns=table_cols), pd.DataFrame()
    d = d.assign(
        operation=d["operation"].fillna("").astype(str),
        location_iso3=d["location_iso3"].fillna(""),
        _start=to_dates(d["period_start"]),
        _end=to_dates(d["period_end"]),
        note=d.get("note"),
    )
    keys = ["origin_iso3", "operation", "location_iso3", "_start", "_end", "source_id"]
    reports = []
    for key, grp in d.groupby(keys, dropna=False, sort=False):
        origin, op, loc_code, start, end, src = key
        by_group = dict(zip(grp["group"].tolist(), grp["value"].tolist(), strict=True))
        rec = {g: (float(by_group[g]) if g in by_group else None) for g in (*GROUPS, "total")}
        notes = "; ".join(sorted({str(n) for n in grp["note"].dropna().tolist()}))
        reports.append(
            {
                "country_iso3": origin,
                "country": name_of(origin, names),
                "operation": op or "(not named)",
                "from": " and ".join(name_of(c, names) for c in loc_code.split(";") if c)
                or "not stated",
                "period": period_label(start, end),
                "_sort": end if pd.notna(end) else start,
                **rec,
                "source": source_names.get(src, src),
                "source_id": src,
                "verification": grp["verification"].iloc[0],
                "note": notes,
            }
        )
    table = pd.DataFrame(reports).sort_values(["country", "_sort"], na_position="last")
    table["label"] = [
        f"{c}: {'' if o.startswith('(') else o + ', '}from {w} ({p})"
        for c, o, w, p in zip(
            table["country"], table["operation"], table["from"], table["period"], strict=True
        )
    ]
    segs = []
    for r in table.itertuples(index=False):
        parts = {g: getattr(r, g) for g in GROUPS if getattr(r, g) is not None}
        known = sum(v for v in parts.values() if pd.notna(v))
        for g, v in parts.items():
            if pd.notna(v) and v > 0:
                segs.append({"label": r.label, "country": r.country, "group": g, "value": v})
        if r.total is not None and pd.notna(r.total) and r.total > known:
            segs.append(
                {"label": r.label, "country": r.country, "group": UNSPLIT, "value": r.total - known}
            )
    seg = pd.DataFrame(segs)
    if not seg.empty:
        totals = table.set_index("label")["total"]
        stated = [
            f"total {format_people(totals[lab])}" if pd.notna(totals.get(lab)) else "no total given"
            for lab in seg["label"]
        ]
        seg["tooltip"] = [
            f"{lab} | {g}: {format_people(v)} ({s})"
            for lab, g, v, s in zip(seg["label"], seg["group"], seg["value"], stated, strict=True)
        ]
        seg["total_text"] = [
            format_people(totals[lab]) if pd.notna(totals.get(lab)) else "" for lab in seg["label"]
        ]
        seg["order"] = seg["label"].map({lab: i for i, lab in enumerate(table["label"])})
        seg["end"] = seg.groupby("label")["value"].transform("sum")
        seg["is_end"] = ~seg.duplicated("label", keep="last")
    table = table.drop(columns=["_sort"])
    extra = ["label", "source_id", "verification"]
    return table[[*table_cols, *extra]].reset_index(drop=True), seg


def hosts_compared(
    df: pd.DataFrame,
    hosts: Sequence[str],
    types: Sequence[str],
    population: pd.DataFrame | None,
    names: Mapping[str, str],
    years: Sequence[int] | None = None,
) -> tuple[pd.DataFrame, int | None, list[str]]:
    """People hosted by each selected country (stock types among `types`; all origins; the
    preferred readings only; one source per host and type, official first), per 1,000
    inhabitants where the population
    of that same year is known. Uses the latest year (within `years`) that has both
    displacement and population figures, else the latest with displacement figures.
    Returns (frame, year, sentences about hosts without figures)."""
    stock_types = [t for t in types if t in STOCK_TYPES_FOR_HOSTS] or ["refugees"]
    df = preferred_rows(df)
    d = df[
        df["location_iso3"].isin(hosts)
        & df["population_type"].isin(stock_types)
        & (df["group"].fillna("total") == "total")
        & (df["kind"] == "year")
    ]
    if years:
        d = d[d["year"].between(min(years), max(years))]
    notes: list[str] = []
    if d.empty:
        return pd.DataFrame(), None, notes
    pop = (
        population
        if population is not None
        else pd.DataFrame(columns=["iso3", "year", "population"])
    )
    pop = pop[pop["population"].notna()][["iso3", "year", "population"]]
    pop_keys = set(zip(pop["iso3"], pop["year"].astype(int), strict=True))
    data_years = sorted(d["year"].unique())
    both = [y for y in data_years if any((h, int(y)) in pop_keys for h in hosts)]
    year = int(both[-1] if both else data_years[-1])
    if both and both[-1] != data_years[-1]:
        notes.append(
            f"Population figures end before {int(data_years[-1])}; hosts are compared for "
            f"{year}, the latest year with both."
        )
    d = d[d["year"] == year]
    off = d[d["official"]]
    summed = off.groupby(
        ["location_iso3", "population_type", "source_id", "verification"], as_index=False
    )["value"].sum()
    summed["_rank"] = summed["verification"].ne("official_release").astype(float) / 2
    doc = d[~d["official"]]
    single = doc.groupby(["location_iso3", "population_type"]).filter(lambda g: len(g) == 1)
    single = single[["location_iso3", "population_type", "source_id", "value"]].assign(_rank=1)
    best = (
        pd.concat([summed, single], ignore_index=True)
        .sort_values("_rank")
        .drop_duplicates(["location_iso3", "population_type"])
    )
    popmap = {
        (i, int(y)): float(p)
        for i, y, p in pop[["iso3", "year", "population"]].itertuples(index=False)
    }
    best["population"] = [popmap.get((h, year)) for h in best["location_iso3"]]
    best["per_1000"] = [
        v / p * 1000 if p else None for v, p in zip(best["value"], best["population"], strict=True)
    ]
    best["host"] = [name_of(h, names) for h in best["location_iso3"]]
    best["type"] = [type_label(t) for t in best["population_type"]]
    best["year"] = year
    best["tooltip"] = [
        f"{h}, {t} {year}: {format_people(v)}"
        + (
            f" = {pk:.2f} per 1,000 inhabitants (population {format_people(p)})"
            if p
            else " (no population figure for this year)"
        )
        for h, t, v, pk, p in zip(
            best["host"],
            best["type"],
            best["value"],
            best["per_1000"],
            best["population"],
            strict=True,
        )
    ]
    for h in hosts:
        if h not in set(best["location_iso3"]):
            notes.append(f"{name_of(h, names)}: no figure for {year}.")
        elif (h, year) not in pop_keys:
            notes.append(f"{name_of(h, names)}: no population figure for {year}, so no rate.")
    best["value"] = best["value"].astype(float)
    best["per_1000"] = pd.to_numeric(best["per_1000"], errors="coerce").astype(float)
    cols = [
        "location_iso3",
        "host",
        "population_type",
        "type",
        "year",
        "value",
        "population",
        "per_1000",
        "source_id",
        "tooltip",
    ]
    return best[cols].reset_index(drop=True), year, notes


class DisplacementView:
    """Everything the page shows for one selection. The table rows, the prepared rows and the
    map years are computed at once; the time series, the repatriation operations and the hosts
    comparison on first use, so a page section that is not drawn costs nothing. Read-only once
    built (the UI layer shares it between sessions)."""

    def __init__(
        self,
        rows: pd.DataFrame,
        prepared_all: pd.DataFrame,
        population: pd.DataFrame | None,
        countries: Sequence[str],
        years: Sequence[int],
        types: Sequence[str],
        direction: str,
        names: Mapping[str, str],
        source_names: Mapping[str, str],
        log_scale: bool = False,
        counterparts: Sequence[str] = (),
    ) -> None:
        # shown and downloaded
        self.rows = select_rows(rows, countries, types, direction, counterparts)
        # One combined mask: filtering the whole prepared table twice costs more than the rest.
        mask = selection_mask(prepared_all, countries, types, direction, counterparts)
        if years:
            mask &= prepared_all["year"].between(min(years), max(years))
        self.prep = prepared_all[mask]  # the same rows, prepared
        self.years = map_years(self.prep)  # years the map can show
        self._prepared, self._population = prepared_all, population
        self._countries, self._years, self._types = tuple(countries), tuple(years), tuple(types)
        self._direction, self._names, self._sources = direction, names, source_names
        self._log = log_scale

    @cached_property
    def period(self) -> pd.DataFrame:
        """Prepared rows of every country in the years (repatriations and hosts)."""
        return in_years(self._prepared, self._years)

    @cached_property
    def others(self) -> int:
        """Rows of the selection the charts leave out (another reading is preferred)."""
        return other_readings(self.prep)

    @property
    def series(self) -> pd.DataFrame:
        return self.series_for(self._log)

    def series_for(self, log_scale: bool) -> pd.DataFrame:
        """Time-series points; on a log scale, figures of zero or less are left out."""
        return self._log_series if log_scale else self._linear_series

    @cached_property
    def _linear_series(self) -> pd.DataFrame:
        return series_frame(self.prep, self._direction, self._names, self._sources)

    @cached_property
    def _log_series(self) -> pd.DataFrame:
        return series_frame(self.prep, self._direction, self._names, self._sources, True)

    @cached_property
    def _operations(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        return repatriations(self.period, self._countries, self._names, self._sources)

    @property
    def operations(self) -> pd.DataFrame:
        return self._operations[0]

    @property
    def operation_segments(self) -> pd.DataFrame:
        return self._operations[1]

    @cached_property
    def _hosts(self) -> tuple[pd.DataFrame, int | None, list[str]]:
        return hosts_compared(
            self.period, self._countries, self._types, self._population, self._names, self._years
        )

    @property
    def hosts(self) -> pd.DataFrame:
        return self._hosts[0]

    @property
    def hosts_year(self) -> int | None:
        return self._hosts[1]

    @property
    def hosts_notes(self) -> list[str]:
        return self._hosts[2]


def build_view(
    rows: pd.DataFrame,
    prepared_all: pd.DataFrame,
    population: pd.DataFrame | None,
    countries: Sequence[str],
    years: Sequence[int],
    types: Sequence[str],
    direction: str,
    names: Mapping[str, str],
    source_names: Mapping[str, str],
    log_scale: bool = False,
    counterparts: Sequence[str] = (),
) -> DisplacementView:
    """`rows`: the clean table after the shared filters; `prepared_all`: `prepared` of the
    whole clean table (cached by the caller)."""
    return DisplacementView(
        rows,
        prepared_all,
        population,
        countries,
        years,
        types,
        direction,
        names,
        source_names,
        log_scale,
        counterparts,
    )


def operations_display(table: pd.DataFrame) -> pd.DataFrame:
    """The operations table for the screen: counts as text, "not given" where the source is
    silent (a blank would read as zero)."""
    out = table[list(OPERATION_COLUMNS)].copy()
    for col in (*GROUPS, "total"):
        out[col] = [format_people(v, missing="not given") for v in out[col]]
    return out


def hosts_sources(hosts: pd.DataFrame, population: pd.DataFrame | None) -> pd.DataFrame:
    """Rows naming the sources behind the hosts chart: displacement and population figures."""
    frames = [hosts[["source_id"]]]
    if population is not None and not population.empty and len(hosts):
        used = population[
            population["iso3"].isin(hosts["location_iso3"])
            & population["year"].isin(hosts["year"].unique())
        ]
        frames.append(used[["source_id"]])
    return pd.concat(frames, ignore_index=True)


def hosts_note(year: int | None, notes: Sequence[str]) -> str:
    text = (
        f"People hosted in {year} (all origins; stock types among the chosen population types, "
        "refugees if none), whatever the direction switch; rates use the population of the "
        "same year (World Bank)."
    )
    return " ".join([text, *notes])


@dataclass(frozen=True)
class DisplacementContext:
    """What the page derives once per data version (the UI layer caches it)."""

    names: dict[str, str]
    sources: dict[str, str]
    types: list[str]
    prepared: pd.DataFrame
    places: dict[str, dict]
    origins: list[str]  # what the origin filter offers (hosted view)
    locations: list[str]  # what the host filter offers (from view)
    titles: dict[str, str] = field(default_factory=dict)  # source_id -> short title (tooltips)


def page_context(
    displacement: pd.DataFrame, countries: pd.DataFrame, sources: pd.DataFrame
) -> DisplacementContext:
    names = country_names(countries)
    return DisplacementContext(
        names=names,
        sources=short_source_names(sources),
        types=type_options(displacement),
        prepared=prepared(displacement),
        places=capitals(countries),
        titles=map_source_titles(sources),
        origins=counterpart_options(displacement, "hosted", names),
        locations=counterpart_options(displacement, "from", names),
    )


@dataclass(frozen=True)
class DisplacementSelection:
    """What the Displacement page is asked to show: the shared filters plus its own choices."""

    countries: tuple[str, ...]
    years: tuple[int, int]
    types: tuple[str, ...]
    direction: str
    counterparts: tuple[str, ...] = ()  # origins (hosted view) or hosts (from view); () = all

    def over(self, years: tuple[int, int]) -> DisplacementSelection:
        """The same selection over other years (the map of one year ignores the range)."""
        return replace(self, years=years)


def view_for(
    displacement: pd.DataFrame,
    population: pd.DataFrame | None,
    ctx: DisplacementContext,
    selection: DisplacementSelection,
) -> DisplacementView:
    """The `DisplacementView` of a selection, from the whole clean `displacement` table."""
    rows = apply_filters(
        displacement, "displacement", Filters(selection.countries, selection.years)
    )
    return build_view(
        rows,
        ctx.prepared,
        population,
        selection.countries,
        selection.years,
        selection.types,
        selection.direction,
        ctx.names,
        ctx.sources,
        counterparts=selection.counterparts,
    )


def series_with_events(
    whole: DisplacementView, events: pd.DataFrame, selection: DisplacementSelection, log: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The series of the selected years, cut from the view over every year (`whole`), and the
    key events to mark on it (Afghanistan's first)."""
    series = series_in_years(whole.series_for(log), selection.years)
    span = span_of(series, selection.years)
    marked = key_events(events, selection.countries, span, EVENT_CATEGORIES, prefer=("AFG",))
    return series, marked
