"""Chart and map specs of the Trade page (chart.to_dict(), deck.to_json())."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard_core import flows, trade
from dashboard_core import trade_charts as charts
from dashboard_core.trade_map import trade_deck, trade_legend
from test_trade import NAMES, SOURCES, frame, full, row

BOUNDARIES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"iso3": iso, "group": "focus"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[60, 35], [61, 35], [61, 36], [60, 35]]],
            },
        }
        for iso in ("UZB", "AFG")
    ],
}
PLACES = {
    "UZB": {"name": "Uzbekistan", "capital": "Tashkent", "lon": 69.2, "lat": 41.3},
    "AFG": {"name": "Afghanistan", "capital": "Kabul", "lon": 69.2, "lat": 34.5},
    "CHN": {"name": "China", "capital": "Beijing", "lon": 116.4, "lat": 39.9},
}


@pytest.fixture
def ori() -> pd.DataFrame:
    rows = [full("UZB", "AFG", "export", y, 100e6 + y) for y in (2010, 2011, 2013)]
    rows += [full("UZB", "AFG", "export", 2011, 90e6, source="seed", ver="seed_verified")]
    rows += [full("UZB", "AFG", "export", 2010, 95e6)]  # a second reading from the same source
    rows += [
        row(
            "UZB",
            "AFG",
            "export",
            "2024-01-01",
            "2024-06-30",
            2024,
            40e6,
            source="seed",
            ver="seed_verified",
        )
    ]
    rows += [
        row(
            "UZB",
            "AFG",
            "export",
            None,
            None,
            2025,
            3e9,
            source="seed",
            measure="target",
            ver="seed_verified",
        )
    ]
    rows += [full("UZB", "CHN", "export", 2013, 2e9), full("UZB", "WLD", "export", 2013, 9e9)]
    a = trade.annual(frame(rows))
    return trade.oriented(trade.select_rows(a, ["UZB"], [], "export"), "export", ["UZB"])


def layers(spec: dict) -> list[dict]:
    out = []
    for part in spec.get("layer", []):
        out += layers(part) if "layer" in part else [part]
    return out


def data_of(spec: dict, layer: dict) -> list[dict]:
    """The rows a layer draws: its own dataset or the chart's, after its `part` filter."""
    name = (layer.get("data") or spec["data"])["name"]
    rows = spec["datasets"][name]
    for step in layer.get("transform", []):
        expr = step.get("filter")
        if expr == "datum.in_line":
            rows = [r for r in rows if r.get("in_line")]
        elif isinstance(expr, str) and "datum.part ===" in expr:
            part = expr.split("'")[1]
            rows = [r for r in rows if r.get("part") == part]
    return rows


def test_time_series_spec(ori):
    s = trade.series_frame(ori, NAMES, SOURCES, "export")
    spec = charts.time_series_chart(s.frame).to_dict()
    parts = layers(spec)
    line, dots = parts[0], parts[1]
    assert line["mark"]["type"] == "line" and line["encoding"]["detail"]["field"] == "segment"
    line_rows = data_of(spec, line)
    # no line through the missing 2012: only segments with two or more years are drawn
    segs = pd.DataFrame(line_rows).groupby("segment")["year"].apply(list).tolist()
    assert all(max(y) - min(y) == len(y) - 1 for y in segs)
    assert all(2012 not in seg for seg in segs)
    assert dots["encoding"]["shape"]["scale"]["domain"] == charts.MARK_DOMAIN
    marks = {r["mark"] for r in data_of(spec, dots)}
    assert marks == {"annual", "partial", "alt", "target"}
    assert parts[0]["encoding"]["y"]["scale"] == {"zero": True}
    log = charts.time_series_chart(s.frame, log_scale=True).to_dict()
    assert layers(log)[0]["encoding"]["y"]["scale"]["type"] == "log"
    assert "labelExpr" in parts[0]["encoding"]["y"]["axis"]  # 1.2 bn, 300 m, 45 k


def test_time_series_events_and_presenter(ori):
    s = trade.series_frame(ori, NAMES, SOURCES, "export")
    events = pd.DataFrame({"x": [2021.6], "caption": ["1. Aug 2021: takeover"], "label": ["1"]})
    spec = charts.time_series_chart(s.frame, events=events, presenter=True).to_dict()
    kinds = [p["mark"]["type"] for p in layers(spec)]
    assert kinds.count("rule") == 1 and kinds.count("text") == 1
    assert spec["config"]["axis"]["labelFontSize"] == 16
    assert spec["height"] == 460
    plain = charts.time_series_chart(s.frame).to_dict()
    assert plain["config"]["axis"]["labelFontSize"] == 12


def test_row_cap():
    too_many = pd.DataFrame(
        {
            "series": ["a"] * 5001,
            "year": range(5001),
            "value_usd": 1.0,
            "mark": "annual",
            "segment": "a",
            "tooltip": "",
        }
    )
    with pytest.raises(ValueError):
        charts.time_series_chart(too_many)


def test_partner_charts():
    rows = [
        full("UZB", f"P{i:02d}", "export", y, float(100 - i))
        for i in range(12)
        for y in (2020, 2021)
    ]
    a = trade.annual(frame(rows))
    bars, shares, _ = trade.partner_structure(a, "UZB", "export", NAMES)
    b = charts.partner_bars_chart(bars).to_dict()
    assert b["height"] == {"step": 28}
    assert [p["mark"]["type"] for p in layers(b)] == ["bar", "text"]
    sh = charts.partner_shares_chart(shares).to_dict()
    assert sh["encoding"]["y"]["stack"] == "normalize"
    colours = dict(
        zip(
            sh["encoding"]["color"]["scale"]["domain"],
            sh["encoding"]["color"]["scale"]["range"],
            strict=True,
        )
    )
    assert colours["All other partners"] == charts.OTHER_GREY
    assert sh["encoding"]["x"]["type"] == "ordinal"  # bars: a missing year is a missing bar


def test_comparison_chart_panels():
    rows = [
        full("UZB", "AFG", "export", 2023, 1e9),
        full("UZB", "CHN", "export", 2023, 2e9),
        full("KAZ", "AFG", "export", 2020, 3e8),
    ]
    comp, _ = trade.comparison(trade.annual(frame(rows)), ["UZB", "KAZ"], "export", NAMES, SOURCES)
    spec = charts.comparison_chart(comp).to_dict()
    facet = spec["encoding"]["facet"]
    assert facet["field"] == "counterpart" and facet["sort"] == ["Afghanistan", "China"]
    assert spec["resolve"]["scale"] == {"x": "independent", "y": "independent"}
    bars = {r["bar"] for r in spec["datasets"][spec["data"]["name"]]}
    assert bars == {"Uzbekistan · 2023", "Kazakhstan · 2020"}  # the year of each figure


def test_mirror_chart_gap_layer(ori):
    pts, gaps = trade.mirror_frames(ori, "export", "UZB → AFG", NAMES, SOURCES)
    spec = charts.mirror_chart(pts, gaps).to_dict()
    parts = layers(spec)
    assert parts[0]["mark"]["type"] == "rule" and parts[0]["encoding"]["y2"]["field"] == "high"
    assert [r["year"] for r in data_of(spec, parts[0])] == [2011]


def test_trade_deck_offline_and_directed(ori):
    arcs, _ = trade.map_flows(ori, 2013, NAMES, SOURCES, "export")
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


def test_axis_labels_never_repeat_between_ticks():
    expr = charts.USD_LABEL_EXPR
    assert "' bn'" in expr and "' m'" in expr and "' k'" in expr
    assert "< 10 ? '.1~f'" in expr  # 1.5 m, not 2 m next to another 2 m
