"""Chart and map specs of the Displacement page (chart.to_dict(), deck.to_json())."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard_core import displacement as dsp
from dashboard_core import displacement_charts as charts
from dashboard_core.displacement_map import displacement_deck, displacement_legend
from test_displacement import NAMES, SOURCES, frame, rec
from test_trade_charts import BOUNDARIES, layers

PLACES = {
    "AFG": {"name": "Afghanistan", "lon": 69.2, "lat": 34.5},
    "PAK": {"name": "Pakistan", "lon": 73.0, "lat": 33.7},
    "IRN": {"name": "Iran", "lon": 51.4, "lat": 35.7},
    "TJK": {"name": "Tajikistan", "lon": 68.8, "lat": 38.6},
}


@pytest.fixture
def prep() -> pd.DataFrame:
    rows = []
    for y in (2019, 2020, 2022):
        rows.append(rec("AFG", "PAK", "refugees", "stock", y, 1_300_000))
        rows.append(rec("TJK", "AFG", "refugees", "stock", y, 20))
    rows.append(rec("AFG", "PAK", "returned_refugees", "flow", 2022, 50_000))
    rows.append(rec("AFG", "AFG", "idps", "stock", 2022, 3_000_000))
    rows.append(
        rec(
            "AFG",
            "IRN",
            "returns",
            "flow",
            2020,
            860_000,
            source="seed",
            ver="seed_verified",
            start="2020-01-01",
            end="2020-12-31",
        )
    )
    for g, v in (("total", 725), ("women", 188), ("children", 522)):
        rows.append(
            rec(
                "KAZ",
                "SYR",
                "repatriated_nationals",
                "flow",
                2025,
                v,
                group=g,
                start="2019-01-01",
                source="seed",
                ver="seed_verified",
                operation="Jusan",
            )
        )
    rows.append(
        rec(
            "KAZ",
            "IRQ",
            "repatriated_nationals",
            "flow",
            2019,
            14,
            group="children",
            start="2019-11-27",
            end="2019-11-27",
            source="seed",
            ver="seed_verified",
        )
    )
    rows.append(rec("UKR", "TJK", "refugees", "stock", 2022, 100))
    return dsp.prepared(frame(rows))


def test_series_chart_panels_and_gaps(prep):
    rows = dsp.select_rows(prep, ["AFG", "TJK"], [], "from")
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


def test_series_chart_single_country_wide(prep):
    rows = dsp.select_rows(prep, ["TJK"], [], "from")
    spec = charts.series_chart(
        dsp.series_frame(rows, "from", NAMES, SOURCES), presenter=True
    ).to_dict()
    assert spec["spec"]["width"] == 900 and spec["columns"] == 1
    assert spec["config"]["axis"]["labelFontSize"] == 16


def test_repatriation_chart(prep):
    table, seg = dsp.repatriations(prep, ["KAZ"], NAMES, SOURCES)
    spec = charts.repatriation_chart(seg).to_dict()
    parts = layers(spec)
    assert [p["mark"]["type"] for p in parts] == ["bar", "text"]
    assert parts[0]["encoding"]["color"]["scale"]["domain"] == charts.GROUP_DOMAIN
    assert parts[1]["transform"][0] == {"filter": "datum.is_end"}  # one total per bar
    assert spec["height"] == {"step": 24}
    assert len(table) == 2


def test_hosts_chart(prep):
    population = pd.DataFrame(
        {"iso3": ["TJK", "AFG"], "year": [2022, 2022], "population": [1e7, 4e7], "source_id": "wdi"}
    )
    hosts, year, _ = dsp.hosts_compared(prep, ["TJK", "AFG"], ["refugees"], population, NAMES)
    rate = charts.hosts_chart(hosts, per_1000=True).to_dict()
    assert layers(rate)[0]["encoding"]["x"]["field"] == "per_1000"
    people = charts.hosts_chart(hosts, per_1000=False).to_dict()
    assert layers(people)[0]["encoding"]["x"]["field"] == "value"
    assert layers(people)[0]["encoding"]["yOffset"]["field"] == "type"


def test_displacement_deck(prep):
    rows = dsp.select_rows(prep, ["AFG"], [], "from")
    arcs, here, _ = dsp.map_flows(rows, 2022, NAMES, SOURCES)
    deck, missing = displacement_deck(arcs, here, BOUNDARIES, PLACES, highlight=["AFG"])
    spec = json.loads(deck.to_json())
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids == ["boundaries", "displacement-inside", "displacement-arcs", "displacement-labels"]
    inside = spec["layers"][1]
    assert inside["radiusUnits"] == "pixels" and inside["data"][0]["radius"] > 4
    arc = spec["layers"][2]
    assert {(d["from_iso3"], d["to_iso3"]) for d in arc["data"]} == {("AFG", "PAK"), ("PAK", "AFG")}
    assert all("UNHCR" in d["tooltip"] for d in arc["data"])
    assert missing == []
    assert "Green circles" in displacement_legend(True)
    assert "Green" not in displacement_legend(False)


def test_displacement_deck_empty():
    empty = pd.DataFrame(columns=["from_iso3", "to_iso3", "value", "measure", "tooltip"])
    here = pd.DataFrame(columns=["iso3", "value", "tooltip"])
    deck, missing = displacement_deck(empty, here, BOUNDARIES, PLACES)
    ids = [layer["id"] for layer in json.loads(deck.to_json())["layers"]]
    assert ids == ["boundaries", "displacement-labels"] and missing == []
