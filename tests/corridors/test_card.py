"""Unit tests: corridor transforms, distance method, schedule, card pieces, chart and deck specs."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard_core.corridors import card, transforms
from dashboard_core.corridors import charts as ccharts
from dashboard_core.trade import yearly
from dashboard_core.viz import specs
from tests.corridors.samples import GEOJSON


def haversine(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * card.EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def test_distance_matches_great_circle():
    # Distance to a single vertex line end equals the great-circle distance.
    line = [[69.17, 34.53], [69.17, 30.0]]
    d = card.distance_km([line], 69.17 + 1.0, 34.53 + 1.0)
    assert d == pytest.approx(haversine(69.17, 34.53, 70.17, 35.53), rel=1e-3)
    # A point on the line is at distance ~0; a meridian segment is at the along-parallel distance.
    assert card.distance_km([line], 69.17, 32.0) < 0.5
    expected = haversine(69.17, 32.0, 70.17, 32.0)
    assert card.distance_km([line], 70.17, 32.0) == pytest.approx(expected, rel=5e-3)


def test_incidents_near():
    lines = transforms.feature_lines(GEOJSON)["trans-afghan-rail"]
    incidents = pd.DataFrame(
        {
            "incident_id": ["near", "far", "nowhere"],
            "lat": [36.71, 40.0, None],
            "lon": [67.31, 72.0, None],
        }
    )
    near = card.incidents_near(lines, incidents, 50)
    assert list(near["incident_id"]) == ["near"]
    # brute force: the smallest great-circle distance to 20,000 points along the drawn line
    samples = []
    for (x0, y0), (x1, y1) in zip(lines[0][:-1], lines[0][1:], strict=True):
        samples += [(x0 + (x1 - x0) * t / 10000, y0 + (y1 - y0) * t / 10000) for t in range(10001)]
    brute = min(haversine(x, y, 67.31, 36.71) for x, y in samples)
    assert near.loc[0, "distance_km"] == pytest.approx(brute, abs=0.2)
    assert near.loc[0, "distance_km"] < haversine(67.11, 36.71, 67.31, 36.71)
    assert card.incidents_near(lines, incidents, 5).empty
    assert "distance_km" in card.incidents_near([], incidents, 50)


def test_proximity_counts_only_incidents_placed_precisely_enough():
    lines = transforms.feature_lines(GEOJSON)["trans-afghan-rail"]
    incidents = pd.DataFrame(
        {
            "incident_id": ["exact", "nearby", "border", "province", "country", "unknown"],
            "lat": [36.71] * 6,
            "lon": [67.15] * 6,  # all a few km from the drawn line
            "geo_precision": ["place", "nearby_place", "border_area", "admin1", "country", None],
            "location": ["Mazar", "near Mazar", None, "Balkh", "Afghanistan", None],
        }
    )
    near = card.incidents_near(lines, incidents, 200)
    expected = {
        10: {"exact"},
        25: {"exact", "nearby"},
        50: {"exact", "nearby", "border"},
        200: {"exact", "nearby", "border", "province"},
    }
    for km, ids in expected.items():
        kept, left_out = card.split_by_precision(near, km)
        assert set(kept["incident_id"]) == ids
        assert set(left_out["incident_id"]) == set(incidents["incident_id"]) - ids
    _, left_out = card.split_by_precision(near, 50)
    note = card.left_out_note(left_out, 50)
    assert note.startswith("Left out: 3 incidents whose point lies within 50 km")
    assert "country (Afghanistan; country only)" in note and "province or region only" in note
    assert card.left_out_note(left_out.iloc[0:0], 50) == ""


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
    got = card.events_mentioning(row, events)
    assert list(got["event_id"]) == ["e4", "e1"]
    assert list(got["match"]) == ["title", "tagged"]
    casa = {
        **prepared.set_index("corridor_id").loc["casa-1000"].to_dict(),
        "corridor_id": "casa-1000",
    }
    assert list(card.events_mentioning(casa, events)["event_id"]) == ["e3", "e2"]


def test_facts_and_sources(prepared):
    row = prepared.set_index("corridor_id").loc["trans-afghan-rail"].to_dict()
    facts = dict(card.corridor_facts(row))
    assert facts["Waypoints"] == "Termez → Mazar-i-Sharif → Kabul"
    assert facts["Geometry"].startswith("schematic")
    sources = pd.DataFrame({"source_id": ["psm14"], "title": ["PSM 14"]})
    src = card.corridor_sources(row, sources)
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
    annual = yearly.annual_trade(trade)
    row = prepared.set_index("corridor_id").loc["trans-afghan-rail"].to_dict()
    got = card.trade_along(row, annual)
    assert set(got["partner_iso3"]) == {"AFG", "PAK"}  # KAZ is not on this corridor
    afg = got.loc[got["partner_iso3"] == "AFG"].set_index("year")
    assert afg.loc[2022, "turnover_usd"] == 800e6
    assert math.isnan(afg.loc[2023, "turnover_usd"]) if 2023 in afg.index else True
    assert card.trade_along(row, annual, years=(2030, 2031)).empty
    spec = ccharts.trade_along_chart(got).to_dict(validate=True)
    assert len(specs.data_values(spec)[0]) <= 10


def test_the_trade_rows_a_card_reads_stand_for_the_whole_table():
    """The page hands the cards only `card.TRADE_ROWS` of trade (pushed down to the store)."""
    from dashboard_core.data import loading, paths

    if not (paths.clean_dir() / "trade.parquet").exists():
        pytest.skip("data/clean is not built")
    whole = loading.load_table("trade")
    few = whole[card.TRADE_ROWS.mask(whole)]
    assert len(few) < len(whole)
    expected = yearly.annual_trade(yearly.relevant_trade(whole))
    pd.testing.assert_frame_equal(yearly.annual_trade(yearly.relevant_trade(few)), expected)
