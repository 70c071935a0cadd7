"""Chart and map specs of the Displacement page (chart.to_dict(), deck.to_json())."""

from __future__ import annotations

import pandas as pd

from dashboard_core.displacement import charts
from dashboard_core.displacement import transforms as dsp
from tests.displacement.samples import NAMES, SOURCES
from tests.helpers import layers


def test_repatriation_chart(chart_rows):
    table, seg = dsp.repatriations(chart_rows, ["KAZ"], NAMES, SOURCES)
    spec = charts.repatriation_chart(seg).to_dict()
    parts = layers(spec)
    assert [p["mark"]["type"] for p in parts] == ["bar", "text"]
    assert parts[0]["encoding"]["color"]["scale"]["domain"] == charts.GROUP_DOMAIN
    assert parts[1]["transform"][0] == {"filter": "datum.is_end"}  # one total per bar
    assert spec["height"] == {"step": 24}
    assert len(table) == 2


def test_hosts_chart(chart_rows):
    population = pd.DataFrame(
        {"iso3": ["TJK", "AFG"], "year": [2022, 2022], "population": [1e7, 4e7], "source_id": "wdi"}
    )
    hosts, year, _ = dsp.hosts_compared(chart_rows, ["TJK", "AFG"], ["refugees"], population, NAMES)
    rate = charts.hosts_chart(hosts, per_1000=True).to_dict()
    assert layers(rate)[0]["encoding"]["x"]["field"] == "per_1000"
    people = charts.hosts_chart(hosts, per_1000=False).to_dict()
    assert layers(people)[0]["encoding"]["x"]["field"] == "value"
    assert layers(people)[0]["encoding"]["yOffset"]["field"] == "type"


def test_series_chart_panels_and_gaps(chart_rows):
    rows = dsp.select_rows(chart_rows, ["AFG", "TJK"], [], "from")
    s = dsp.series_frame(rows, "from", NAMES, SOURCES)
    events = pd.DataFrame({"x": [2021.6], "caption": ["1. Aug 2021: takeover"], "label": ["1"]})
    spec = charts.series_chart(s, events=events).to_dict()
    assert spec["facet"]["field"] == "country" and spec["columns"] == 2
    assert spec["facet"]["sort"] == ["Afghanistan", "Tajikistan"]
    parts = layers(spec["spec"])
    assert [p["mark"]["type"] for p in parts] == ["line", "point", "rule", "text"]
    rows = pd.DataFrame(spec["datasets"][spec["data"]["name"]])
    line_rows = rows[rows["in_line"].astype(bool)]
    for _, seg in line_rows.groupby("segment"):
        years = sorted(int(y) for y in seg["year"])
        assert years == list(range(years[0], years[-1] + 1))  # never across a missing year
    events_rows = rows[rows["part"] == "event"]
    assert sorted(events_rows["country"]) == ["Afghanistan", "Tajikistan"]  # rules in each panel
    assert spec["resolve"]["scale"]["y"] == "independent"
    log = charts.series_chart(s, log_scale=True).to_dict()
    assert layers(log["spec"])[0]["encoding"]["y"]["scale"]["type"] == "log"


def test_series_chart_single_country_wide(chart_rows):
    rows = dsp.select_rows(chart_rows, ["TJK"], [], "from")
    spec = charts.series_chart(
        dsp.series_frame(rows, "from", NAMES, SOURCES), presenter=True
    ).to_dict()
    assert spec["spec"]["width"] == 900 and spec["columns"] == 1
    assert spec["config"]["axis"]["labelFontSize"] == 16


def test_people_axes_tick_in_whole_numbers(chart_rows):
    """Five refugees in a panel: ticks 0, 1, 2..., never 0.5 people."""
    rows = dsp.select_rows(chart_rows, ["TJK"], [], "from")
    series = charts.series_chart(dsp.series_frame(rows, "from", NAMES, SOURCES)).to_dict()
    assert layers(series["spec"])[0]["encoding"]["y"]["axis"]["tickMinStep"] == 1
    _, seg = dsp.repatriations(chart_rows, ["KAZ"], NAMES, SOURCES)
    bars = charts.repatriation_chart(seg).to_dict()
    assert layers(bars)[0]["encoding"]["x"]["axis"]["tickMinStep"] == 1
    hosts, _, _ = dsp.hosts_compared(chart_rows, ["TJK", "AFG"], ["refugees"], None, NAMES)
    people = charts.hosts_chart(hosts, per_1000=False).to_dict()
    assert layers(people)[0]["encoding"]["x"]["axis"]["tickMinStep"] == 1
