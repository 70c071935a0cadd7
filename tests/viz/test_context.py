"""Map context: layers by URL, place labels for the zoom, tiles for the view, tooltips."""

from __future__ import annotations

import pytest

from dashboard_core.viz import basemap, context, tooltips
from dashboard_core.viz.framing import FRAME
from tests.helpers import MAP_CONTEXT


def test_context_layers_are_urls_and_the_region_is_highlighted() -> None:
    view = basemap.view_for([(60.0, 35.0), (80.0, 45.0)], presenter=False)
    layers = context.under_layers(MAP_CONTEXT, view, FRAME, ["KAZ"], presenter=False)
    ids = [layer.id for layer in layers]
    assert ids == ["ctx-land"]  # the sea is the map's background (ui/presenter.py BASE_CSS)
    land = layers[0]
    assert land.data.startswith("map-data/context.geojson")  # by URL: fetched once, cached
    assert "'KAZ'" in land.get_fill_color


def test_merged_context_and_its_style_in_python_match() -> None:
    world = {"features": [{"properties": {"iso3": "KAZ"}, "geometry": None}]}
    region = {"features": [{"properties": {"iso3": "KAZ", "group": "focus"}, "geometry": None}]}
    merged = context.merged_context({"world": world, "boundaries": region})
    kinds = [(f["properties"]["kind"], f["properties"].get("inner")) for f in merged["features"]]
    assert kinds == [("world", True), ("region", None)]
    style = {"highlight": ["KAZ"], "basemap": False, "presenter": True}
    fill, line, width = context.feature_style(merged["features"][1]["properties"], style)
    assert fill == context.LAND_HIGHLIGHT and line == context.BORDER_LINE_PRESENTER
    assert context.feature_style(merged["features"][0]["properties"], style)[1] == context.CLEAR


def test_a_hovered_context_feature_names_itself_and_its_source_in_plain_text() -> None:
    tajik = {"iso3": "TJK", "name": "<b>Tajikistan</b>", "disputed_note": "Pamir"}
    region = {"features": [{"properties": tajik, "geometry": None}]}
    rivers = {"features": [{"properties": {"name": "Amu Darya"}, "geometry": None}]}
    merged = context.merged_context({"boundaries": region, "rivers": rivers})
    tajikistan, river = (f["properties"] for f in merged["features"])
    assert tajikistan[tooltips.TITLE] == "<b>Tajikistan</b>"  # plain text: the browser escapes it
    assert tajikistan[tooltips.BODY] == "Country\nPamir"
    assert tajikistan[tooltips.SOURCE].startswith("Source: Natural Earth, 1:50m")
    assert (river[tooltips.TITLE], river[tooltips.BODY]) == ("Amu Darya", "River")
    layer = context.land_layers(MAP_CONTEXT, [], presenter=False)[0]
    assert layer.pickable  # every feature carries the three fields the tooltip template names


def test_highlight_codes_are_checked_before_they_enter_an_expression() -> None:
    expression = context._fill_expression(["KAZ", "x' || true || '"])
    assert "true" not in expression and "'KAZ'" in expression


def test_places_are_chosen_for_the_zoom_and_avoid_data_labels() -> None:
    view = {"longitude": 67.0, "latitude": 40.0, "zoom": 4.0}
    rows = context.place_rows(MAP_CONTEXT.places, view, FRAME, presenter=False)
    assert [r["name"] for r in rows] == ["Samarkand"]
    taken = [{"name": "Samarkand region label", "lon": 66.96, "lat": 39.65}]
    assert context.place_rows(MAP_CONTEXT.places, view, FRAME, False, taken) == []
    far = {**view, "zoom": 1.5}  # zoomed out: a rank-3 town has no label
    assert context.place_rows(MAP_CONTEXT.places, far, FRAME, presenter=False) == []


def test_basemap_tiles_cover_the_view_and_skip_what_is_not_served() -> None:
    view = {"longitude": 66.0, "latitude": 41.0, "zoom": 3.3}
    tiles = context.tiles_for(view, FRAME, 4)
    assert (4, 11, 5) in tiles  # Central Asia at zoom 4
    served = frozenset({(4, 11, 5)})
    ctx = context.MapContext(
        urls=MAP_CONTEXT.urls, tile_url="map-tiles/{z}/{x}/{y}.png", basemap=True, tiles=served
    )
    layers = context.basemap_layers(ctx, view, FRAME)
    assert [layer.image for layer in layers] == ["map-tiles/4/11/5.png"]
    west, south, east, north = context.tile_bounds(4, 11, 5)
    assert west == pytest.approx(67.5) and east == pytest.approx(90.0) and north > south


def test_tooltip_fields_are_plain_text_and_name_sources_by_title() -> None:
    tip = tooltips.fields("<b>A</b>", ["one", "", "two\x07"], "Source: X")
    assert tip == {"tip_title": "<b>A</b>", "tip_body": "one\ntwo", "tip_source": "Source: X"}
    titles = {"unhcr": "UNHCR Refugee Population Statistics Database"}
    assert tooltips.source_title("unhcr", titles) == f"Source: {titles['unhcr']}"
    assert tooltips.source_title("a;b", {}) == "Sources: a; b"
    assert set(tooltips.spec()["html"].split("{")[1:]) == {
        "tip_title}</b><br/>",
        "tip_body}<br/><i>",
        "tip_source}</i>",
    }
