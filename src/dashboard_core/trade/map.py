"""The Trade flow map: arcs between capitals for one year, over the shared context, the selected
countries highlighted, framed to the arcs drawn."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import pydeck as pdk

from dashboard_core.viz import basemap
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


def trade_deck(
    flows: pd.DataFrame,
    ctx: MapContext,
    places: Mapping[str, dict],
    highlight: Sequence[str] = (),
    flow: str = "export",
    presenter: bool = False,
    camera: str = "data",
) -> tuple[pdk.Deck, list[str]]:
    """(deck, codes of partners that have no place on the map). `flows` comes from
    `trade.analyses.map_flows` (from_iso3, to_iso3, value and the tooltip fields)."""
    rows, missing = arc_rows(flows, places, value_col="value", presenter=presenter)
    rows = with_curves(rows, directed=flow != "turnover", presenter=presenter)
    layers = []
    if rows:
        layers.append(
            arc_layer(rows, "trade-arcs", directed=flow != "turnover", presenter=presenter)
        )
    labels = place_labels(end_codes(rows, highlight), places)
    points = curve_points(rows) or [(r["lon"], r["lat"]) for r in labels]
    deck = basemap.map_deck(ctx, layers, points, highlight, presenter, labels, camera)
    return deck, missing


def trade_legend(flow: str) -> str:
    return legend_markdown(directed=flow != "turnover", what="trade")
