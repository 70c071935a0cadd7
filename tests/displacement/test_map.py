"""Chart and map specs of the Displacement page (chart.to_dict(), deck.to_json())."""

from __future__ import annotations

import json

import pandas as pd

from dashboard_core.displacement import flows as displacement_flows
from dashboard_core.displacement import transforms as dsp
from dashboard_core.displacement.map import displacement_deck, displacement_legend
from dashboard_core.viz import tooltips
from tests.displacement.samples import NAMES, SOURCES
from tests.helpers import MAP_CONTEXT, data_layers, inside_frame

PLACES = {
    "AFG": {"name": "Afghanistan", "lon": 69.2, "lat": 34.5},
    "PAK": {"name": "Pakistan", "lon": 73.0, "lat": 33.7},
    "IRN": {"name": "Iran", "lon": 51.4, "lat": 35.7},
    "TJK": {"name": "Tajikistan", "lon": 68.8, "lat": 38.6},
}


def test_displacement_deck(chart_rows):
    rows = dsp.select_rows(chart_rows, ["AFG"], [], "from")
    arcs, here, _ = displacement_flows.map_flows(rows, 2022, NAMES, SOURCES)
    deck, missing = displacement_deck(arcs, here, MAP_CONTEXT, PLACES, highlight=["AFG"])
    spec = json.loads(deck.to_json())
    ids = [layer["id"] for layer in data_layers(spec)]
    assert ids[:2] == ["displacement-inside", "displacement-arcs"]
    inside = data_layers(spec)[0]
    assert inside["radiusUnits"] == "pixels" and inside["data"][0]["radius"] > 4
    arc = data_layers(spec)[1]
    assert {(d["from_iso3"], d["to_iso3"]) for d in arc["data"]} == {("AFG", "PAK"), ("PAK", "AFG")}
    assert all("UNHCR" in d[tooltips.SOURCE] for d in arc["data"])
    assert missing == []
    assert inside_frame(deck)
    assert "Green circles" in displacement_legend(True)
    assert "Green" not in displacement_legend(False)


def test_displacement_deck_empty():
    tips = [tooltips.TITLE, tooltips.BODY, tooltips.SOURCE]
    empty = pd.DataFrame(columns=["from_iso3", "to_iso3", "value", "measure", *tips])
    here = pd.DataFrame(columns=["iso3", "value", *tips])
    deck, missing = displacement_deck(empty, here, MAP_CONTEXT, PLACES)
    spec = json.loads(deck.to_json())
    assert not data_layers(spec) and missing == []
