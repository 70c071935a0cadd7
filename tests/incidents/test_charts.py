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


def many_incidents(n: int, start: str = "2005-01-01", days: int = 7000) -> pd.DataFrame:
    base = pd.Timestamp(start)
    rows = pd.DataFrame(
        {
            "incident_id": [f"x{i}" for i in range(n)],
            "date_start": [base + pd.Timedelta(days=(i * 37) % days) for i in range(n)],
            "date_precision": "day",
            "country_iso3": "KGZ",
            "counterpart_iso3": "TJK",
            "fatalities_min": 1,
            "fatalities_max": 2,
        }
    )
    return transforms.prepare(rows)


def tick_labels(spec: dict, granularity: str) -> list[str]:
    fmt = "%Y" if granularity == "year" else "%b %Y"
    values = spec["encoding"]["x"]["axis"]["values"]
    return [pd.Timestamp(v["year"], v["month"], v["date"]).strftime(fmt) for v in values]


def test_one_incident_is_one_bar_among_empty_years_not_a_block():
    one = many_incidents(1, "2021-06-10")
    frame, _ = transforms.timeline_frame(one, "year")
    assert charts.time_domain(frame, "year", (2015, 2024)) == ["2019-01-01", "2024-01-01"]
    assert charts.time_domain(frame, "year", (2021, 2021)) == ["2021-01-01", "2022-01-01"]
    spec = charts.incidents_over_time(frame, "year", years=(2015, 2024)).to_dict(validate=True)
    labels = tick_labels(spec, "year")
    assert labels == ["2019", "2020", "2021", "2022", "2023"]  # one tick per year, no repeats
    bar = specs.data_values(spec)[0][0]
    assert bar["bar_start"] > "2021-01-01" and bar["bar_end"] < "2022-01-01"  # inset, not a block
    monthly, _ = transforms.timeline_frame(one, "month")
    spec = charts.incidents_over_time(monthly, "month").to_dict(validate=True)
    labels = tick_labels(spec, "month")
    assert len(labels) == len(set(labels)) <= charts.MAX_MONTH_TICKS


def test_hundreds_of_incidents_keep_ticks_readable():
    frame, _ = transforms.timeline_frame(many_incidents(600), "year")
    spec = charts.incidents_over_time(frame, "year").to_dict(validate=True)
    labels = tick_labels(spec, "year")
    assert 5 <= len(labels) <= charts.MAX_YEAR_TICKS and len(labels) == len(set(labels))
    assert sum(r["incidents"] for r in specs.data_values(spec)[0]) == 600
    months, _ = transforms.timeline_frame(many_incidents(300, days=1400), "month")
    spec = charts.casualties_over_time(months, "month").to_dict(validate=True)
    labels = tick_labels(spec, "month")
    assert len(labels) == len(set(labels)) <= charts.MAX_MONTH_TICKS


def test_key_event_labels_never_overlap():
    positions = [0.10, 0.12, 0.14, 0.16, 0.60, 0.62]
    widths = [200.0] * 6
    rows = charts.stagger_labels(positions, widths, plot_px=640)
    assert rows[:3] == [0, 1, 2] and rows[3] is None  # no fourth row: that label is left out
    spans = {}
    for pos, width, row in zip(positions, widths, rows, strict=True):
        if row is None:
            continue
        x = pos * 640
        span = (x - width, x) if pos > 0.5 else (x, x + width)
        for other in spans.get(row, []):
            assert span[1] <= other[0] or span[0] >= other[1]
        spans.setdefault(row, []).append(span)


def test_no_period_without_an_incident_is_drawn_and_counts_tick_in_whole_numbers(prepared):
    frame, _ = transforms.timeline_frame(prepared, "month")
    assert frame["incidents"].isna().any()  # months with no record stay in the frame, empty
    spec = charts.incidents_over_time(frame, "month").to_dict(validate=True)
    bars = specs.data_values(spec)[0]
    assert bars and all(r["incidents"] >= 1 for r in bars)  # never a bar of 0 incidents
    assert spec["encoding"]["y"]["axis"]["tickMinStep"] == 1
    killed = charts.casualties_over_time(frame, "month").to_dict(validate=True)
    assert killed["encoding"]["y"]["axis"]["tickMinStep"] == 1
    pairs = transforms.by_border_pair(prepared)
    by_pair = charts.border_pair_casualties(pairs).to_dict(validate=True)
    assert by_pair["encoding"]["x"]["axis"]["tickMinStep"] == 1
    counts = charts.border_pair_counts(pairs).to_dict(validate=True)
    assert counts["layer"][0]["encoding"]["x"]["axis"]["tickMinStep"] == 1
