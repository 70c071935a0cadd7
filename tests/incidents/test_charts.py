"""Unit tests: incident transforms, charts (Vega-Lite specs) and maps (deck JSON). Synthetic
data."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard_core.incidents import charts, transforms
from dashboard_core.viz import specs, timeline


def test_timeline_charts_specs(prepared):
    frame, _ = transforms.timeline_frame(prepared, "month")
    assert charts.time_domain(frame) == ["2021-01-01", "2025-01-01"]
    assert charts.domain_years(frame) == (2021, 2024)
    events = pd.DataFrame(
        {
            "event_id": ["e1", "e2"],
            "date": pd.to_datetime(["2022-09-20", "1990-01-01"]),
            "date_precision": "day",
            "category": ["security", "security"],
            "countries": ["KGZ;TJK", "TJK"],
            "title": ["Ceasefire", "Too early"],
            "source_id": "psm14",
            "verification": "seed_verified",
        }
    )
    ann = timeline.annotation_frame(
        transforms.annotation_events(events),
        charts.domain_years(frame),
        ["KGZ", "TJK"],
        5,
        "period",
    )
    spec = charts.incidents_over_time(frame, "month", annotations=ann).to_dict(validate=True)
    assert spec["layer"][0]["mark"]["type"] == "rect"  # bars from zero, one month wide
    assert spec["resolve"]["scale"]["y"] == "independent"
    ann_rows = [r for d in specs.data_values(spec) for r in d if "title" in r]
    assert [r["title"] for r in ann_rows] == ["Ceasefire"]  # outside the years: left out
    texts = [lay for lay in spec["layer"][1]["layer"] if lay["mark"]["type"] == "text"]
    assert all(t["mark"]["clip"] for t in texts) and len(texts) == 2
    plain = charts.incidents_over_time(frame, "year").to_dict(validate=True)
    assert plain["mark"]["type"] == "rect" and plain["encoding"]["y2"] == {"datum": 0}
    spec = charts.casualties_over_time(frame, "month").to_dict(validate=True)
    rows = specs.data_values(spec)[0]
    assert {r["segment"] for r in rows} == {charts.SEGMENT_LOW, charts.SEGMENT_HIGH}
    sep = [r for r in rows if r["period_label"] == "2022-09"]
    assert {(r["y0"], r["y1"]) for r in sep} == {(0.0, 78.0), (78.0, 141.0)}
    assert all(r["period_label"] != "2021-04" for r in rows)  # unknown not drawn as zero


def test_border_pair_chart_specs(prepared):
    pairs = transforms.by_border_pair(prepared)
    for chart in (charts.border_pair_counts(pairs), charts.border_pair_casualties(pairs, True)):
        spec = chart.to_dict(validate=True)
        assert 0 < sum(len(v) for v in specs.data_values(spec)) < 5000
    presenter = charts.border_pair_counts(pairs, presenter=True).to_dict(validate=True)
    assert presenter["config"]["axis"]["labelFontSize"] == 16


def test_charts_skip_validation_at_render_time_only(prepared):
    chart = charts.border_pair_counts(transforms.by_border_pair(prepared))
    assert isinstance(chart, specs.SpecChart) and isinstance(chart, alt.Chart)
    assert chart.to_dict() == chart.to_dict(validate=True)  # the spec is valid either way


def test_spec_chart_works_with_the_shell_presenter_styling(prepared):
    from dashboard_core.ui import presenter

    chart = charts.border_pair_counts(transforms.by_border_pair(prepared))
    styled = presenter.presenter_chart(chart)
    spec = styled.to_dict(validate=True)
    assert spec["config"]["axis"]["labelFontSize"] == presenter.PRESENTER_FONT["label"]
    assert "config" not in chart.to_dict()  # the original is untouched
    assert chart.properties(width=300).to_dict()["width"] == 300
