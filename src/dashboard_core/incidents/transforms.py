"""Border incidents: labels, page-specific filters, timelines and per-border-pair summaries.

Plain pandas (no Streamlit). Conventions:
- A casualty count is the fatality range ``fatalities_min``-``fatalities_max``. A disputed count
  keeps both ends; a count the sources do not give stays empty and is reported as "unknown", never
  as 0.
- Sums of ranges: the low end adds the known minima (an incident known only by its maximum adds 0
  to the low end), the high end adds the maxima (the minimum where only that is known). Incidents
  with no known count are counted separately (``unknown_tolls``) so a total never hides them.
- A border pair is the unordered pair ``country_iso3``/``counterpart_iso3``, Central Asian state
  first (KAZ, KGZ, TJK, TKM, UZB, then AFG, then any other code alphabetically): ``KGZ-TJK``,
  ``TJK-AFG``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard_core.data import indicators
from dashboard_core.data.contract import DATE_PRECISIONS, FOCUS_ISO3, TABLE_COLUMNS
from dashboard_core.data.filters import (
    MATCH_ALL,
    MATCH_ANY,
    Filters,
    apply_filters,
    columns_all,
    row_mask,
)
from dashboard_core.data.formatting import clean_text, count_text, is_missing
from dashboard_core.data.naming import FALLBACK_COUNTRY_NAMES, known_country_names
from dashboard_core.data.provenance import source_label
from dashboard_core.data.vocabulary import INCIDENT_TYPE_WORDS
from dashboard_core.viz import tooltips
from dashboard_core.viz.timeline import annotation_frame

PRECISION_OPTIONS: list[str] = list(DATE_PRECISIONS)  # day, month, quarter, year

# Labels are what a bound widget writes into the URL: keep them short and stable.
CASUALTY_OPTIONS: dict[str, str] = {
    "any": "Any",
    "one_plus": "At least one killed or injured",
}

EVENT_TYPE_LABELS: dict[str, str] = INCIDENT_TYPE_WORDS

# Okabe-Ito hues first, then two extra distinguishable ones; "other" is grey.
EVENT_TYPE_COLOURS: dict[str, str] = {
    "armed_clash": "#D55E00",
    "cross_border_fire": "#E69F00",
    "attack": "#CC79A7",
    "rocket_attack": "#0072B2",
    "drone_strike": "#000000",
    "explosion": "#882255",
    "border_shooting": "#56B4E9",
    "smuggling_interdiction": "#009E73",
    "protest": "#B8A100",
    "other": "#7F7F7F",
}

GEO_PRECISION_LABELS: dict[str, str] = {
    "place": "at the named place",
    "nearby_place": "approximate: put at a nearby place",
    "admin1": "approximate: province/region only",
    "border_area": "approximate: border area only",
    "country": "approximate: country only",
}

# Columns the page shows and downloads (the contract's, then the clean table's extras, then ours).
DISPLAY_EXTRAS: tuple[str, ...] = ("place_name", "cited_source", "note")
DERIVED_COLUMNS: tuple[str, ...] = ("border_pair", "border_pair_label", "casualties")

_ORDER = {iso: i for i, iso in enumerate(FOCUS_ISO3)}
MONTH_FMT = "%Y-%m"
PARTY_COLUMNS: tuple[str, ...] = ("country_iso3", "counterpart_iso3")


def pair_key(country: object, counterpart: object) -> str:
    """Unordered border-pair key, Central Asian state first: ('AFG','TJK') -> 'TJK-AFG'."""
    codes = [c for c in (clean_text(country), clean_text(counterpart)) if c]
    if not codes:
        return ""
    codes = sorted(set(codes), key=lambda c: (_ORDER.get(c, len(_ORDER)), c))
    return "-".join(codes)


def pair_label(key: str, names: Mapping[str, str] | None = None) -> str:
    names = names or FALLBACK_COUNTRY_NAMES
    parts = [p for p in key.split("-") if p]
    if not parts:
        return "Unknown"
    if len(parts) == 1:
        return f"{names.get(parts[0], parts[0])} (no counterpart)"
    return "–".join(names.get(p, p) for p in parts)


def _fmt_int(value: float) -> str:
    return f"{int(round(value)):,}"


def casualty_label(fmin: object, fmax: object, injuries: object = None) -> str:
    """'3', '3–5 (disputed)', 'at least 3', 'up to 5' or 'unknown'; injuries appended when known."""
    lo = None if is_missing(fmin) else float(fmin)
    hi = None if is_missing(fmax) else float(fmax)
    if lo is None and hi is None:
        text = "killed: unknown"
    elif lo is not None and hi is not None and lo == hi:
        text = f"{_fmt_int(lo)} killed"
    elif lo is not None and hi is not None:
        text = f"{_fmt_int(lo)}–{_fmt_int(hi)} killed (disputed)"
    elif lo is not None:
        text = f"at least {_fmt_int(lo)} killed"
    else:
        text = f"up to {_fmt_int(hi)} killed"
    if not is_missing(injuries):
        text += f", {_fmt_int(float(injuries))} injured"
    return text


def date_label(start: object, end: object, precision: object) -> str:
    """Date text honouring its precision: '2022-09-14', 'September 2022', '2022', or a range."""
    if is_missing(start):
        return "date unknown"
    start = pd.Timestamp(start)
    precision = clean_text(precision) or "day"

    def one(ts: pd.Timestamp) -> str:
        if precision == "year":
            return f"{ts.year}"
        if precision == "month":
            return ts.strftime("%B %Y")
        if precision == "quarter":
            return f"Q{(ts.month - 1) // 3 + 1} {ts.year}"
        return ts.strftime("%Y-%m-%d")

    text = one(start)
    if not is_missing(end):
        end_text = one(pd.Timestamp(end))
        if end_text != text:
            text = f"{text} to {end_text}"
    return text


def _numeric(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").astype("float64")


def prepare(
    incidents: pd.DataFrame,
    countries: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Typed copy with derived columns used by filters, charts and maps (no row added or
    dropped)."""
    df = incidents.copy()
    names = known_country_names(countries)
    for col in ("date_start", "date_end"):
        df[col] = pd.to_datetime(df[col], errors="coerce") if col in df else pd.NaT
    for col in ("lat", "lon", "fatalities_min", "fatalities_max", "injuries"):
        if col in df:
            df[col] = _numeric(df[col])
        else:
            df[col] = float("nan")
    for col in ("counterpart_iso3", "date_precision", "geo_precision", "event_type"):
        if col not in df:
            df[col] = None
    df["border_pair"] = [
        pair_key(a, b) for a, b in zip(df["country_iso3"], df["counterpart_iso3"], strict=False)
    ]
    df["border_pair_label"] = [pair_label(k, names) for k in df["border_pair"]]
    df["casualties"] = [
        casualty_label(a, b, c)
        for a, b, c in zip(df["fatalities_min"], df["fatalities_max"], df["injuries"], strict=False)
    ]
    lo, hi = df["fatalities_min"], df["fatalities_max"]
    df["fat_lo"] = lo.where(lo.notna(), hi.where(hi.isna(), 0.0))
    df["fat_hi"] = hi.where(hi.notna(), lo)
    df["approximate"] = df["geo_precision"].fillna("country").astype(str) != "place"
    df["date_text"] = [
        date_label(s, e, p)
        for s, e, p in zip(df["date_start"], df["date_end"], df["date_precision"], strict=False)
    ]
    cited = df["cited_source"] if "cited_source" in df else pd.Series([None] * len(df))
    df["source_text"] = [
        source_label(s, loc, v, sources, c)
        for s, loc, v, c in zip(
            df.get("source_id", pd.Series([None] * len(df))),
            df.get("locator", pd.Series([None] * len(df))),
            df.get("verification", pd.Series([None] * len(df))),
            cited,
            strict=False,
        )
    ]
    return df


def event_type_options(df: pd.DataFrame) -> list[str]:
    present = set(df["event_type"].dropna().astype(str)) if "event_type" in df else set()
    known = [t for t in EVENT_TYPE_LABELS if t in present]
    return known + sorted(present - set(known))


def border_pair_options(df: pd.DataFrame) -> list[str]:
    """Border-pair keys present in the data, most incidents first, then by key."""
    if df.empty or "border_pair" not in df:
        return []
    counts = df.loc[df["border_pair"] != "", "border_pair"].value_counts()
    return sorted(counts.index, key=lambda k: (-counts[k], k))


def filter_incidents(
    df: pd.DataFrame,
    event_types: Iterable[str] | None = None,
    border_pairs: Iterable[str] | None = None,
    casualties: str = "any",
    date_precisions: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Apply the page's own filters to a `prepare`d frame. Empty or None selections mean 'all'."""
    mask = pd.Series(True, index=df.index)
    event_types = list(event_types or [])
    border_pairs = list(border_pairs or [])
    date_precisions = list(date_precisions or [])
    if event_types:
        mask &= df["event_type"].isin(event_types)
    if border_pairs:
        mask &= df["border_pair"].isin(border_pairs)
    if date_precisions:
        mask &= df["date_precision"].isin(date_precisions)
    if casualties == "one_plus":
        mask &= (df["fat_hi"].fillna(0) >= 1) | (df["injuries"].fillna(0) >= 1)
    elif casualties != "any":
        raise ValueError(f"unknown casualties option {casualties!r}")
    return df.loc[mask]


def display_table(df: pd.DataFrame) -> pd.DataFrame:
    """The rows as shown and downloaded: contract columns, the clean extras, then derived labels."""
    contract = [c for c in TABLE_COLUMNS["incidents"] if c in df]
    extras = [c for c in df.columns if c not in contract and c in DISPLAY_EXTRAS]
    derived = [c for c in DERIVED_COLUMNS if c in df]
    other = [
        c
        for c in df.columns
        if c not in contract
        and c not in extras
        and c not in derived
        and c
        not in {"fat_lo", "fat_hi", "approximate", "date_text", "source_text", "tip", "radius"}
    ]
    out = df[contract + extras + other + derived].copy()
    return out.sort_values(["date_start", "incident_id"], kind="stable").reset_index(drop=True)


def source_ids(df: pd.DataFrame) -> list[str]:
    if df.empty or "source_id" not in df:
        return []
    return sorted({s for s in df["source_id"].dropna().astype(str) if s})


def choose_granularity(df: pd.DataFrame, max_months: int = 48) -> str:
    """'month' when the incidents span at most `max_months` months, else 'year'."""
    dates = df["date_start"].dropna() if "date_start" in df else pd.Series(dtype="datetime64[ns]")
    if dates.empty:
        return "year"
    span = (dates.max().year - dates.min().year) * 12 + dates.max().month - dates.min().month + 1
    return "month" if span <= max_months else "year"


def _sum_or_nan(values: pd.Series) -> float:
    return float(values.sum()) if values.notna().any() else math.nan


def timeline_frame(df: pd.DataFrame, granularity: str = "month") -> tuple[pd.DataFrame, int]:
    """Incidents and casualty ranges per month or year.

    Returns (frame, n_left_out): in the monthly view an incident known only to the year (or quarter)
    cannot be placed in a month and is left out and counted, never spread. Periods between the first
    and last incident with no incident keep a row (the axis spans them) with no count (<NA>: the
    documents record none, which is not zero incidents) and empty casualties.
    Columns: period (Timestamp), period_end (start of the next period), period_label, incidents,
    fatalities_low, fatalities_high, unknown_tolls.
    """
    if granularity not in {"month", "year"}:
        raise ValueError(f"granularity must be 'month' or 'year', not {granularity!r}")
    cols = [
        "period",
        "period_end",
        "period_label",
        "incidents",
        "fatalities_low",
        "fatalities_high",
        "unknown_tolls",
    ]
    dated = df.loc[df["date_start"].notna()]
    left_out = 0
    if granularity == "month":
        coarse = ~dated["date_precision"].fillna("day").isin(["day", "month"])
        left_out = int(coarse.sum())
        dated = dated.loc[~coarse]
    if dated.empty:
        return pd.DataFrame(columns=cols), left_out
    freq = "MS" if granularity == "month" else "YS"
    periods = dated["date_start"].dt.to_period("M" if granularity == "month" else "Y")
    starts = periods.dt.start_time
    work = dated.assign(period=starts, unknown=dated["fat_lo"].isna() & dated["fat_hi"].isna())
    g = work.groupby("period", sort=True)
    grouped = pd.DataFrame(
        {
            "incidents": g["incident_id"].size(),
            "fatalities_low": g["fat_lo"].sum(min_count=1),
            "fatalities_high": g["fat_hi"].sum(min_count=1),
            "unknown_tolls": g["unknown"].sum(),
        }
    )
    full = pd.date_range(grouped.index.min(), grouped.index.max(), freq=freq)
    grouped = grouped.reindex(full)
    grouped["incidents"] = grouped["incidents"].astype("Int64")  # a gap stays a gap
    grouped["unknown_tolls"] = grouped["unknown_tolls"].fillna(0).astype(int)
    grouped.index.name = "period"
    out = grouped.reset_index()
    fmt = MONTH_FMT if granularity == "month" else "%Y"
    out["period_label"] = out["period"].dt.strftime(fmt)
    offset = pd.offsets.MonthBegin(1) if granularity == "month" else pd.offsets.YearBegin(1)
    out["period_end"] = out["period"] + offset
    return out[cols], left_out


def by_border_pair(df: pd.DataFrame) -> pd.DataFrame:
    """Counts and casualty ranges per border pair, most incidents first.

    Columns: border_pair, border_pair_label, incidents, fatalities_low, fatalities_high,
    unknown_tolls, injuries, lat, lon (mean of the pair's plotted points, for an aggregate map
    mark).
    """
    cols = [
        "border_pair",
        "border_pair_label",
        "incidents",
        "fatalities_low",
        "fatalities_high",
        "unknown_tolls",
        "injuries",
        "lat",
        "lon",
    ]
    if df.empty:
        return pd.DataFrame(columns=cols)
    work = df.assign(unknown=df["fat_lo"].isna() & df["fat_hi"].isna())
    g = work.groupby(["border_pair", "border_pair_label"], sort=False)
    out = pd.DataFrame(
        {
            "incidents": g["incident_id"].size(),
            "fatalities_low": g["fat_lo"].sum(min_count=1),
            "fatalities_high": g["fat_hi"].sum(min_count=1),
            "unknown_tolls": g["unknown"].sum(),
            "injuries": g["injuries"].sum(min_count=1),
            "lat": g["lat"].mean(),
            "lon": g["lon"].mean(),
        }
    ).reset_index()
    out["unknown_tolls"] = out["unknown_tolls"].astype(int)
    return out.sort_values(["incidents", "border_pair"], ascending=[False, True]).reset_index(
        drop=True
    )[cols]


def range_text(low: object, high: object) -> str:
    if is_missing(low) and is_missing(high):
        return "unknown"
    if is_missing(low) or is_missing(high) or float(low) == float(high):
        value = high if is_missing(low) else low
        return _fmt_int(float(value))
    return f"{_fmt_int(float(low))}–{_fmt_int(float(high))}"


def _json_value(value: object) -> object:
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        return value.item()
    return value


def to_geojson(table: pd.DataFrame) -> dict:
    """Point FeatureCollection of the shown rows (rows without coordinates get a null geometry)."""
    features = []
    for record in table.to_dict(orient="records"):
        lat, lon = record.get("lat"), record.get("lon")
        geometry = None
        if not is_missing(lat) and not is_missing(lon):
            geometry = {"type": "Point", "coordinates": [float(lon), float(lat)]}
        props = {k: _json_value(v) for k, v in record.items()}
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def tooltip_fields(
    row: Mapping[str, object], type_labels: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Plain-text tooltip fields for one incident: date and type, place, border, actors,
    casualty range, summary, source (see `viz.tooltips`)."""
    type_labels = type_labels or EVENT_TYPE_LABELS
    place = (
        clean_text(row.get("location")) or clean_text(row.get("place_name")) or "place not named"
    )
    precision = clean_text(row.get("geo_precision"))
    event_type = clean_text(row.get("event_type"))
    where = f"Place: {place}"
    if precision:
        where += f" ({GEO_PRECISION_LABELS.get(precision, precision)})"
    province = clean_text(row.get("province"))
    lines = [
        where,
        f"Province: {province}" if province else "",
        f"Border: {clean_text(row.get('border_pair_label'))}",
        f"Actors: {clean_text(row.get('actors'))}" if clean_text(row.get("actors")) else "",
        f"Casualties: {clean_text(row.get('casualties'))}",
        clean_text(row.get("summary")),
    ]
    ucdp = clean_text(row.get("ucdp_context"))
    lines.append(f"Conflict context: {ucdp}" if ucdp else "")
    title = f"{clean_text(row.get('date_text'))} · {type_labels.get(event_type, event_type)}"
    return tooltips.fields(title, lines, f"Source: {clean_text(row.get('source_text'))}")


def cap_rows(df: pd.DataFrame, limit: int = 5000) -> pd.DataFrame:
    """Never ship more than `limit` rows to the browser (keeps the most recent)."""
    if len(df) <= limit:
        return df
    return df.sort_values("date_start", ascending=False).head(limit)


def sources_for(df: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame:
    """The `sources` rows cited by `df` (what a caption names)."""
    ids = source_ids(df)
    if sources is None or sources.empty:
        return pd.DataFrame({"source_id": ids})
    return sources.loc[sources["source_id"].isin(ids)].reset_index(drop=True)


def labels_for(keys: Sequence[str], mapping: Mapping[str, str]) -> dict[str, str]:
    return {k: mapping.get(k, k.replace("_", " ").capitalize()) for k in keys}


ANNOTATION_CATEGORIES: tuple[str, ...] = ("shutdown", "security", "incident", "agreement", "summit")
DENSE_POINTS = 300  # above this many points the map opens on the per-border totals


@dataclass(frozen=True)
class IncidentView:
    """Everything the incidents page draws, computed from the same filtered rows."""

    rows: pd.DataFrame  # prepared + filtered (maps and charts read this)
    table: pd.DataFrame  # the same rows as shown and downloaded
    pairs: pd.DataFrame  # per border pair
    timeline: pd.DataFrame
    granularity: str
    left_out: int  # incidents not placed in the monthly timeline (known only to the year)


def build_view(
    prepared: pd.DataFrame,
    shared_mask: pd.Series,
    event_types: Sequence[str] = (),
    border_pairs: Sequence[str] = (),
    casualties: str = "any",
    date_precisions: Sequence[str] = (),
    granularity: str | None = None,
) -> IncidentView:
    """Apply the shared mask (from `filters.row_mask`) and the page filters, then aggregate."""
    rows = filter_incidents(
        prepared.loc[shared_mask], event_types, border_pairs, casualties, date_precisions
    )
    granularity = granularity if granularity in {"month", "year"} else choose_granularity(rows)
    timeline, left_out = timeline_frame(rows, granularity)
    return IncidentView(
        rows, display_table(rows), by_border_pair(rows), timeline, granularity, left_out
    )


def headline(view: IncidentView) -> str:
    """One sentence: how many incidents, killed as a range, how many with an unknown toll."""
    n = len(view.rows)
    if not n:
        return "No incidents match."
    lo, hi = _sum_or_nan(view.rows["fat_lo"]), _sum_or_nan(view.rows["fat_hi"])
    unknown = int((view.rows["fat_lo"].isna() & view.rows["fat_hi"].isna()).sum())
    approx = int(view.rows["approximate"].sum())
    text = f"{n} incident{'s' if n != 1 else ''} recorded; killed: {range_text(lo, hi)}"
    if unknown:
        text += f" (toll unknown for {unknown})"
    if approx:
        text += f". {approx} placed approximately on the map (ringed)"
    return text + "."


def annotation_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events worth marking on an incident timeline (security-related categories)."""
    if events is None or events.empty or "category" not in events:
        return events
    return events.loc[events["category"].isin(ANNOTATION_CATEGORIES)]


def timeline_for(view: IncidentView, granularity: str | None) -> tuple[pd.DataFrame, str, int]:
    """The view's timeline at the asked granularity (recomputed only when it differs)."""
    if granularity not in {"month", "year"} or granularity == view.granularity:
        return view.timeline, view.granularity, view.left_out
    frame, left_out = timeline_frame(view.rows, granularity)
    return frame, granularity, left_out


def timeline_note(left_out: int) -> str:
    text = (
        "Killed: the solid bar reaches the lowest count the sources give, the pale bar the "
        "highest; years or months with no known toll have no bar."
    )
    if left_out:
        text += (
            f" {count_text(left_out, 'incident')} known only to the year "
            f"{'is' if left_out == 1 else 'are'} not in the monthly view "
            "(count per year to include them)."
        )
    return text


INTRO = (
    "Clashes, cross-border fire and attacks on and near the "
    "region's borders, as recorded in the project's source documents."
)
CURATED_NOTE = " A curated record, not a complete count of border incidents."
MAP_VIEWS: dict[str, str] = {"points": "Each incident", "pairs": "Per border pair"}
TIMELINE_STEPS: tuple[str, ...] = ("month", "year")


@dataclass(frozen=True)
class IncidentSelection:
    """What the Incidents page is asked to show: the shared filters plus its own choices."""

    countries: tuple[str, ...]
    years: tuple[int, int]
    event_types: tuple[str, ...] = ()
    border_pairs: tuple[str, ...] = ()
    casualties: str = "any"
    date_precisions: tuple[str, ...] = ()
    match: str = MATCH_ANY  # "all": incidents whose two sides are all the selected countries


def view_for(prepared: pd.DataFrame, selection: IncidentSelection) -> IncidentView:
    """The `IncidentView` of a selection, from the `prepare`d incidents."""
    mask = row_mask(prepared, "incidents", Filters(selection.countries, selection.years))
    if selection.match == MATCH_ALL:
        mask &= columns_all(prepared, PARTY_COLUMNS, selection.countries)
    return build_view(
        prepared,
        mask,
        selection.event_types,
        selection.border_pairs,
        selection.casualties,
        selection.date_precisions,
    )


def nothing_note(selection: IncidentSelection, names: Mapping[str, str]) -> str:
    """What an empty result means, in words."""
    if selection.match == MATCH_ALL and len(selection.countries) > 2:
        return (
            "incidents joining all the selected countries (an incident has two sides at most: "
            "select two countries, or switch to 'touches any')"
        )
    if selection.match == MATCH_ALL and len(selection.countries) == 2:
        pair = " and ".join(names.get(c, c) for c in selection.countries)
        return f"incidents between {pair}"
    return "incidents"


def default_map_view(view: IncidentView) -> str:
    """Per border pair when there are too many points to read one by one."""
    return "pairs" if len(view.rows) > DENSE_POINTS else "points"


def timeline_events(
    events: pd.DataFrame, selection: IncidentSelection, event_years: tuple[int, int]
) -> pd.DataFrame:
    """Up to three key events to mark on the incidents timeline, within the years it draws."""
    chosen = annotation_events(
        apply_filters(events, "events", Filters(selection.countries, selection.years))
    )
    return annotation_frame(chosen, event_years, selection.countries, limit=3, x_field="period")


def headline_figures(
    tables: Mapping[str, pd.DataFrame], countries: Sequence[str], years: tuple[int, int]
) -> pd.DataFrame:
    """Incidents and killed per selected focus country from the indicator registry: the same
    figure, year and source as on the Overview and Compare."""
    focus = [c for c in countries if c in FOCUS_ISO3]
    results = indicators.evaluate_all(tables, focus, years, ["incidents", "killed"])
    names = known_country_names(tables.get("countries"))
    return indicators.figure_table(results, names, tables.get("sources"))
