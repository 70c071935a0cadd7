"""Unit tests: corridor transforms, distance method, schedule, card pieces, chart and deck specs."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from dashboard_core import compare
from dashboard_core import corridors as cor
from dashboard_core import corridors_charts as ccharts
from dashboard_core import corridors_map as cmap
from dashboard_core import incidents_charts as charts_base
from dashboard_core.incidents_map import NO_BASEMAP

BOUNDARIES = {"type": "FeatureCollection", "features": []}

# Termez (67.28, 37.22) - Mazar-i-Sharif (67.11, 36.71) - Kabul (69.17, 34.53)
GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"corridor_id": "trans-afghan-rail"},
            "geometry": {
                "type": "LineString",
                "coordinates": [[67.28, 37.22], [67.11, 36.71], [69.17, 34.53]],
            },
        },
        {
            "type": "Feature",
            "properties": {"corridor_id": "casa-1000"},
            "geometry": {"type": "LineString", "coordinates": [[72.8, 40.9], [69.2, 34.5]]},
        },
        {
            "type": "Feature",
            "properties": {"corridor_id": "cafo-canal"},
            "geometry": {"type": "LineString", "coordinates": [[66.0, 37.2], [65.0, 36.9]]},
        },
        {
            "type": "Feature",
            "properties": {"corridor_id": "tapi"},
            "geometry": {
                "type": "MultiLineString",
                "coordinates": [[[62.0, 37.0], [65.0, 32.0]], [[65.0, 32.0], [67.0, 31.0]]],
            },
        },
    ],
}


def synthetic_corridors() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "corridor_id": ["trans-afghan-rail", "casa-1000", "tapi", "cafo-canal"],
            "name": [
                "Trans-Afghan Railway (Termez-Kabul)",
                "CASA-1000",
                "TAPI gas pipeline",
                "Qosh Tepa canal",
            ],
            "mode": ["rail", "power_line", "gas_pipeline", "canal"],
            "countries": ["UZB;AFG;PAK", "KGZ;TJK;AFG;PAK", "TKM;AFG;PAK;IND", "AFG"],
            "status": ["planned", "under_construction", "under_construction", "proposed"],
            "length_km": [573, 1227, None, 285],
            "cost_usd_min": [4.6e9, 1.16e9, None, None],
            "cost_usd_max": [7.0e9, 1.16e9, None, None],
            "financiers": ["World Bank;ADB", "World Bank", None, None],
            "start_year": [2025, 2016, None, None],
            "completion_year": [2030, None, 2027, None],
            "geometry_precision": ["schematic", "schematic", "schematic", "surveyed"],
            "summary": ["Rail", "Power", "Gas", "Canal"],
            "source_id": ["psm14", "psm14", "ca-digest", "psm14"],
            "locator": ["L10", "L11", "L12", "L13"],
            "verification": ["seed_verified", "seed_verified", "reported", "seed_verified"],
            "waypoint_names": ["Termez;Mazar-i-Sharif;Kabul", "Datka;Kabul", None, None],
            "cited_source": [None, None, None, None],
            "note": [None, None, None, None],
        }
    )


@pytest.fixture
def prepared() -> pd.DataFrame:
    return cor.prepare(synthetic_corridors())


def test_labels(prepared):
    row = prepared.set_index("corridor_id").loc["trans-afghan-rail"]
    assert row["cost_text"] == "US$4.6 bn to US$7 bn"
    assert row["years_text"] == "2025 to 2030 (planned completion)"
    assert prepared.set_index("corridor_id").loc["casa-1000", "years_text"] == (
        "start 2016; completion not given"
    )
    assert prepared.set_index("corridor_id").loc["tapi", "cost_text"] == "not given"
    assert row["countries_text"] == "Uzbekistan, Afghanistan, Pakistan"
    assert cor.years_text(2010, 2015, "operational") == "2010 to 2015 (completed)"


def test_filters(prepared):
    assert set(cor.filter_corridors(prepared, modes=["pipeline"])["corridor_id"]) == {"tapi"}
    assert len(cor.filter_corridors(prepared)) == 4
    got = cor.filter_corridors(prepared, statuses=["under_construction"], modes=["power_line"])
    assert list(got["corridor_id"]) == ["casa-1000"]
    assert cor.mode_options(prepared) == ["rail", "pipeline", "power_line", "canal"]
    assert cor.status_options(prepared)[0] == "proposed"


def test_display_table_drops_internal_columns(prepared):
    table = cor.display_table(prepared)
    assert "cost_text" not in table and "country_list" not in table
    assert list(table.columns[:3]) == ["corridor_id", "name", "mode"]
    assert "waypoint_names" in table


def test_feature_lines_and_filtered_geojson(prepared):
    lines = cor.feature_lines(GEOJSON)
    assert len(lines["tapi"]) == 2 and len(lines["trans-afghan-rail"]) == 1
    table = cor.display_table(cor.filter_corridors(prepared, modes=["rail", "pipeline"]))
    gj = cor.filtered_geojson(GEOJSON, table)
    assert [f["properties"]["corridor_id"] for f in gj["features"]] == ["tapi", "trans-afghan-rail"]
    assert gj["features"][1]["properties"]["status"] == "planned"
    json.dumps(gj)


def test_waypoints_from_vertices_and_cities(prepared):
    lines = cor.feature_lines(GEOJSON)
    row = prepared.set_index("corridor_id").loc["trans-afghan-rail"].to_dict()
    row["corridor_id"] = "trans-afghan-rail"
    pts = cor.waypoints(row, lines["trans-afghan-rail"])
    assert [p["name"] for p in pts] == ["Termez", "Mazar-i-Sharif", "Kabul"]
    assert [p["role"] for p in pts] == ["endpoint", "waypoint", "endpoint"]
    # names and vertices differ in number: use the city table, leave unknown names out
    cities = pd.DataFrame({"name": ["Kabul"], "lon": [69.17], "lat": [34.53]})
    casa = prepared.set_index("corridor_id").loc["casa-1000"].to_dict()
    assert [p["name"] for p in cor.waypoints(casa, [[[1, 1], [2, 2], [3, 3]]], cities)] == ["Kabul"]


def haversine(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * cor.EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def test_distance_matches_great_circle():
    # Distance to a single vertex line end equals the great-circle distance.
    line = [[69.17, 34.53], [69.17, 30.0]]
    d = cor.distance_km([line], 69.17 + 1.0, 34.53 + 1.0)
    assert d == pytest.approx(haversine(69.17, 34.53, 70.17, 35.53), rel=1e-3)
    # A point on the line is at distance ~0; a meridian segment is at the along-parallel distance.
    assert cor.distance_km([line], 69.17, 32.0) < 0.5
    expected = haversine(69.17, 32.0, 70.17, 32.0)
    assert cor.distance_km([line], 70.17, 32.0) == pytest.approx(expected, rel=5e-3)


def test_incidents_near():
    lines = cor.feature_lines(GEOJSON)["trans-afghan-rail"]
    incidents = pd.DataFrame(
        {
            "incident_id": ["near", "far", "nowhere"],
            "lat": [36.71, 40.0, None],
            "lon": [67.31, 72.0, None],
        }
    )
    near = cor.incidents_near(lines, incidents, 50)
    assert list(near["incident_id"]) == ["near"]
    # brute force: the smallest great-circle distance to 20,000 points along the drawn line
    samples = []
    for (x0, y0), (x1, y1) in zip(lines[0][:-1], lines[0][1:], strict=True):
        samples += [(x0 + (x1 - x0) * t / 10000, y0 + (y1 - y0) * t / 10000) for t in range(10001)]
    brute = min(haversine(x, y, 67.31, 36.71) for x, y in samples)
    assert near.loc[0, "distance_km"] == pytest.approx(brute, abs=0.2)
    assert near.loc[0, "distance_km"] < haversine(67.11, 36.71, 67.31, 36.71)
    assert cor.incidents_near(lines, incidents, 5).empty
    assert "distance_km" in cor.incidents_near([], incidents, 50)


def test_schedule_frame(prepared):
    bars, points, undated = cor.schedule_frame(prepared)
    assert list(bars["corridor_id"]) == ["trans-afghan-rail"]
    assert (bars.loc[0, "x0"], bars.loc[0, "x1"]) == (2025, 2031)
    kinds = dict(zip(points["corridor_id"], points["point_kind"], strict=True))
    assert kinds == {
        "casa-1000": "start only (completion not given)",
        "tapi": "planned completion (start not given)",
    }
    assert list(undated["corridor_id"]) == ["cafo-canal"]


def test_schedule_chart_draws_no_invented_bars(prepared):
    bars, points, _ = cor.schedule_frame(prepared)
    spec = ccharts.schedule_chart(bars, points, selected="trans-afghan-rail").to_dict(validate=True)
    datasets = charts_base.data_values(spec)
    bar_rows = next(d for d in datasets if d and "x0" in d[0])
    assert [r["corridor_id"] for r in bar_rows] == ["trans-afghan-rail"]
    point_rows = next(d for d in datasets if d and "shape" in d[0])
    assert {r["shape"] for r in point_rows} == {"triangle-right", "diamond"}
    domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["Under construction", "Planned"]
    assert "cafo-canal" not in json.dumps(spec)


def test_events_mentioning(prepared):
    events = pd.DataFrame(
        {
            "event_id": ["e1", "e2", "e3", "e4"],
            "date": ["2024-07-17", "2023-02-01", "2022-01-01", "2021-01-01"],
            "title": [
                "Framework agreement on the railway",
                "Talks on CASA-1000 resume",
                "Unrelated summit",
                "Trans-Afghan Railway roadmap signed",
            ],
            "corridor_ids": ["trans-afghan-rail", None, "casa-1000;tapi", None],
        }
    )
    row = prepared.set_index("corridor_id").loc["trans-afghan-rail"].to_dict()
    row["corridor_id"] = "trans-afghan-rail"
    got = cor.events_mentioning(row, events)
    assert list(got["event_id"]) == ["e4", "e1"]
    assert list(got["match"]) == ["title", "tagged"]
    casa = {
        **prepared.set_index("corridor_id").loc["casa-1000"].to_dict(),
        "corridor_id": "casa-1000",
    }
    assert list(cor.events_mentioning(casa, events)["event_id"]) == ["e3", "e2"]


def test_facts_and_sources(prepared):
    row = prepared.set_index("corridor_id").loc["trans-afghan-rail"].to_dict()
    facts = dict(cor.corridor_facts(row))
    assert facts["Waypoints"] == "Termez → Mazar-i-Sharif → Kabul"
    assert facts["Geometry"].startswith("schematic")
    sources = pd.DataFrame({"source_id": ["psm14"], "title": ["PSM 14"]})
    src = cor.corridor_sources(row, sources)
    assert src.loc[0, "title"] == "PSM 14" and src.loc[0, "locator"] == "L10"


def test_trade_along_keeps_each_reporter(prepared):
    trade = pd.DataFrame(
        {
            "reporter_iso3": ["UZB", "UZB", "UZB", "UZB", "UZB"],
            "partner_iso3": ["AFG", "AFG", "AFG", "PAK", "KAZ"],
            "flow": ["export", "import", "export", "turnover", "turnover"],
            "commodity": "TOTAL",
            "period_start": ["2022-01-01", "2022-01-01", "2023-01-01", "2022-01-01", "2022-01-01"],
            "period_end": ["2022-12-31", "2022-12-31", "2023-12-31", "2022-12-31", "2022-12-31"],
            "year": [2022, 2022, 2023, 2022, 2022],
            "measure": "observed",
            "value_usd": [700e6, 100e6, 800e6, 50e6, 3e9],
            "source_id": "statuz",
            "verification": "official_release",
        }
    )
    annual = compare.annual_trade(trade)
    row = prepared.set_index("corridor_id").loc["trans-afghan-rail"].to_dict()
    got = cor.trade_along(row, annual)
    assert set(got["partner_iso3"]) == {"AFG", "PAK"}  # KAZ is not on this corridor
    afg = got.loc[got["partner_iso3"] == "AFG"].set_index("year")
    assert afg.loc[2022, "turnover_usd"] == 800e6
    assert math.isnan(afg.loc[2023, "turnover_usd"]) if 2023 in afg.index else True
    assert cor.trade_along(row, annual, years=(2030, 2031)).empty
    spec = ccharts.trade_along_chart(got).to_dict(validate=True)
    assert len(charts_base.data_values(spec)[0]) <= 10


def test_corridor_deck(prepared):
    lines = cor.feature_lines(GEOJSON)
    deck = cmap.corridors_deck(prepared, lines, BOUNDARIES, selected="casa-1000")
    spec = json.loads(deck.to_json())
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids == [
        "boundaries",
        "corridor-casing",
        "corridor-lines",
        "corridor-lines-schematic",
        "corridor-places",
        "corridor-place-labels",
    ]
    dashed = spec["layers"][3]
    assert dashed["extensions"] == [{"@@type": "PathStyleExtension", "dash": True}]
    assert {r["corridor_id"] for r in dashed["data"]} == {"trans-afghan-rail", "casa-1000", "tapi"}
    widths = {r["corridor_id"]: r["width"] for r in dashed["data"]}
    assert widths["casa-1000"] > widths["tapi"]
    faded = next(r for r in dashed["data"] if r["corridor_id"] == "tapi")
    assert faded["colour"][3] < 255
    places = [p["name"] for p in spec["layers"][4]["data"]]
    assert places.count("Kabul") == 1  # a shared waypoint is marked once
    assert {"Termez", "Mazar-i-Sharif", "Datka", "Kabul"} == set(places)
    labels = [p["name"] for p in spec["layers"][5]["data"]]
    # Termez and Mazar-i-Sharif are 60 km apart: at the opening zoom only one label fits
    assert {"Datka", "Kabul"} <= set(labels) and len(labels) == 3
    assert spec["layers"][5]["characterSet"] == "auto"
    assert dashed["widthUnits"] == "pixels" and spec["layers"][4]["radiusUnits"] == "pixels"
    assert deck.map_style == NO_BASEMAP  # offline: no CARTO fallback


def test_declutter_keeps_priority_and_drops_overlaps():
    pts = [
        {"name": "Alpha", "lon": 69.0, "lat": 34.5, "priority": 0},
        {"name": "Beta", "lon": 69.05, "lat": 34.55, "priority": 1},
        {"name": "Gamma", "lon": 75.0, "lat": 40.0, "priority": 0},
    ]
    kept = [p["name"] for p in cmap.declutter(pts, zoom=3.7)]
    assert kept == ["Beta", "Gamma"]
    assert len(cmap.declutter(pts, zoom=9)) == 3  # zoomed in, everything fits


def test_legend(prepared):
    items = cmap.legend_items(prepared)
    assert any(i["shape"] == "dash" for i in items)
    assert "Dashed: schematic" in cmap.legend_html(items)
