"""Unit tests: corridor transforms, distance method, schedule, card pieces, chart and deck specs."""

from __future__ import annotations

import json

import pandas as pd

from dashboard_core.corridors import charts as ccharts
from dashboard_core.corridors import map as cmap
from dashboard_core.corridors import transforms
from dashboard_core.viz import specs
from dashboard_core.viz.basemap import NO_BASEMAP
from tests.corridors.samples import GEOJSON

BOUNDARIES = {"type": "FeatureCollection", "features": []}


def test_labels(prepared):
    row = prepared.set_index("corridor_id").loc["trans-afghan-rail"]
    assert row["cost_text"] == "US$4.6 billion to US$7 billion"
    assert row["years_text"] == "2025 to 2030 (planned completion)"
    assert prepared.set_index("corridor_id").loc["casa-1000", "years_text"] == (
        "start 2016; completion not given"
    )
    assert prepared.set_index("corridor_id").loc["tapi", "cost_text"] == "not given"
    assert row["countries_text"] == "Uzbekistan, Afghanistan, Pakistan"
    assert transforms.years_text(2010, 2015, "operational") == "2010 to 2015 (completed)"


def test_filters(prepared):
    assert set(transforms.filter_corridors(prepared, modes=["pipeline"])["corridor_id"]) == {"tapi"}
    assert len(transforms.filter_corridors(prepared)) == 4
    got = transforms.filter_corridors(
        prepared, statuses=["under_construction"], modes=["power_line"]
    )
    assert list(got["corridor_id"]) == ["casa-1000"]
    assert transforms.mode_options(prepared) == ["rail", "pipeline", "power_line", "canal"]
    assert transforms.status_options(prepared)[0] == "proposed"


def test_display_table_drops_internal_columns(prepared):
    table = transforms.display_table(prepared)
    assert "cost_text" not in table and "country_list" not in table
    assert list(table.columns[:3]) == ["corridor_id", "name", "mode"]
    assert "waypoint_names" in table


def test_feature_lines_and_filtered_geojson(prepared):
    lines = transforms.feature_lines(GEOJSON)
    assert len(lines["tapi"]) == 2 and len(lines["trans-afghan-rail"]) == 1
    table = transforms.display_table(
        transforms.filter_corridors(prepared, modes=["rail", "pipeline"])
    )
    gj = transforms.filtered_geojson(GEOJSON, table)
    assert [f["properties"]["corridor_id"] for f in gj["features"]] == ["tapi", "trans-afghan-rail"]
    assert gj["features"][1]["properties"]["status"] == "planned"
    json.dumps(gj)


def test_waypoints_from_vertices_and_cities(prepared):
    lines = transforms.feature_lines(GEOJSON)
    row = prepared.set_index("corridor_id").loc["trans-afghan-rail"].to_dict()
    row["corridor_id"] = "trans-afghan-rail"
    pts = transforms.waypoints(row, lines["trans-afghan-rail"])
    assert [p["name"] for p in pts] == ["Termez", "Mazar-i-Sharif", "Kabul"]
    assert [p["role"] for p in pts] == ["endpoint", "waypoint", "endpoint"]
    # names and vertices differ in number: use the city table, leave unknown names out
    cities = pd.DataFrame({"name": ["Kabul"], "lon": [69.17], "lat": [34.53]})
    casa = prepared.set_index("corridor_id").loc["casa-1000"].to_dict()
    assert [p["name"] for p in transforms.waypoints(casa, [[[1, 1], [2, 2], [3, 3]]], cities)] == [
        "Kabul"
    ]


def test_schedule_frame(prepared):
    bars, points, undated = transforms.schedule_frame(prepared)
    assert list(bars["corridor_id"]) == ["trans-afghan-rail"]
    assert (bars.loc[0, "x0"], bars.loc[0, "x1"]) == (2025, 2031)
    kinds = dict(zip(points["corridor_id"], points["point_kind"], strict=True))
    assert kinds == {
        "casa-1000": "start only (completion not given)",
        "tapi": "planned completion (start not given)",
    }
    assert list(undated["corridor_id"]) == ["cafo-canal"]


def test_schedule_chart_draws_no_invented_bars(prepared):
    bars, points, undated = transforms.schedule_frame(prepared)
    chart = ccharts.schedule_chart(bars, points, "trans-afghan-rail", undated=undated)
    spec = chart.to_dict(validate=True)
    datasets = specs.data_values(spec)
    bar_rows = next(d for d in datasets if d and "x0" in d[0])
    assert [r["corridor_id"] for r in bar_rows] == ["trans-afghan-rail"]
    point_rows = next(d for d in datasets if d and "shape" in d[0])
    assert {r["shape"] for r in point_rows} == {"triangle-right", "diamond"}
    domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert set(domain) == {"Under construction", "Planned", "Proposed"}  # undated drawn too


def test_schedule_lists_every_corridor_unknown_years_dashed(prepared):
    bars, points, undated = transforms.schedule_frame(prepared)
    spec = ccharts.schedule_chart(bars, points, undated=undated).to_dict(validate=True)
    order = spec["layer"][0]["encoding"]["y"]["scale"]["domain"]
    assert sorted(order) == sorted(prepared["name"])  # every corridor has a row
    assert order[-1] == undated.loc[0, "name"]  # the undated come last
    dashed = {r["corridor_id"]: (r["u0"], r["u1"]) for r in specs.data_values(spec)[0]}
    lo, hi = ccharts.schedule_domain(bars, points)
    assert dashed["cafo-canal"] == (lo, hi)  # no year known: dashed across, no bar
    casa = points.set_index("corridor_id").loc["casa-1000", "year"]
    assert dashed["casa-1000"] == (casa + 0.5, hi)  # known start, unknown completion
    tapi = points.set_index("corridor_id").loc["tapi", "year"]
    assert dashed["tapi"] == (lo, tapi + 0.5)
    assert "trans-afghan-rail" not in dashed
    words = [r for d in specs.data_values(spec) for r in d if r.get("words")]
    assert [r["corridor_id"] for r in words] == ["cafo-canal"]
    note = transforms.schedule_note(bars, points, undated)
    assert note.startswith("All 4 corridors listed: 1 corridor with a start and a completion")


def test_schedule_with_no_known_year_spans_the_selected_years(prepared):
    bars, points, undated = transforms.schedule_frame(prepared.iloc[0:0])
    assert ccharts.schedule_domain(bars, points, (2015, 2024)) == (2015, 2025)


def test_corridor_deck(prepared):
    lines = transforms.feature_lines(GEOJSON)
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


def test_joins_all_keeps_corridors_naming_every_selected_country(prepared):
    from dashboard_core.data.filters import Filters

    shared = Filters(("UZB", "AFG"), (1990, 2030))
    touching = transforms.rows_for(prepared, shared, [], [], "any")
    joining = transforms.rows_for(prepared, shared, [], [], "all")
    assert set(joining["corridor_id"]) < set(touching["corridor_id"])
    for cell in joining["countries"]:
        assert {"UZB", "AFG"} <= set(cell.split(";"))
    names = {"UZB": "Uzbekistan", "AFG": "Afghanistan"}
    assert "joining all of Uzbekistan, Afghanistan" in transforms.nothing_note(
        "all", ("UZB", "AFG"), names
    )
