"""The Displacement flow map: arcs from where people left to where they are (or went back to),
for one year, over our own boundaries; figures inside one country (IDPs) as circles."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import pydeck as pdk

from dashboard_core.viz import basemap
from dashboard_core.viz.flows import (
    arc_layer,
    arc_rows,
    end_codes,
    fit_view,
    labels_layer,
    legend_markdown,
    place_labels,
    tooltip_spec,
)
from dashboard_core.viz.palette import hex_to_rgb

INSIDE_COLOUR = "#009E73"


def inside_layer(here: pd.DataFrame, places: Mapping[str, dict], presenter: bool = False):
    """Circles at the capital for figures that stay inside one country (area-true radius)."""
    rows = []
    top = float(here["value"].max()) if len(here) else 0.0
    for r in here.itertuples(index=False):
        if r.iso3 not in places or not top:
            continue
        radius = 4 + 26 * math.sqrt(float(r.value) / top)
        rows.append(
            {
                "lon": places[r.iso3]["lon"],
                "lat": places[r.iso3]["lat"],
                "radius": round(radius * (1.3 if presenter else 1.0), 1),
                "tooltip": r.tooltip,
            }
        )
    layer = pdk.Layer(
        "ScatterplotLayer",
        data=rows,
        id="displacement-inside",
        get_position="[lon, lat]",
        get_radius="radius",
        get_fill_color=hex_to_rgb(INSIDE_COLOUR, 150),
        get_line_color=hex_to_rgb(INSIDE_COLOUR, 255),
        stroked=True,
        line_width_min_pixels=1.5,
        pickable=True,
    )
    layer.radius_units = "pixels"  # after construction: a string keyword becomes an expression
    return layer, rows


def displacement_deck(
    arcs: pd.DataFrame,
    here: pd.DataFrame,
    boundaries: dict,
    places: Mapping[str, dict],
    highlight: Sequence[str] = (),
    presenter: bool = False,
) -> tuple[pdk.Deck, list[str]]:
    """(deck, codes with no place on the map). Arcs come from `displacement.map_flows`."""
    rows, missing = arc_rows(arcs, places, value_col="value", presenter=presenter)
    layers = [basemap.boundary_layer(boundaries, highlight=highlight, presenter=presenter)]
    circle_layer, circles = inside_layer(here, places, presenter)
    if circles:
        layers.append(circle_layer)
    if rows:
        layers.append(arc_layer(rows, "displacement-arcs", directed=True, presenter=presenter))
    ends = end_codes(rows, highlight)
    layers.append(
        labels_layer(
            place_labels(ends, places), presenter=presenter, layer_id="displacement-labels"
        )
    )
    deck = basemap.make_deck(
        layers, tooltip=tooltip_spec(presenter), view=fit_view(rows, presenter), presenter=presenter
    )
    return deck, missing


def displacement_legend(has_inside: bool) -> str:
    text = legend_markdown(directed=True, what="movement")
    if has_inside:
        text += " Green circles: people displaced inside a country (no arc)."
    return text
