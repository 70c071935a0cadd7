"""Chart and map specs of the Trade page (chart.to_dict(), deck.to_json())."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.trade import analyses, charts, figures
from dashboard_core.viz import charts as viz_charts
from tests.helpers import data_of, layers
from tests.trade.samples import NAMES, SOURCES, frame, full


def test_time_series_spec(ori):
    s = analyses.series_frame(ori, NAMES, SOURCES, "export")
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
    points = data_of(spec, dots)
    assert {r["mark"] for r in points} == {"annual", "partial", "target"}
    # one reading per flow and year: the second stat.uz figure and the document's are not drawn
    drawn = [
        (r["year"], r["value_usd"])
        for r in points
        if r["mark"] == "annual" and r["series"] == "Uzbekistan → Afghanistan"
    ]
    assert sorted(drawn) == [(2010, 100e6 + 2010), (2011, 100e6 + 2011), (2013, 100e6 + 2013)]
    assert s.others == 2
    assert parts[0]["encoding"]["y"]["scale"] == {"zero": True}
    log = charts.time_series_chart(s.frame, log_scale=True).to_dict()
    assert layers(log)[0]["encoding"]["y"]["scale"]["type"] == "log"
    assert "labelExpr" in parts[0]["encoding"]["y"]["axis"]  # 1.2 bn, 300 m, 45 k


def test_time_series_events_and_presenter(ori):
    s = analyses.series_frame(ori, NAMES, SOURCES, "export")
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
    a = figures.annual(frame(rows))
    bars, shares, _ = analyses.partner_structure(a, "UZB", "export", NAMES)
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
    assert colours["All other partners"] == viz_charts.OTHER_GREY
    assert sh["encoding"]["x"]["type"] == "ordinal"  # bars: a missing year is a missing bar


def test_axis_labels_never_repeat_between_ticks():
    expr = viz_charts.USD_LABEL_EXPR
    assert "' bn'" in expr and "' m'" in expr and "' k'" in expr
    assert "< 10 ? '.1~f'" in expr  # 1.5 m, not 2 m next to another 2 m


def test_comparison_chart_panels():
    rows = [
        full("UZB", "AFG", "export", 2023, 1e9),
        full("UZB", "CHN", "export", 2023, 2e9),
        full("KAZ", "AFG", "export", 2020, 3e8),
    ]
    comp, _ = analyses.comparison(
        figures.annual(frame(rows)), ["UZB", "KAZ"], "export", NAMES, SOURCES
    )
    spec = charts.comparison_chart(comp).to_dict()
    facet = spec["encoding"]["facet"]
    assert facet["field"] == "counterpart" and facet["sort"] == ["Afghanistan", "China"]
    assert spec["resolve"]["scale"] == {"x": "independent", "y": "independent"}
    bars = {r["bar"] for r in spec["datasets"][spec["data"]["name"]]}
    assert bars == {"Uzbekistan · 2023", "Kazakhstan · 2020"}  # the year of each figure


def test_mirror_chart_gap_layer(ori):
    pts, gaps = analyses.mirror_frames(ori, "export", "UZB → AFG", NAMES, SOURCES)
    spec = charts.mirror_chart(pts, gaps).to_dict()
    parts = layers(spec)
    assert parts[0]["mark"]["type"] == "rule" and parts[0]["encoding"]["y2"]["field"] == "high"
    assert [r["year"] for r in data_of(spec, parts[0])] == [2011]
    # every reading stays visible here: the preferred filled, the others as rings on top
    filled, rings = parts[2], parts[3]
    assert filled["mark"]["filled"] is True and rings["mark"]["filled"] is False
    assert rings["mark"]["size"] > filled["mark"]["size"]
    drawn = {(r["year"], r["preferred"]) for r in data_of(spec, rings)}
    assert (2011, False) in drawn  # the document's 2011 figure: another reading, still shown
    assert {r["year"] for r in data_of(spec, filled)} == {2010, 2011, 2013}
