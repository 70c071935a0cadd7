"""Chart and map specs of the Trade page (chart.to_dict(), deck.to_json())."""

from __future__ import annotations

import json

import pandas as pd

from dashboard_core.trade import analyses
from dashboard_core.trade.map import trade_deck, trade_legend
from dashboard_core.viz import basemap, tooltips
from tests.helpers import MAP_CONTEXT, data_layers, inside_frame
from tests.trade.samples import NAMES, SOURCES

PLACES = {
    "UZB": {"name": "Uzbekistan", "capital": "Tashkent", "lon": 69.2, "lat": 41.3},
    "AFG": {"name": "Afghanistan", "capital": "Kabul", "lon": 69.2, "lat": 34.5},
    "CHN": {"name": "China", "capital": "Beijing", "lon": 116.4, "lat": 39.9},
}


def test_trade_deck_offline_and_directed(ori):
    arcs, _ = analyses.map_flows(ori, 2013, NAMES, SOURCES, "export")
    deck, missing = trade_deck(arcs, MAP_CONTEXT, PLACES, highlight=["UZB"], flow="export")
    spec = json.loads(deck.to_json())
    assert spec.get("mapProvider") in (None, "") and deck.map_style == basemap.NO_BASEMAP
    ids = [layer["id"] for layer in data_layers(spec)]
    assert ids[:2] == ["trade-arcs", "data-labels"] or ids[0] == "trade-arcs"
    arcs_layer = data_layers(spec)[0]
    assert arcs_layer["widthUnits"] == "pixels"  # a literal, not an expression
    colours = arcs_layer["data"][0]["colors"]
    assert colours[0] != colours[-1]  # direction visible: blue to vermillion along the curve
    assert {d["to_iso3"] for d in arcs_layer["data"]} == {"AFG", "CHN"}
    assert missing == ["WLD"]
    assert all(d[tooltips.SOURCE].startswith("Source:") for d in arcs_layer["data"])
    assert all("<" not in d[tooltips.TITLE] + d[tooltips.BODY] for d in arcs_layer["data"])
    land = next(layer for layer in spec["layers"] if layer["id"] == "ctx-land")
    assert "'UZB'" in land["getFillColor"]  # the selected country is highlighted
    assert land["data"].startswith("map-data/context.geojson")  # by URL, sent once
    assert spec["initialViewState"]["pitch"] == 0
    assert inside_frame(deck)
    assert "blue" in trade_legend("export") and "Purple" in trade_legend("turnover")


def test_trade_deck_turnover_undirected_and_empty():
    tips = [tooltips.TITLE, tooltips.BODY, tooltips.SOURCE]
    deck, missing = trade_deck(
        pd.DataFrame(columns=["from_iso3", "to_iso3", "value", *tips]),
        MAP_CONTEXT,
        PLACES,
        flow="turnover",
    )
    spec = json.loads(deck.to_json())
    assert not any(layer["id"] == "trade-arcs" for layer in spec["layers"])
    assert missing == []
    rows = [{"from_iso3": "UZB", "to_iso3": "AFG", "value": 1.0, **tooltips.fields("t")}]
    deck2, _ = trade_deck(pd.DataFrame(rows), MAP_CONTEXT, PLACES, flow="turnover", presenter=True)
    arc = next(
        layer for layer in json.loads(deck2.to_json())["layers"] if layer["id"] == "trade-arcs"
    )
    assert isinstance(arc["getColor"], list)  # one colour end to end
    assert inside_frame(deck2, presenter=True)
