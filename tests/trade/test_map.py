"""Chart and map specs of the Trade page (chart.to_dict(), deck.to_json())."""

from __future__ import annotations

import json

import pandas as pd

from dashboard_core.trade import analyses
from dashboard_core.trade.map import trade_deck, trade_legend
from dashboard_core.viz import flows
from tests.helpers import BOUNDARIES
from tests.trade.samples import NAMES, SOURCES

PLACES = {
    "UZB": {"name": "Uzbekistan", "capital": "Tashkent", "lon": 69.2, "lat": 41.3},
    "AFG": {"name": "Afghanistan", "capital": "Kabul", "lon": 69.2, "lat": 34.5},
    "CHN": {"name": "China", "capital": "Beijing", "lon": 116.4, "lat": 39.9},
}


def test_trade_deck_offline_and_directed(ori):
    arcs, _ = analyses.map_flows(ori, 2013, NAMES, SOURCES, "export")
    deck, missing = trade_deck(arcs, BOUNDARIES, PLACES, highlight=["UZB"], flow="export")
    spec = json.loads(deck.to_json())
    assert spec.get("mapProvider") in (None, "") and not spec.get("mapStyle")
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids == ["boundaries", "trade-arcs", "trade-labels"]
    arcs_layer = spec["layers"][1]
    assert arcs_layer["widthUnits"] == "pixels"  # a literal, not an expression
    assert arcs_layer["getSourceColor"] != arcs_layer["getTargetColor"]  # direction visible
    assert {d["to_iso3"] for d in arcs_layer["data"]} == {"AFG", "CHN"}
    assert missing == ["WLD"]
    assert all("tooltip" in d and "source:" in d["tooltip"] for d in arcs_layer["data"])
    fills = {
        f["properties"]["iso3"]: f["properties"]["fill"]
        for f in spec["layers"][0]["data"]["features"]
    }
    assert fills["UZB"] != fills["AFG"]  # the selected country is highlighted
    assert spec["layers"][2]["fontFamily"].startswith('"Source')
    assert spec["initialViewState"]["pitch"] == flows.ARC_PITCH
    assert "blue" in trade_legend("export") and "Purple" in trade_legend("turnover")


def test_trade_deck_turnover_undirected_and_empty():
    deck, missing = trade_deck(
        pd.DataFrame(columns=["from_iso3", "to_iso3", "value", "tooltip"]),
        BOUNDARIES,
        PLACES,
        flow="turnover",
    )
    spec = json.loads(deck.to_json())
    assert [layer["id"] for layer in spec["layers"]] == ["boundaries", "trade-labels"]
    assert missing == []
    rows = [{"from_iso3": "UZB", "to_iso3": "AFG", "value": 1.0, "tooltip": "t"}]
    deck2, _ = trade_deck(pd.DataFrame(rows), BOUNDARIES, PLACES, flow="turnover", presenter=True)
    arc = json.loads(deck2.to_json())["layers"][1]
    assert arc["getSourceColor"] == arc["getTargetColor"]
