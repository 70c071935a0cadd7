"""Helpers shared by the trade and displacement views: periods, gap-aware series, arcs between
capitals and map views. Plain pandas and pydeck, no Streamlit.

Rules these helpers keep: a full calendar year is the only period drawn on an annual line; any
other period (a quarter, nine months, a single month or day) stays a separate point with its own
label; years with no figure break a line instead of being bridged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk

from dashboard_core.data.memo import IdentityMemo
from dashboard_core.data.naming import name_of
from dashboard_core.data.periods import MONTHS, to_dates
from dashboard_core.viz import framing
from dashboard_core.viz.palette import hex_to_rgb

MAX_CHART_ROWS = 5_000

# Where an aggregate partner is drawn on a map (a drawing anchor, not a fact about trade).
AGGREGATE_ANCHORS: dict[str, tuple[str, float, float]] = {
    "EU27": ("Brussels", 50.85, 4.35),
}


AGGREGATE_SHORT: dict[str, str] = {"EU27": "EU (27)", "WLD": "World", "CA5": "Central Asia"}

FROM_COLOUR = "#0072B2"  # where goods or people leave (Okabe-Ito blue)
TO_COLOUR = "#D55E00"  # where they arrive (Okabe-Ito vermillion)
UNDIRECTED_COLOUR = "#7A5195"  # two-way turnover, no direction


def capitals(countries: pd.DataFrame | None) -> dict[str, dict]:
    """iso3 -> {name, capital, lon, lat} for every country with capital coordinates, plus the
    drawing anchors of aggregates (EU27 at Brussels)."""
    out: dict[str, dict] = {}
    for code, (capital, lat, lon) in AGGREGATE_ANCHORS.items():
        out[code] = {
            "name": AGGREGATE_SHORT.get(code, code),
            "capital": capital,
            "lat": lat,
            "lon": lon,
        }
    if countries is None or countries.empty:
        return out
    for row in countries.itertuples(index=False):
        lat, lon = getattr(row, "capital_lat", None), getattr(row, "capital_lon", None)
        if lat is None or lon is None or pd.isna(lat) or pd.isna(lon):
            continue
        out[row.iso3] = {
            "name": row.name,
            "capital": row.capital,
            "lat": float(lat),
            "lon": float(lon),
        }
    return out


def arc_widths(values: pd.Series, min_px: float, max_px: float) -> pd.Series:
    """Width in pixels, area-true: proportional to the square root of the value."""
    vals = pd.to_numeric(values, errors="coerce").fillna(0).clip(lower=0)
    top = vals.max() if len(vals) else 0
    if not top:
        return pd.Series(min_px, index=values.index)
    return (min_px + (max_px - min_px) * (vals / top) ** 0.5).round(2)


def arc_rows(
    frame: pd.DataFrame,
    places: Mapping[str, dict],
    from_col: str = "from_iso3",
    to_col: str = "to_iso3",
    value_col: str = "value",
    presenter: bool = False,
) -> tuple[list[dict], list[str]]:
    """Rows for an ArcLayer (`from_lon`, `from_lat`, `to_lon`, `to_lat`, `width` + the frame's own
    columns) and the codes that have no place on the map."""
    if frame.empty:
        return [], []
    missing = sorted(
        {c for c in pd.concat([frame[from_col], frame[to_col]]).unique() if c not in places}
    )
    drawable = frame[
        frame[from_col].isin(places.keys())
        & frame[to_col].isin(places.keys())
        & (frame[from_col] != frame[to_col])
    ].copy()
    if drawable.empty:
        return [], missing
    drawable["width"] = arc_widths(drawable[value_col], *((2, 14) if presenter else (1.2, 10)))
    drawable["from_lon"] = drawable[from_col].map(lambda c: places[c]["lon"])
    drawable["from_lat"] = drawable[from_col].map(lambda c: places[c]["lat"])
    drawable["to_lon"] = drawable[to_col].map(lambda c: places[c]["lon"])
    drawable["to_lat"] = drawable[to_col].map(lambda c: places[c]["lat"])
    # Thin arcs on top so the large ones never hide them.
    drawable = drawable.sort_values(value_col, ascending=False)
    records = drawable.to_dict("records")
    return [{k: _plain(v) for k, v in r.items()} for r in records], missing


def _plain(value: object) -> object:
    """JSON-friendly scalars for pydeck (no numpy types, no NaN, no Timestamps)."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return str(value)
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _blend(a: list[int], b: list[int], t: float) -> list[int]:
    return [round(x + (y - x) * t) for x, y in zip(a, b, strict=True)]


def with_curves(rows: Sequence[dict], directed: bool = True, presenter: bool = False) -> list[dict]:
    """Each arc row with `path` (a flat curve bowed to the left of its direction, so two-way
    flows separate) and, for directed flows, `colors` per vertex from blue to vermillion."""
    alpha = 235 if presenter else 215
    start, end = hex_to_rgb(FROM_COLOUR, alpha), hex_to_rgb(TO_COLOUR, alpha)
    out = []
    for r in rows:
        path = framing.curve((r["from_lon"], r["from_lat"]), (r["to_lon"], r["to_lat"]))
        extra: dict = {"path": path}
        if directed:
            n = len(path) - 1
            extra["colors"] = [_blend(start, end, i / n) for i in range(n + 1)]
        out.append({**r, **extra})
    return out


def arc_layer(
    rows: Sequence[dict],
    layer_id: str,
    directed: bool = True,
    presenter: bool = False,
) -> pdk.Layer:
    """Flows as flat curves (rows from `with_curves`): blue where the flow leaves, vermillion
    where it arrives; an undirected flow (turnover) is one colour end to end. Flat, not 3D arcs:
    the map opens straight down, so every arc stays inside the framed view."""
    colour = "colors" if directed else hex_to_rgb(UNDIRECTED_COLOUR, 235 if presenter else 215)
    return pdk.Layer(
        "PathLayer",
        data=list(rows),
        id=layer_id,
        get_path="path",
        get_color=colour,
        get_width="width",
        width_units="'pixels'",
        cap_rounded=True,
        joint_rounded=True,
        pickable=True,
        auto_highlight=True,
    )


def curve_points(rows: Sequence[dict]) -> list[tuple[float, float]]:
    """Every vertex of the curves (what the framing must keep inside the view)."""
    return [(lon, lat) for r in rows for lon, lat in r.get("path", [])]


def end_codes(rows: Sequence[dict], highlight: Iterable[str] = (), top: int = 12) -> list[str]:
    """Places worth a label: the highlighted countries and both ends of the `top` largest arcs
    (rows come largest first from `arc_rows`); more labels would overprint."""
    codes = list(highlight)
    for r in rows[:top]:
        codes += [r["from_iso3"], r["to_iso3"]]
    return list(dict.fromkeys(codes))


def place_labels(codes: Iterable[str], places: Mapping[str, dict]) -> list[dict]:
    """Label rows (name, lon, lat), one per code with a place."""
    out = []
    for code in sorted(set(codes)):
        if code in places:
            p = places[code]
            out.append({"name": p["name"], "lon": p["lon"], "lat": p["lat"], "code": code})
    return out


def legend_markdown(directed: bool = True, what: str = "flow") -> str:
    """A one-line legend for the arc colours and widths."""
    if directed:
        return (
            f"Arcs run from **blue** (where the {what} leaves) to **vermillion** (where it "
            "arrives); width grows with the value (square-root scale)."
        )
    return (
        "Purple arcs are two-way turnover (no direction); width grows with the value "
        "(square-root scale)."
    )


_TAKEOVER = r"Taliban (?:enter|take|seize|capture)[^;]*Kabul|fall of Kabul"


@dataclass(frozen=True)
class _DatedEvents:
    """The events with a date, and what `key_events` reads of each, worked out once per table
    (a page asks again on every rerun)."""

    frame: pd.DataFrame  # the events with a date, `date` parsed
    year: np.ndarray  # float: a date that did not parse is NaN
    x: np.ndarray  # the date as a decimal year
    named: list[frozenset[str]]  # the countries each names
    takeover: np.ndarray  # the takeover of Kabul
    category: np.ndarray  # object


_DATED: IdentityMemo[_DatedEvents] = IdentityMemo(16)


def _dated(events: pd.DataFrame) -> _DatedEvents:
    return _DATED.get((events,), lambda: _date_events(events))


def _date_events(events: pd.DataFrame) -> _DatedEvents:
    frame = events[events["date"].notna()].copy()
    frame["date"] = to_dates(frame["date"])
    dates = frame["date"].dt
    named = frame["countries"].fillna("").astype(str).str.split(";")
    takeover = frame["title"].fillna("").str.contains(_TAKEOVER, case=False, regex=True)
    return _DatedEvents(
        frame=frame,
        year=dates.year.to_numpy(dtype=float, na_value=np.nan),
        x=(dates.year + (dates.day_of_year - 1) / 365.25).to_numpy(dtype=float, na_value=np.nan),
        named=[frozenset(c.strip() for c in cs) for cs in named],
        takeover=takeover.fillna(False).astype(bool).to_numpy(),
        category=frame["category"].to_numpy(dtype=object, na_value=None),
    )


def key_events(
    events: pd.DataFrame | None,
    countries: Sequence[str],
    years: Sequence[int],
    categories: Sequence[str],
    max_n: int = 6,
    prefer: Sequence[str] = (),
) -> pd.DataFrame:
    """A few key events to annotate a yearly chart: the 2021 takeover of Kabul first, then events
    of `categories` naming a selected country (in that order of preference; events naming a
    `prefer` country first), spaced so that their markers never collide. Returns the chosen
    rows of `events` (date order) plus `x` (decimal year), `label` (number), `when` and
    `caption` (number, date and title)."""
    extra = ["x", "label", "when", "caption"]
    empty = pd.DataFrame(columns=[*(events.columns if events is not None else []), *extra])
    if events is None or events.empty or not years:
        return empty
    lo, hi = min(years), max(years)
    ev = _dated(events)
    selected, preferred_countries = set(countries), set(prefer)
    cat_rank = {c: i for i, c in enumerate(categories)}
    candidates = []  # (sort key, position): takeover, preferred, category, date, then order
    for at in np.flatnonzero((ev.year >= lo) & (ev.year <= hi)):
        named, category = ev.named[at], ev.category[at]
        if not (ev.takeover[at] or (selected & named and category in cat_rank)):
            continue
        rank = cat_rank.get(category, 99) if category is not None else 99
        key = (not ev.takeover[at], not preferred_countries & named, rank, ev.x[at], at)
        candidates.append((key, at))
    gap = max(1.0, (hi - lo + 1) / (max_n * 1.5))
    chosen: list[int] = []
    xs: list[float] = []
    for _, at in sorted(candidates):
        x = ev.x[at]
        if all(abs(x - other) >= gap for other in xs):
            chosen.append(at)
            xs.append(x)
        if len(chosen) >= max_n:
            break
    if not chosen:
        return empty
    out = ev.frame.iloc[chosen].assign(x=ev.x[chosen]).sort_values("x").reset_index(drop=True)
    out["label"] = [str(i + 1) for i in range(len(out))]
    out["when"] = [f"{MONTHS[d.month - 1]} {d.year}" for d in out["date"]]
    out["caption"] = [
        f"{n}. {w}: {t}" for n, w, t in zip(out["label"], out["when"], out["title"], strict=True)
    ]
    return out


def events_caption(ev: pd.DataFrame | None) -> str:
    if ev is None or ev.empty:
        return ""
    return "Key events (dashed lines): " + "; ".join(ev["caption"]) + "."


def map_note(total: int, shown: int, off_map: Sequence[str], names: Mapping[str, str]) -> str:
    """Words after a map legend: how many arcs are drawn and which places have no position."""
    parts = []
    if total > shown:
        parts.append(f"The {shown} largest of {total} flows are drawn; the table has all.")
    if off_map:
        listed = ", ".join(name_of(c, names) for c in off_map[:6])
        more = f" and {len(off_map) - 6} more" if len(off_map) > 6 else ""
        parts.append(f"No place on the map for {listed}{more} (in the table).")
    return (" " + " ".join(parts)) if parts else ""
