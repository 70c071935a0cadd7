"""Infrastructure corridors: labels, page filters, the schedule, and what other datasets say along a
corridor (trade between the countries it joins, incidents near its line, events that mention it).

Distance from an incident to a corridor line (`distance_km`): the line is the one drawn on the map,
its GeoJSON segments taken as straight in longitude/latitude and densified to steps of at most 0.05
degrees (about 5 km). For each incident the densified line is projected to an azimuthal equidistant
plane centred on the incident (spherical Earth, R = 6371.0088 km); in that projection the distance
from the centre to any point is its great-circle distance, so the planar distance from the origin
to the projected line (shapely) is the geodesic distance to the line, to well under 1 km at these
scales. Schematic lines run straight between waypoint cities, so "near" means near the drawn line,
not the built route; incidents placed approximately (geo_precision other than `place`) keep that
flag.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, MultiLineString, Point

from dashboard_core.contract import TABLE_COLUMNS
from dashboard_core.datasets import split_list
from dashboard_core.incidents import _is_missing, _text, country_names, source_label

EARTH_RADIUS_KM = 6371.0088
DENSIFY_DEG = 0.05

MODE_GROUPS: dict[str, tuple[str, ...]] = {
    "rail": ("rail",),
    "road": ("road",),
    "pipeline": ("gas_pipeline", "oil_pipeline"),
    "power_line": ("power_line",),
    "canal": ("canal",),
    "multimodal": ("multimodal",),
}
MODE_GROUP_LABELS: dict[str, str] = {
    "rail": "Rail",
    "road": "Road",
    "pipeline": "Pipeline (gas or oil)",
    "power_line": "Power line",
    "canal": "Canal",
    "multimodal": "Multimodal",
}
MODE_LABELS: dict[str, str] = {
    "rail": "Rail",
    "road": "Road",
    "gas_pipeline": "Gas pipeline",
    "oil_pipeline": "Oil pipeline",
    "power_line": "Power line",
    "canal": "Canal",
    "multimodal": "Multimodal",
}
STATUS_LABELS: dict[str, str] = {
    "proposed": "Proposed",
    "planned": "Planned",
    "under_construction": "Under construction",
    "operational": "Operational",
    "suspended": "Suspended",
    "cancelled": "Cancelled",
}
DISPLAY_EXTRAS: tuple[str, ...] = ("waypoint_names", "cited_source", "note")


# --- labels ---------------------------------------------------------------------------------------


def usd_text(value: object) -> str:
    if _is_missing(value):
        return ""
    v = float(value)

    def short(x: float) -> str:
        return f"{x:,.2f}".rstrip("0").rstrip(".")

    if abs(v) >= 1e9:
        return f"US${short(v / 1e9)} bn"
    if abs(v) >= 1e6:
        return f"US${short(v / 1e6)} m"
    return f"US${v:,.0f}"


def cost_text(lo: object, hi: object) -> str:
    if _is_missing(lo) and _is_missing(hi):
        return "not given"
    if _is_missing(lo) or _is_missing(hi) or float(lo) == float(hi):
        return usd_text(hi if _is_missing(lo) else lo)
    return f"{usd_text(lo)} to {usd_text(hi)}"


def _year(value: object) -> int | None:
    return None if _is_missing(value) else int(float(value))


def years_text(start: object, completion: object, status: object) -> str:
    s, c = _year(start), _year(completion)
    done = "completed" if _text(status) == "operational" else "planned completion"
    if s is None and c is None:
        return "years not given"
    if s is None:
        return f"{done} {c}; start not given"
    if c is None:
        return f"start {s}; completion not given"
    return f"{s} to {c} ({done})"


def length_text(value: object) -> str:
    return "not given" if _is_missing(value) else f"{float(value):,.0f} km"


def prepare(
    corridors: pd.DataFrame,
    countries: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Typed copy with label columns for tooltips, cards and the schedule. Same rows."""
    df = corridors.copy()
    names = country_names(countries)
    for col in ("length_km", "cost_usd_min", "cost_usd_max", "start_year", "completion_year"):
        df[col] = pd.to_numeric(df[col], errors="coerce") if col in df else math.nan
    df["country_list"] = [split_list(v) for v in df["countries"]]
    df["countries_text"] = [", ".join(names.get(c, c) for c in lst) for lst in df["country_list"]]
    df["financiers_text"] = [
        ", ".join(split_list(v)) or "not given" for v in df.get("financiers", [None] * len(df))
    ]
    df["mode_label"] = [MODE_LABELS.get(_text(m), _text(m)) for m in df["mode"]]
    df["status_label"] = [STATUS_LABELS.get(_text(s), _text(s)) for s in df["status"]]
    df["cost_text"] = [
        cost_text(a, b) for a, b in zip(df["cost_usd_min"], df["cost_usd_max"], strict=False)
    ]
    df["years_text"] = [
        years_text(a, b, s)
        for a, b, s in zip(df["start_year"], df["completion_year"], df["status"], strict=False)
    ]
    df["length_text"] = [length_text(v) for v in df["length_km"]]
    cited = df["cited_source"] if "cited_source" in df else [None] * len(df)
    df["source_text"] = [
        source_label(s, loc, v, sources, c)
        for s, loc, v, c in zip(
            df.get("source_id", [None] * len(df)),
            df.get("locator", [None] * len(df)),
            df.get("verification", [None] * len(df)),
            cited,
            strict=False,
        )
    ]
    return df


def tooltip_html(row: Mapping[str, object]) -> str:
    esc = html.escape
    schematic = _text(row.get("geometry_precision")) != "surveyed"
    lines = [
        f"<b>{esc(_text(row.get('name')))}</b>",
        f"{esc(_text(row.get('mode_label')))} · {esc(_text(row.get('status_label')))}",
        f"<b>Countries:</b> {esc(_text(row.get('countries_text')))}",
        f"<b>Length:</b> {esc(_text(row.get('length_text')))}",
        f"<b>Cost:</b> {esc(_text(row.get('cost_text')))}",
        f"<b>Financiers:</b> {esc(_text(row.get('financiers_text')))}",
        f"<b>Years:</b> {esc(_text(row.get('years_text')))}",
    ]
    if schematic:
        lines.append("<i>Line is schematic: straight between named waypoints.</i>")
    lines.append(f"<small><b>Source:</b> {esc(_text(row.get('source_text')))}</small>")
    return "<div style='max-width:340px;white-space:normal'>" + "<br/>".join(lines) + "</div>"


# --- filters and tables ---------------------------------------------------------------------------


def mode_options(df: pd.DataFrame) -> list[str]:
    present = set(df["mode"].dropna().astype(str)) if "mode" in df else set()
    return [g for g, modes in MODE_GROUPS.items() if present & set(modes)]


def status_options(df: pd.DataFrame) -> list[str]:
    present = set(df["status"].dropna().astype(str)) if "status" in df else set()
    return [s for s in STATUS_LABELS if s in present]


def filter_corridors(
    df: pd.DataFrame, modes: Iterable[str] | None = None, statuses: Iterable[str] | None = None
) -> pd.DataFrame:
    """Page filters: mode groups (`pipeline` = gas or oil) and statuses. Empty means all."""
    mask = pd.Series(True, index=df.index)
    modes = list(modes or [])
    statuses = list(statuses or [])
    if modes:
        allowed = {m for g in modes for m in MODE_GROUPS.get(g, (g,))}
        mask &= df["mode"].isin(allowed)
    if statuses:
        mask &= df["status"].isin(statuses)
    return df.loc[mask]


def display_table(df: pd.DataFrame) -> pd.DataFrame:
    contract = [c for c in TABLE_COLUMNS["corridors"] if c in df]
    extras = [c for c in DISPLAY_EXTRAS if c in df]
    ours = {
        "country_list",
        "countries_text",
        "financiers_text",
        "mode_label",
        "status_label",
        "cost_text",
        "years_text",
        "length_text",
        "source_text",
    }
    other = [c for c in df.columns if c not in contract and c not in extras and c not in ours]
    return df[contract + extras + other].sort_values("corridor_id").reset_index(drop=True)


# --- geometry -------------------------------------------------------------------------------------


def feature_lines(geojson: dict | None) -> dict[str, list[list[list[float]]]]:
    """corridor_id -> list of lines (each a list of [lon, lat]); LineString and MultiLineString."""
    out: dict[str, list[list[list[float]]]] = {}
    for feature in (geojson or {}).get("features", []):
        cid = _text((feature.get("properties") or {}).get("corridor_id"))
        geom = feature.get("geometry") or {}
        coords = geom.get("coordinates") or []
        if not cid or not coords:
            continue
        if geom.get("type") == "LineString":
            lines = [coords]
        elif geom.get("type") == "MultiLineString":
            lines = list(coords)
        else:
            continue
        out.setdefault(cid, []).extend(
            [[[float(x), float(y)] for x, y, *_ in line] for line in lines if len(line) >= 2]
        )
    return out


def _json_value(value: object) -> object:
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if _is_missing(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return value


def filtered_geojson(geojson: dict | None, table: pd.DataFrame) -> dict:
    """The corridors.geojson features of the rows in `table`, with the row's columns as
    properties."""
    rows = {str(r["corridor_id"]): r for r in table.to_dict(orient="records")}
    features = []
    for feature in (geojson or {}).get("features", []):
        cid = _text((feature.get("properties") or {}).get("corridor_id"))
        if cid in rows:
            props = {**(feature.get("properties") or {})}
            props.update({k: _json_value(v) for k, v in rows[cid].items()})
            features.append(
                {"type": "Feature", "geometry": feature.get("geometry"), "properties": props}
            )
    features.sort(key=lambda f: f["properties"]["corridor_id"])
    return {"type": "FeatureCollection", "features": features}


def waypoints(
    row: Mapping[str, object],
    lines: list[list[list[float]]],
    cities: pd.DataFrame | None = None,
) -> list[dict]:
    """Named points along a corridor: [{name, lon, lat, role}] with role `endpoint` or `waypoint`.

    Names come from `waypoint_names` (in order along the line). Positions: the line's own vertices
    when their number matches the names (the pipeline draws schematic lines through the waypoints),
    else the city table; a name found in neither is left out rather than guessed.
    """
    names = split_list(row.get("waypoint_names"))
    vertices = [pt for line in lines for pt in line]
    if lines and len(lines) == 1:
        vertices = lines[0]
    points: list[dict] = []
    if names and len(names) == len(vertices):
        points = [
            {"name": n, "lon": v[0], "lat": v[1]} for n, v in zip(names, vertices, strict=True)
        ]
    elif names and cities is not None and not cities.empty:
        lookup = {
            str(n).casefold(): (float(lo), float(la))
            for n, lo, la in zip(cities["name"], cities["lon"], cities["lat"], strict=False)
        }
        for n in names:
            hit = lookup.get(n.casefold())
            if hit:
                points.append({"name": n, "lon": hit[0], "lat": hit[1]})
    for i, p in enumerate(points):
        p["role"] = "endpoint" if i in (0, len(points) - 1) else "waypoint"
        p["corridor_id"] = _text(row.get("corridor_id"))
    return points


def _aeqd(lon: np.ndarray, lat: np.ndarray, lon0: float, lat0: float) -> np.ndarray:
    """Spherical azimuthal equidistant projection centred on (lon0, lat0), in km."""
    phi, lam = np.radians(lat), np.radians(lon)
    phi0, lam0 = math.radians(lat0), math.radians(lon0)
    dlam = lam - lam0
    cos_c = np.sin(phi0) * np.sin(phi) + np.cos(phi0) * np.cos(phi) * np.cos(dlam)
    c = np.arccos(np.clip(cos_c, -1.0, 1.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        k = np.where(c > 1e-12, c / np.sin(c), 1.0)
    x = EARTH_RADIUS_KM * k * np.cos(phi) * np.sin(dlam)
    y = (
        EARTH_RADIUS_KM
        * k
        * (math.cos(phi0) * np.sin(phi) - math.sin(phi0) * np.cos(phi) * np.cos(dlam))
    )
    return np.column_stack([x, y])


def distance_km(lines: list[list[list[float]]], lon: float, lat: float) -> float:
    """Geodesic-ish distance in km from (lon, lat) to the nearest of `lines` (see module
    docstring)."""
    best = math.inf
    for line in lines:
        if len(line) < 2:
            continue
        dense = shapely.segmentize(LineString(line), DENSIFY_DEG)
        coords = np.asarray(dense.coords)
        projected = _aeqd(coords[:, 0], coords[:, 1], lon, lat)
        best = min(best, Point(0.0, 0.0).distance(LineString(projected)))
    return best


def incidents_near(
    lines: list[list[list[float]]], incidents: pd.DataFrame, max_km: float
) -> pd.DataFrame:
    """Incidents within `max_km` of the corridor line, nearest first, with a `distance_km`
    column."""
    if incidents.empty or not lines:
        return incidents.iloc[0:0].assign(distance_km=pd.Series(dtype="float64"))
    located = incidents.loc[incidents["lat"].notna() & incidents["lon"].notna()]
    # Cheap prefilter: a bounding box padded by max_km (1 degree latitude >= 110 km).
    geom = MultiLineString(lines)
    minx, miny, maxx, maxy = geom.bounds
    pad_lat = max_km / 110.0
    pad_lon = max_km / (
        111.32 * max(math.cos(math.radians(max(abs(miny), abs(maxy)) + pad_lat)), 0.05)
    )
    box = located["lon"].between(minx - pad_lon, maxx + pad_lon) & located["lat"].between(
        miny - pad_lat, maxy + pad_lat
    )
    located = located.loc[box]
    dist = [
        distance_km(lines, float(lo), float(la))
        for lo, la in zip(located["lon"], located["lat"], strict=False)
    ]
    out = located.assign(distance_km=pd.Series(dist, index=located.index, dtype="float64"))
    out = out.loc[out["distance_km"] <= max_km]
    return out.sort_values(["distance_km", "incident_id"]).reset_index(drop=True)


# --- schedule -------------------------------------------------------------------------------------


def schedule_frame(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(bars, single points, undated) for the schedule chart.

    bars: corridors with both start and completion years (drawn start -> completion).
    points: corridors with only one of the two (a single mark at that year, labelled as such).
    undated: corridors with neither; listed in words, never drawn.
    """
    base_cols = ["corridor_id", "name", "status", "status_label", "mode_label", "years_text"]
    work = df.copy()
    has_s, has_c = work["start_year"].notna(), work["completion_year"].notna()
    bars = work.loc[has_s & has_c, base_cols + ["start_year", "completion_year"]].copy()
    bars["end_kind"] = np.where(bars["status"] == "operational", "completed", "planned completion")
    # A bar spans whole years: from Jan 1 of the start year to Dec 31 of the completion year.
    bars["x0"] = bars["start_year"].astype(int)
    bars["x1"] = bars["completion_year"].astype(int) + 1
    pts_s = work.loc[has_s & ~has_c, base_cols + ["start_year"]].rename(
        columns={"start_year": "year"}
    )
    pts_s["point_kind"] = "start only (completion not given)"
    pts_c = work.loc[~has_s & has_c, base_cols + ["completion_year"]].rename(
        columns={"completion_year": "year"}
    )
    pts_c["point_kind"] = np.where(
        pts_c["status"] == "operational",
        "completed (start not given)",
        "planned completion (start not given)",
    )
    points = pd.concat([pts_s, pts_c], ignore_index=True)
    points["year"] = points["year"].astype(int) if not points.empty else points["year"]
    undated = work.loc[~has_s & ~has_c, base_cols].reset_index(drop=True)
    bars = bars.sort_values(["x0", "x1", "name"]).reset_index(drop=True)
    return bars, points, undated


# --- what other datasets say along a corridor ----------------------------------------------------


def events_mentioning(row: Mapping[str, object], events: pd.DataFrame) -> pd.DataFrame:
    """Events tagged with the corridor (`corridor_ids`), else whose title names it.

    Title match (case-insensitive) uses the corridor's name and its name without a parenthesis.
    Adds `match`: `tagged` or `title`.
    """
    if events is None or events.empty:
        return pd.DataFrame(columns=["date", "title", "match"])
    cid = _text(row.get("corridor_id"))
    tagged_ids = (
        events["corridor_ids"].map(split_list)
        if "corridor_ids" in events
        else pd.Series([[]] * len(events), index=events.index)
    )
    tagged = tagged_ids.map(lambda ids: cid in ids)
    name = _text(row.get("name"))
    needles = {name.casefold()}
    short = name.split("(")[0].strip()
    if len(short) >= 6:
        needles.add(short.casefold())
    titles = events["title"].fillna("").astype(str).str.casefold()
    untagged = tagged_ids.map(len) == 0
    by_title = untagged & titles.map(lambda t: any(n and n in t for n in needles))
    out = events.loc[tagged | by_title].copy()
    out["match"] = np.where(tagged.loc[out.index], "tagged", "title")
    out["date"] = pd.to_datetime(out["date"], errors="coerce")
    return out.sort_values(["date", "event_id"]).reset_index(drop=True)


def corridor_facts(row: Mapping[str, object]) -> list[tuple[str, str]]:
    """Label/value pairs for the corridor card, in reading order."""
    facts = [
        ("Mode", _text(row.get("mode_label"))),
        ("Status", _text(row.get("status_label"))),
        ("Countries", _text(row.get("countries_text"))),
        ("Length", _text(row.get("length_text"))),
        ("Cost", _text(row.get("cost_text"))),
        ("Financiers", _text(row.get("financiers_text"))),
        ("Years", _text(row.get("years_text"))),
        (
            "Geometry",
            "surveyed"
            if _text(row.get("geometry_precision")) == "surveyed"
            else "schematic (straight lines between named waypoints)",
        ),
    ]
    if _text(row.get("waypoint_names")):
        facts.append(("Waypoints", " → ".join(split_list(row.get("waypoint_names")))))
    return facts


def corridor_sources(row: Mapping[str, object], sources: pd.DataFrame | None) -> pd.DataFrame:
    """The `sources` rows behind a corridor, with its locator, verification and the seed's
    citation."""
    sid = _text(row.get("source_id"))
    base = pd.DataFrame({"source_id": [sid]})
    if sources is not None and not sources.empty:
        base = base.merge(sources, on="source_id", how="left")
    base["locator"] = _text(row.get("locator"))
    base["verification"] = _text(row.get("verification"))
    base["cited_source"] = _text(row.get("cited_source"))
    return base


def country_pairs(row: Mapping[str, object]) -> list[tuple[str, str]]:
    codes = split_list(row.get("countries"))
    return [(a, b) for i, a in enumerate(codes) for b in codes[i + 1 :] if a != b]


def trade_along(
    row: Mapping[str, object],
    annual: pd.DataFrame,
    years: tuple[int, int] | None = None,
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Yearly turnover between the countries the corridor joins, as each reporter gives it.

    `annual` is `compare.annual_trade(trade)` (full calendar years only, one source per cell).
    Both directions of a pair are kept as separate series (mirror figures differ); nothing summed.
    """
    names = names or country_names()
    codes = set(split_list(row.get("countries")))
    cols = [*annual.columns, "series"]
    if annual.empty or len(codes) < 2:
        return pd.DataFrame(columns=cols)
    sel = annual.loc[
        annual["reporter_iso3"].isin(codes)
        & annual["partner_iso3"].isin(codes)
        & (annual["reporter_iso3"] != annual["partner_iso3"])
        & annual["turnover_usd"].notna()
    ].copy()
    if years:
        sel = sel.loc[sel["year"].between(years[0], years[1])]
    sel["series"] = [
        f"{names.get(r, r)} with {names.get(p, p)} (reported by {names.get(r, r)})"
        for r, p in zip(sel["reporter_iso3"], sel["partner_iso3"], strict=False)
    ]
    return sel.sort_values(["series", "year"]).reset_index(drop=True)[cols]


# --- the corridor card ----------------------------------------------------------------------------

DISTANCE_CHOICES_KM: tuple[int, ...] = (10, 25, 50, 100, 200)
PAGE_INTRO = (
    "Rail, road, pipeline, power and canal projects through the region: where they run, how far "
    "along they are and who pays. Pick one for its card: facts, sources, and what the trade, "
    "incident and event data say along it."
)
TRADE_HEADING = (
    "**Trade between the countries it joins** (full calendar years, as each country reports it)"
)


def row_of(df: pd.DataFrame, corridor_id: str) -> dict:
    """One corridor's row as a dict (with its id)."""
    return df.set_index("corridor_id").loc[corridor_id].to_dict() | {"corridor_id": corridor_id}


NEAR_COLUMNS: tuple[str, ...] = (
    "incident_id",
    "distance_km",
    "date_text",
    "location",
    "event_type",
    "casualties",
    "geo_precision",
    "source_id",
    "locator",
    "verification",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "date",
    "title",
    "category",
    "match",
    "source_id",
    "locator",
    "verification",
)


NEAR_NOTE = (
    "great-circle distance to the line as drawn; schematic lines are approximate and so are "
    "incidents placed at a border area, province or country"
)


@dataclass(frozen=True)
class CorridorCard:
    row: dict
    facts: list[tuple[str, str]]
    sources: pd.DataFrame
    trade: pd.DataFrame
    near: pd.DataFrame
    events: pd.DataFrame

    @property
    def note(self) -> str:
        """The entry's note as Markdown-safe text ('$' would otherwise start LaTeX)."""
        return escape_markdown(_text(self.row.get("note")))

    def tables(self, km: float) -> list[tuple[str, pd.DataFrame, str, str]]:
        """(heading, rows, dataset, what-is-missing) for the card's two tables."""
        return [
            (f"**Incidents within {km:g} km of the line** ({NEAR_NOTE})", self.near,
             "incidents", f"incidents within {km:g} km of this line"),
            ("**Events that mention it** (tagged with it, or naming it in the title)",
             self.events, "events", "events naming this corridor"),
        ]  # fmt: skip

    @property
    def trade_sources(self) -> list[str]:
        ids = {s for v in self.trade.get("source_ids", []) for s in split_list(v)}
        return sorted(ids)


def build_card(
    row: Mapping[str, object],
    lines: list[list[list[float]]],
    incidents: pd.DataFrame,
    annual: pd.DataFrame,
    events: pd.DataFrame,
    sources: pd.DataFrame | None,
    max_km: float,
    years: tuple[int, int] | None = None,
    names: Mapping[str, str] | None = None,
) -> CorridorCard:
    """Facts, sources, and what the other datasets say along one corridor, within `years`.

    `incidents` is an `incidents.prepare`d frame; incidents and events are limited to `years`
    (the shared year filter), trade too; countries are the corridor's own.
    """
    inc = incidents
    ev = events if events is not None else pd.DataFrame()
    if years:
        inc = inc.loc[inc["date_start"].dt.year.between(years[0], years[1]).fillna(False)]
        if not ev.empty:
            ev_year = pd.to_datetime(ev["date"], errors="coerce").dt.year
            ev = ev.loc[ev_year.between(years[0], years[1]).fillna(False)]
    near = incidents_near(lines, inc, max_km)
    near = near.assign(distance_km=near["distance_km"].round(1))
    near = near[[c for c in NEAR_COLUMNS if c in near]]
    mentioned = events_mentioning(row, ev)
    mentioned = mentioned[[c for c in EVENT_COLUMNS if c in mentioned]]
    if "date" in mentioned:
        dates = pd.to_datetime(mentioned["date"], errors="coerce")
        mentioned = mentioned.assign(date=dates.dt.strftime("%Y-%m-%d"))
    return CorridorCard(
        dict(row),
        corridor_facts(row),
        corridor_sources(row, sources),
        trade_along(row, annual, years, names),
        near.reset_index(drop=True),
        mentioned.reset_index(drop=True),
    )


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown (and Streamlit's `$` LaTeX) so text shows as written."""
    for ch in "\\`*_{}[]<>()#+-.!|~$":
        text = text.replace(ch, "\\" + ch)
    return text


def facts_markdown(facts: list[tuple[str, str]]) -> str:
    """The facts as Markdown lines (text escaped so a name cannot inject Markdown)."""
    return "  \n".join(f"**{escape_markdown(k)}:** {escape_markdown(v)}" for k, v in facts)


def undated_note(undated: pd.DataFrame) -> str:
    if undated.empty:
        return ""
    names = ", ".join(undated["name"].astype(str))
    n = len(undated)
    return (
        f"Not on the schedule ({n} corridor{'s' if n != 1 else ''}: the sources give no start or "
        f"completion year): {names}."
    )
