"""One corridor's card: facts, sources, trade between the countries it joins, incidents near its
drawn line and events that mention it.

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

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, MultiLineString, Point

from dashboard_core.data.formatting import clean_text, count_text, escape_markdown
from dashboard_core.data.loading import split_list
from dashboard_core.data.naming import known_country_names, map_source_titles
from dashboard_core.data.provenance import titles_in_text
from dashboard_core.incidents.transforms import prepare as prepare_incidents
from dashboard_core.trade.yearly import RELEVANT_ROWS, annual_trade, relevant_trade

EARTH_RADIUS_KM = 6371.0088
# The trade rows a card reads (a store pushes this down): `card_inputs` gives the same figures
# from these as from the whole table.
TRADE_ROWS = RELEVANT_ROWS
DENSIFY_DEG = 0.05


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


# How far an incident's point may lie from where it happened, by how it was placed (km). An
# incident counts as "within N km" only when this is at most N: a point put at a province's
# centre says nothing about 25 km; one put at the capital for lack of a place says nothing at all.
PLACEMENT_ERROR_KM: dict[str, float] = {
    "place": 5.0,
    "nearby_place": 25.0,
    "border_area": 50.0,
    "admin1": 150.0,
}
PRECISION_WORDS: dict[str, str] = {
    "place": "at the named place",
    "nearby_place": "near a named place",
    "border_area": "border area only",
    "admin1": "province or region only",
    "country": "country only",
}


def precise_enough(incidents: pd.DataFrame, max_km: float) -> pd.Series:
    """True where the incident is placed precisely enough to be counted within `max_km` (a
    frame without `geo_precision` is taken as placed exactly; a missing precision never is)."""
    if "geo_precision" not in incidents.columns:
        return pd.Series(True, index=incidents.index)
    error = incidents["geo_precision"].astype(object).map(PLACEMENT_ERROR_KM)
    return error.le(max_km).fillna(False).astype(bool)


def split_by_precision(near: pd.DataFrame, max_km: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the incidents that count within `max_km`, those whose point falls within it but whose
    placement is too coarse to say so)."""
    ok = precise_enough(near, max_km)
    return near.loc[ok].reset_index(drop=True), near.loc[~ok].reset_index(drop=True)


def left_out_note(left_out: pd.DataFrame, max_km: float) -> str:
    """Which incidents were left out of "within N km", and why."""
    if left_out.empty:
        return ""
    items = []
    for rec in left_out.to_dict("records"):
        place = (
            clean_text(rec.get("location"))
            or clean_text(rec.get("place_name"))
            or "place not named"
        )
        level = PRECISION_WORDS.get(clean_text(rec.get("geo_precision")), "placement unknown")
        items.append(f"{clean_text(rec.get('incident_id'))} ({place}; {level})")
    n = len(left_out)
    return (
        f"Left out: {count_text(n, 'incident')} whose point lies within {max_km:g} km but "
        f"{'is' if n == 1 else 'are'} placed too coarsely to say so: " + ", ".join(items) + ". "
        "Incidents placed only at country level are never counted; a wider distance admits "
        "those placed at a border area or a province."
    )


def events_mentioning(row: Mapping[str, object], events: pd.DataFrame) -> pd.DataFrame:
    """Events tagged with the corridor (`corridor_ids`), else whose title names it.

    Title match (case-insensitive) uses the corridor's name and its name without a parenthesis.
    Adds `match`: `tagged` or `title`.
    """
    if events is None or events.empty:
        return pd.DataFrame(columns=["date", "title", "match"])
    cid = clean_text(row.get("corridor_id"))
    tagged_ids = (
        events["corridor_ids"].map(split_list)
        if "corridor_ids" in events
        else pd.Series([[]] * len(events), index=events.index)
    )
    tagged = tagged_ids.map(lambda ids: cid in ids)
    name = clean_text(row.get("name"))
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
        ("Mode", clean_text(row.get("mode_label"))),
        ("Status", clean_text(row.get("status_label"))),
        ("Countries", clean_text(row.get("countries_text"))),
        ("Length", clean_text(row.get("length_text"))),
        ("Cost", clean_text(row.get("cost_text"))),
        ("Financiers", clean_text(row.get("financiers_text"))),
        ("Years", clean_text(row.get("years_text"))),
        (
            "Geometry",
            "surveyed"
            if clean_text(row.get("geometry_precision")) == "surveyed"
            else "schematic (straight lines between named waypoints)",
        ),
    ]
    if clean_text(row.get("waypoint_names")):
        facts.append(("Waypoints", " → ".join(split_list(row.get("waypoint_names")))))
    return facts


def corridor_sources(row: Mapping[str, object], sources: pd.DataFrame | None) -> pd.DataFrame:
    """The `sources` rows behind a corridor, with its locator, verification and the seed's
    citation."""
    sid = clean_text(row.get("source_id"))
    base = pd.DataFrame({"source_id": [sid]})
    if sources is not None and not sources.empty:
        base = base.merge(sources, on="source_id", how="left")
    base["locator"] = clean_text(row.get("locator"))
    base["verification"] = clean_text(row.get("verification"))
    base["cited_source"] = clean_text(row.get("cited_source"))
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
    names = names or known_country_names()
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


DISTANCE_CHOICES_KM: tuple[int, ...] = (10, 25, 50, 100, 200)
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
    "great-circle distance to the line as drawn, counting only incidents placed precisely "
    "enough for that distance; schematic lines are approximate"
)


@dataclass(frozen=True)
class CorridorCard:
    row: dict
    facts: list[tuple[str, str]]
    sources: pd.DataFrame
    trade: pd.DataFrame
    near: pd.DataFrame
    events: pd.DataFrame
    left_out: pd.DataFrame = field(default_factory=pd.DataFrame)  # near, but too coarse
    max_km: float = 0.0
    titles: Mapping[str, str] = field(default_factory=dict)  # source_id -> title (the note)

    @property
    def left_out_note(self) -> str:
        return left_out_note(self.left_out, self.max_km)

    @property
    def note(self) -> str:
        """The entry's note as Markdown-safe text ('$' would otherwise start LaTeX), a source
        it quotes by id named by its title."""
        return escape_markdown(titles_in_text(clean_text(self.row.get("note")), self.titles))

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

    `incidents` is an `incidents.transforms.prepare`d frame; incidents and events are limited
    to `years` (the shared year filter), trade too; countries are the corridor's own.
    """
    inc = incidents
    ev = events if events is not None else pd.DataFrame()
    if years:
        inc = inc.loc[inc["date_start"].dt.year.between(years[0], years[1]).fillna(False)]
        if not ev.empty:
            ev_year = pd.to_datetime(ev["date"], errors="coerce").dt.year
            ev = ev.loc[ev_year.between(years[0], years[1]).fillna(False)]
    near, left_out = split_by_precision(incidents_near(lines, inc, max_km), max_km)
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
        left_out,
        max_km,
        map_source_titles(sources),
    )


def facts_markdown(facts: list[tuple[str, str]]) -> str:
    """The facts as Markdown lines (text escaped so a name cannot inject Markdown)."""
    return "  \n".join(f"**{escape_markdown(k)}:** {escape_markdown(v)}" for k, v in facts)


@dataclass(frozen=True)
class CardInputs:
    """What every corridor card reads from the other domains, prepared once per data version."""

    incidents: pd.DataFrame  # `incidents.transforms.prepare`d
    annual: pd.DataFrame  # `trade.yearly.annual_trade`
    names: dict[str, str]


def card_inputs(
    trade: pd.DataFrame,
    incidents: pd.DataFrame,
    countries: pd.DataFrame,
    sources: pd.DataFrame,
) -> CardInputs:
    return CardInputs(
        prepare_incidents(incidents, countries, sources),
        annual_trade(relevant_trade(trade)),
        known_country_names(countries),
    )


def card_for(
    rows: pd.DataFrame,
    corridor_id: str,
    lines: Mapping[str, list[list[list[float]]]],
    inputs: CardInputs,
    events: pd.DataFrame,
    sources: pd.DataFrame,
    max_km: float,
    years: tuple[int, int],
) -> CorridorCard:
    """The card of one of the corridors on screen."""
    return build_card(
        row_of(rows, corridor_id),
        lines.get(corridor_id, []),
        inputs.incidents,
        inputs.annual,
        events,
        sources,
        max_km,
        years,
        inputs.names,
    )
