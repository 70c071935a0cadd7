"""Image export: charts (vl-convert) and maps (matplotlib) at the stated sizes, with captions."""

from __future__ import annotations

import io
import re

import altair as alt
import pandas as pd
import pytest
from PIL import Image

from dashboard_core.data import loading, paths
from dashboard_core.viz import basemap, images
from dashboard_core.viz.context import MapContext

CAPTION = images.Caption(
    title="Trade: flow map",
    sources="Source: Statistics Agency of Uzbekistan",
    version="abc123",
    date="2026-12-03",
    legend=(("Operational", "#009E73", "line"), ("Incident", "#D55E00", "circle")),
)


def _chart() -> alt.Chart:
    frame = pd.DataFrame({"year": [2020, 2021, 2022], "value": [1.0, 3.0, 2.0]})
    return alt.Chart(frame).mark_line().encode(x="year:O", y="value:Q")


@pytest.mark.parametrize("size", [images.SLIDE, images.PRINT])
def test_chart_png_has_the_stated_size(size) -> None:
    png = images.chart_png(_chart().to_dict(), CAPTION, size)
    assert Image.open(io.BytesIO(png)).size == size


def test_chart_svg_states_its_size_and_caption() -> None:
    svg = images.chart_svg(_chart().to_dict(), CAPTION).decode()
    assert re.search(r'<svg width="1920" height="1080" viewBox="0 0 [\d.]+ [\d.]+"', svg)
    for words in ("Trade: flow map", "Statistics Agency of Uzbekistan", "abc123", "2026-12-03"):
        assert words in svg


def test_map_png_draws_the_decks_layers_at_the_stated_size() -> None:
    if not (paths.clean_dir() / "world.geojson").exists():
        pytest.skip("clean context layers not built")
    urls = {"context": "map-data/context.geojson?v=x", "provinces": ""}
    ctx = MapContext(urls=urls, places=loading.load_geojson("places"))
    path = [[69.2, 41.3], [66.0, 38.0], [69.2, 34.5]]
    layer = basemap.pdk.Layer(
        "PathLayer", data=[{"path": path}], id="p", get_path="path", get_color=[255, 0, 0, 255]
    )
    deck = basemap.map_deck(ctx, [layer], [tuple(p) for p in path], ("UZB",))
    png = images.map_png(
        deck.to_json(), CAPTION, paths.clean_dir(), basemap.frame_for(False), size=images.SLIDE
    )
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == images.SLIDE
    colours = {c for _, c in image.getcolors(maxcolors=1_000_000)}
    assert any(r > 200 and g < 60 and b < 60 for r, g, b in colours)  # the red path is drawn
    assert (214, 228, 238) in colours  # the sea


def test_plain_legend_drops_markup() -> None:
    assert images.plain_legend("Arcs run **blue** <b>x</b>") == "Arcs run blue x"


def test_chart_specs_holding_data_frames_render() -> None:
    spec = _chart().to_dict()
    name = next(iter(spec["datasets"]))
    spec["datasets"][name] = pd.DataFrame(spec["datasets"][name])  # as viz.templates keeps them
    png = images.chart_png(spec, CAPTION)
    assert Image.open(io.BytesIO(png)).size == images.SLIDE
