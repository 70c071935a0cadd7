"""The Trade flow map: arcs between capitals for one year, drawn offline over our own
boundaries, the selected countries highlighted."""

from __future__ import annotations

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


def trade_deck(
    flows: pd.DataFrame,
    boundaries: dict,
    places: Mapping[str, dict],
    highlight: Sequence[str] = (),
    flow: str = "export",
    presenter: bool = False,
) -> tuple[pdk.Deck, list[str]]:
    """(deck, codes of partners that have no place on the map). `flows` comes from
    `trade.analyses.map_flows` (from_iso3, to_iso3, value, tooltip)."""
    rows, missing = arc_rows(flows, places, value_col="value", presenter=presenter)
    layers = [basemap.boundary_layer(boundaries, highlight=highlight, presenter=presenter)]
    if rows:
        layers.append(
            arc_layer(rows, "trade-arcs", directed=flow != "turnover", presenter=presenter)
        )
    ends = end_codes(rows, highlight)
    layers.append(
        labels_layer(place_labels(ends, places), presenter=presenter, layer_id="trade-labels")
    )
    deck = basemap.make_deck(
        layers,
        tooltip=tooltip_spec(presenter),
        view=fit_view(rows, presenter),
        presenter=presenter,
    )
    return deck, missing


def trade_legend(flow: str) -> str:
    return legend_markdown(directed=flow != "turnover", what="trade")
