"""The Displacement flow map: arcs from where people left to where they are (or went back to),
for one year, over the shared context; figures inside one country (IDPs) as circles."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import pydeck as pdk

from dashboard_core.viz import basemap, tooltips
from dashboard_core.viz.context import MapContext
from dashboard_core.viz.flows import (
    arc_layer,
    arc_rows,
    curve_points,
    end_codes,
    legend_markdown,
    place_labels,
    with_curves,
)
from dashboard_core.viz.palette import hex_to_rgb

INSIDE_COLOUR = "#009E73"


def inside_layer(here: pd.DataFrame, places: Mapping[str, dict], presenter: bool = False):
    """Circles at the capital for figures that stay inside one country (area-true radius)."""
    rows = []
    top = float(here["value"].max()) if len(here) else 0.0
    for r in here.to_dict("records"):
        if r["iso3"] not in places or not top:
            continue
        radius = 4 + 26 * math.sqrt(float(r["value"]) / top)
        rows.append(
            {
                "lon": places[r["iso3"]]["lon"],
                "lat": places[r["iso3"]]["lat"],
                "radius": round(radius * (1.3 if presenter else 1.0), 1),
                **{k: r.get(k, "") for k in (tooltips.TITLE, tooltips.BODY, tooltips.SOURCE)},
            }
        )
    layer = pdk.Layer(
        "ScatterplotLayer",
        data=rows,
        id="displacement-inside",
        get_position="[lon, lat]",
        get_radius="radius",
        radius_units="'pixels'",
        get_fill_color=hex_to_rgb(INSIDE_COLOUR, 150),
        get_line_color=hex_to_rgb(INSIDE_COLOUR, 255),
        stroked=True,
        line_width_min_pixels=1.5,
        pickable=True,
    )
    return layer, rows


def displacement_deck(
    arcs: pd.DataFrame,
    here: pd.DataFrame,
    ctx: MapContext,
    places: Mapping[str, dict],
    highlight: Sequence[str] = (),
    presenter: bool = False,
    camera: str = "data",
) -> tuple[pdk.Deck, list[str]]:
    """(deck, codes with no place on the map). Arcs come from `displacement.map_flows`."""
    rows, missing = arc_rows(arcs, places, value_col="value", presenter=presenter)
    rows = with_curves(rows, directed=True, presenter=presenter)
    layers = []
    circle_layer, circles = inside_layer(here, places, presenter)
    if circles:
        layers.append(circle_layer)
    if rows:
        layers.append(arc_layer(rows, "displacement-arcs", directed=True, presenter=presenter))
    labels = place_labels(end_codes(rows, highlight), places)
    points = curve_points(rows) + [(c["lon"], c["lat"]) for c in circles]
    points = points or [(r["lon"], r["lat"]) for r in labels]
    deck = basemap.map_deck(ctx, layers, points, highlight, presenter, labels, camera)
    return deck, missing


def displacement_legend(has_inside: bool) -> str:
    text = legend_markdown(directed=True, what="movement")
    if has_inside:
        text += " Green circles: people displaced inside a country (no arc)."
    return text
