"""Unit tests: incident transforms, charts (Vega-Lite specs) and maps (deck JSON). Synthetic
data."""

from __future__ import annotations

import json

import pytest

from dashboard_core.incidents import map as incidents_map
from dashboard_core.incidents import transforms
from dashboard_core.viz import basemap, tooltips
from tests.helpers import MAP_CONTEXT, data_layers, inside_frame


def test_points_deck_has_rings_for_approximate(prepared):
    deck = incidents_map.incidents_deck(prepared, MAP_CONTEXT, highlight=["TJK"])
    spec = json.loads(deck.to_json())
    ids = [layer["id"] for layer in data_layers(spec)]
    assert ids == ["incident-approx-ring", "incident-points"]
    ring = data_layers(spec)[0]
    assert len(ring["data"]) == 4 and ring["filled"] is False and ring["stroked"] is True
    points = data_layers(spec)[1]
    assert len(points["data"]) == 6
    assert points["radiusUnits"] == "pixels" and ring["lineWidthUnits"] == "pixels"
    assert spec.get("mapProvider") is None and deck.map_style == basemap.NO_BASEMAP  # offline
    radii = {p["incident_id"]: p["radius"] for p in points["data"]}
    assert radii["i1"] > radii["i2"] > radii["i5"] > radii["i3"] == radii["i6"]
    assert deck._tooltip["html"] == tooltips.TEMPLATE
    assert inside_frame(deck)


def test_incidents_at_one_point_share_a_marker(prepared):
    same = prepared.copy()
    same.loc[same["incident_id"].isin(["i1", "i2", "i3"]), ["lat", "lon"]] = (39.9, 70.6)
    records = incidents_map.point_records(same)
    shared = next(r for r in records if r["count"] == 3)
    assert shared["incident_id"] == "i3;i1;i2"  # by date
    assert shared["fill"][:3] == [77, 77, 77]  # two types: dark grey
    assert "3 incidents placed at" in shared["tip_title"] and "37–100 killed" in shared["tip_body"]
    assert shared["radius"] == incidents_map.radius_px(100 + 41)
    spec = json.loads(incidents_map.incidents_deck(same, MAP_CONTEXT).to_json())
    counts = next(layer for layer in spec["layers"] if layer["id"] == "incident-counts")
    assert [r["name"] for r in counts["data"]] == ["3"]
    assert any("same point" in i["label"] for i in incidents_map.legend_items(same))


def test_aggregated_deck(prepared):
    pairs = transforms.by_border_pair(prepared)
    deck = incidents_map.incidents_deck(prepared, MAP_CONTEXT, aggregated=True, pairs=pairs)
    spec = json.loads(deck.to_json())
    bubbles = next(layer for layer in spec["layers"] if layer["id"] == "incident-pairs")
    assert len(bubbles["data"]) == 3
    assert any("78–141" in r["tip_body"] for r in bubbles["data"])
    assert inside_frame(deck)
    with pytest.raises(ValueError):
        incidents_map.incidents_deck(prepared, MAP_CONTEXT, aggregated=True)


def test_presenter_makes_marks_bigger():
    assert incidents_map.radius_px(10, presenter=True) > incidents_map.radius_px(10)
    assert incidents_map.radius_px(None) == incidents_map.radius_px(0) == 5.0


def test_legend(prepared):
    items = incidents_map.legend_items(prepared)
    labels = [i["label"] for i in items]
    assert labels[0] == "Armed clash"
    assert any(i["shape"] == "ring" for i in items)
    assert "Ringed" in incidents_map.legend_html(items)
