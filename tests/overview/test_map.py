"""Overview transforms: headline figures, timeline/annotations and map layers (synthetic data)."""

from __future__ import annotations

import json

import pytest

from dashboard_core.overview import map as overview_map
from tests.helpers import MAP_CONTEXT, data_layers, inside_frame
from tests.overview.samples import (
    ALL,
    TABLES,
)


def test_flow_frames_follow_headline_figures():
    trade = overview_map.flow_frame(TABLES, ALL, "trade")
    assert set(zip(trade["from_iso3"], trade["to_iso3"], strict=True)) == {
        ("KAZ", "AFG"),
        ("TJK", "AFG"),
        ("UZB", "AFG"),
    }
    returns = overview_map.flow_frame(TABLES, ALL, "returns")
    assert dict(zip(returns["from_iso3"], returns["value"], strict=True)) == {
        "IRN": 800.0,
        "PAK": 300.0,
    }
    assert set(returns["to_iso3"]) == {"AFG"}
    hosted = overview_map.flow_frame(TABLES, ALL, "hosted")
    assert ("UKR", "KAZ") in set(zip(hosted["from_iso3"], hosted["to_iso3"], strict=True))
    with pytest.raises(ValueError):
        overview_map.flow_frame(TABLES, ALL, "weather")


LINES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"corridor_id": cid},
            "geometry": {"type": "LineString", "coordinates": [[69.2, 41.3], [69.2, 34.5]]},
        }
        for cid in ("c1", "c2", "c3")
    ],
}


def test_overview_deck_is_offline_and_uses_pixel_units():
    deck, drawn = overview_map.overview_deck(TABLES, MAP_CONTEXT, LINES, ALL)
    spec = json.loads(deck.to_json())
    assert "mapProvider" not in spec or spec["mapProvider"] is None
    ids = [layer["id"] for layer in data_layers(spec)]
    assert ids == ["corridors", "flows", "incidents", "data-labels"]
    by_id = {layer["id"]: layer for layer in spec["layers"]}
    assert by_id["flows"]["widthUnits"] == "pixels"
    assert by_id["corridors"]["widthUnits"] == "pixels"
    assert by_id["incidents"]["radiusUnits"] == "pixels"
    assert not by_id["data-labels"]["fontFamily"].startswith("@@=")
    assert inside_frame(deck)
    assert len(by_id["incidents"]["data"]) == 3  # the one without coordinates is left out
    assert {"source_id", "verification"} <= set(drawn.columns)
    assert "s3" in set(drawn["source_id"])


def test_overview_deck_layer_choice_and_legend():
    deck, drawn = overview_map.overview_deck(
        TABLES, MAP_CONTEXT, LINES, ALL, layers=["boundaries"], flow_kind="returns"
    )
    spec = json.loads(deck.to_json())
    assert [layer["id"] for layer in data_layers(spec)] == ["data-labels"]
    assert drawn.empty
    legend = overview_map.legend_items(["flows", "incidents"], "returns")
    assert len(legend) == 3
