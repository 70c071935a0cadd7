"""Incident maps: points coloured by event type, sized by the upper end of the fatality range, with
a hollow ring around every point whose location is approximate; or one bubble per border pair.

Offline: `viz.basemap.map_deck` (no tile provider) over the shared context, framed to the points.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import pydeck as pdk

from dashboard_core.incidents.transforms import (
    EVENT_TYPE_COLOURS,
    EVENT_TYPE_LABELS,
    IncidentView,
    cap_rows,
    range_text,
    tooltip_fields,
)
from dashboard_core.viz import basemap, tooltips
from dashboard_core.viz.basemap import legend_html
from dashboard_core.viz.charts import Figure
from dashboard_core.viz.context import MapContext, declutter
from dashboard_core.viz.palette import hex_to_rgb

HALO_COLOUR = [40, 40, 40, 230]
MIXED_COLOUR = "#4D4D4D"
MAX_GROUP_TIP = 5
MAX_GROUP_CONTEXTS = 3
AGGREGATE_COLOUR = "#0072B2"
SOURCE_NOTE = "Sources: the incident rows in the table below"


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def radius_px(fatalities_high: object, presenter: bool = False) -> float:
    """Marker radius in pixels: 5 px for none or unknown, growing with the square root of the
    count."""
    value = 0.0 if fatalities_high is None or pd.isna(fatalities_high) else float(fatalities_high)
    radius = 5.0 + 2.4 * math.sqrt(max(value, 0.0))
    radius = min(radius, 30.0)
    return round(radius * (1.4 if presenter else 1.0), 1)


def type_colour(event_type: object, alpha: int = 235) -> list[int]:
    return hex_to_rgb(EVENT_TYPE_COLOURS.get(str(event_type), "#7F7F7F"), alpha)


def _group_tip(rows: list[dict]) -> dict[str, str]:
    """Tooltip fields for several incidents put at the same point: one compact entry each."""
    place = rows[0].get("place_name") or rows[0].get("location") or "this place"
    lines = []
    for row in rows[:MAX_GROUP_TIP]:
        summary = str(row.get("summary") or "")
        summary = summary if len(summary) <= 130 else summary[:129].rstrip() + "…"
        label = EVENT_TYPE_LABELS.get(str(row.get("event_type")), str(row.get("event_type")))
        lines.append(f"{row.get('date_text')} · {label} · {row.get('casualties')}: {summary}")
    if len(rows) > MAX_GROUP_TIP:
        lines.append(f"… and {len(rows) - MAX_GROUP_TIP} more (see the table)")
    # UCDP's record beside incidents whose documents may give no toll (never a toll itself)
    contexts = list(dict.fromkeys(str(r.get("ucdp_context") or "") for r in rows[:MAX_GROUP_TIP]))
    lines += [f"Conflict context: {c}" for c in contexts if c][:MAX_GROUP_CONTEXTS]
    cited = list(dict.fromkeys(str(r.get("source_text")) for r in rows))
    source = ("Sources: " if len(cited) > 1 else "Source: ") + "; ".join(cited)
    return tooltips.fields(f"{len(rows)} incidents placed at {place}", lines, source)


def point_records(df: pd.DataFrame, presenter: bool = False) -> list[dict]:
    """One marker per distinct point: position, radius, colour, ring flag, count, tooltip.

    Incidents the sources put at the same coordinates (often a capital or a border crossing
    standing for an approximate place) share one marker with their number on it, so none hides
    under another. A shared marker is sized by the sum of the upper ends of the killed ranges and
    coloured by the event type when all share it, dark grey when they differ.
    """
    located = cap_rows(df.loc[df["lat"].notna() & df["lon"].notna()])
    located = located.sort_values(["date_start", "incident_id"], kind="stable")
    groups: dict[tuple[float, float], list[dict]] = {}
    for row in located.to_dict(orient="records"):
        groups.setdefault((round(row["lat"], 4), round(row["lon"], 4)), []).append(row)
    records = []
    for _key, rows in sorted(groups.items()):
        first = rows[0]
        approximate = any(bool(r.get("approximate")) for r in rows)
        types = {str(r.get("event_type")) for r in rows}
        highs = [float(r["fat_hi"]) for r in rows if not _missing(r.get("fat_hi"))]
        radius = radius_px(sum(highs) if highs else None, presenter)
        if len(rows) > 1:
            radius = max(radius, 11.0 if presenter else 8.5)
        colour = (
            type_colour(first.get("event_type"), 150 if approximate else 235)
            if len(types) == 1
            else hex_to_rgb(MIXED_COLOUR, 235)
        )
        records.append(
            {
                "incident_id": ";".join(str(r.get("incident_id")) for r in rows),
                "lon": float(first["lon"]),
                "lat": float(first["lat"]),
                "radius": radius,
                "halo": radius + (6 if presenter else 4),
                "fill": colour,
                "approximate": approximate,
                "count": len(rows),
                "name": str(len(rows)),
                **(tooltip_fields(first) if len(rows) == 1 else _group_tip(rows)),
            }
        )
    # Big circles first so small ones stay visible on top.
    records.sort(key=lambda r: -r["radius"])
    return records


def incident_layers(records: list[dict], presenter: bool = False) -> list[pdk.Layer]:
    approx = [r for r in records if r["approximate"]]
    layers = []
    if approx:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=approx,
                id="incident-approx-ring",
                get_position="[lon, lat]",
                get_radius="halo",
                radius_units="'pixels'",
                filled=False,
                stroked=True,
                get_line_color=HALO_COLOUR,
                line_width_units="'pixels'",
                get_line_width=2.5 if presenter else 1.6,
                pickable=False,
            )
        )
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            data=records,
            id="incident-points",
            get_position="[lon, lat]",
            get_radius="radius",
            radius_units="'pixels'",
            get_fill_color="fill",
            stroked=True,
            get_line_color=[255, 255, 255, 255],
            line_width_units="'pixels'",
            get_line_width=1.5 if presenter else 1,
            pickable=True,
            auto_highlight=True,
        )
    )
    shared = [r for r in records if r["count"] > 1]
    if shared:
        layers.append(
            pdk.Layer(
                "TextLayer",
                data=shared,
                id="incident-counts",
                get_position="[lon, lat]",
                get_text="name",
                get_size=20 if presenter else 12,
                get_color=[255, 255, 255, 255],
                font_family="'Source Sans Pro, DejaVu Sans, sans-serif'",
                font_weight=700,
                outline_width=2,
                outline_color=[0, 0, 0, 160],
                font_settings={"sdf": True},
                get_text_anchor="'middle'",
                get_alignment_baseline="'center'",
                pickable=False,
            )
        )
    return layers


def aggregate_records(pairs: pd.DataFrame, presenter: bool = False) -> list[dict]:
    """One bubble per border pair at the mean of its incidents' points, area ~ count."""
    located = pairs.loc[pairs["lat"].notna() & pairs["lon"].notna()]
    records = []
    for row in located.to_dict(orient="records"):
        n = int(row["incidents"])
        killed = range_text(row["fatalities_low"], row["fatalities_high"])
        unknown = int(row.get("unknown_tolls") or 0)
        lines = [
            f"{n} incident{'s' if n != 1 else ''}",
            f"Killed: {killed}" + (f" (+{unknown} with unknown toll)" if unknown else ""),
            "Bubble placed at the average of the incidents' points.",
        ]
        tip = tooltips.fields(row["border_pair_label"], lines, SOURCE_NOTE)
        records.append(
            {
                "lon": float(row["lon"]),
                "lat": float(row["lat"]),
                "radius": round((8 + 5 * math.sqrt(n)) * (1.4 if presenter else 1.0), 1),
                "name": f"{row['border_pair_label']}: {n}",
                "priority": n,
                **tip,
            }
        )
    return records


def aggregate_layers(records: list[dict], presenter: bool = False) -> list[pdk.Layer]:
    bubbles = pdk.Layer(
        "ScatterplotLayer",
        data=records,
        id="incident-pairs",
        get_position="[lon, lat]",
        get_radius="radius",
        radius_units="'pixels'",
        get_fill_color=hex_to_rgb(AGGREGATE_COLOUR, 150),
        stroked=True,
        get_line_color=hex_to_rgb(AGGREGATE_COLOUR, 255),
        line_width_units="'pixels'",
        get_line_width=2,
        pickable=True,
        auto_highlight=True,
    )
    return [bubbles]


def incidents_deck(
    df: pd.DataFrame,
    ctx: MapContext,
    highlight: list[str] | tuple[str, ...] = (),
    presenter: bool = False,
    aggregated: bool = False,
    pairs: pd.DataFrame | None = None,
    camera: str = "data",
) -> pdk.Deck:
    """The incident map. `df` is a `prepare`d, filtered frame; `pairs` is `by_border_pair(df)`."""
    labels: list[dict] = []
    if aggregated:
        if pairs is None:
            raise ValueError("aggregated view needs the per-border-pair frame")
        records = aggregate_records(pairs, presenter)
        layers = aggregate_layers(records, presenter)
        margin = max((r["radius"] for r in records), default=0.0)
        view = basemap.view_for([(r["lon"], r["lat"]) for r in records], presenter, camera, margin)
        font = basemap.LABEL_SIZE_PRESENTER if presenter else basemap.LABEL_SIZE
        labels = [
            {k: r[k] for k in ("name", "lon", "lat")}
            for r in declutter(records, float(view["zoom"]), font)
        ]
    else:
        records = point_records(df, presenter)
        layers = incident_layers(records, presenter)
    points = [(r["lon"], r["lat"]) for r in records]
    markers = [(r["lon"], r["lat"], r.get("halo", r["radius"])) for r in records]
    return basemap.map_deck(ctx, layers, points, highlight, presenter, labels, camera, markers)


def legend_items(df: pd.DataFrame) -> list[dict]:
    """Legend entries for the event types present, plus the ring and size notes."""
    present = [t for t in EVENT_TYPE_LABELS if t in set(df["event_type"].dropna().astype(str))]
    items = [
        {"label": EVENT_TYPE_LABELS[t], "colour": EVENT_TYPE_COLOURS[t], "shape": "circle"}
        for t in present
    ]
    if "approximate" in df and bool(df["approximate"].any()):
        items.append(
            {
                "label": "Ringed: approximate location (nearby place, province, border area "
                "or country only)",
                "colour": "#282828",
                "shape": "ring",
            }
        )
    located = df.loc[df["lat"].notna() & df["lon"].notna(), ["lat", "lon"]].round(4)
    if located.duplicated().any():
        items.append(
            {
                "label": "Number on a marker: incidents put at the same point "
                "(dark grey when their types differ)",
                "colour": MIXED_COLOUR,
                "shape": "circle",
            }
        )
    items.append(
        {
            "label": "Size: killed, upper end of the range given",
            "colour": "#999999",
            "shape": "size",
        }
    )
    return items


def map_figure(
    view: IncidentView,
    ctx: MapContext,
    highlight: Sequence[str],
    presenter: bool,
    aggregated: bool,
    camera: str = "data",
) -> Figure:
    """The incidents map (each incident, or one bubble per border pair) with its legend."""
    deck = incidents_deck(
        view.rows, ctx, tuple(highlight), presenter, aggregated, view.pairs, camera
    )
    items = legend_items(view.rows)
    entries = tuple((i["label"], i["colour"], i["shape"]) for i in items)
    return Figure(deck, view.rows, legend=legend_html(items, presenter), legend_items=entries)
