"""Unit tests: incident transforms, charts (Vega-Lite specs) and maps (deck JSON). Synthetic
data."""

from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd
import pytest

from dashboard_core import incidents as inc
from dashboard_core import incidents_charts as charts
from dashboard_core import incidents_map as imap
from dashboard_core import timeline

BOUNDARIES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"iso3": "TJK", "group": "focus"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[67, 37], [75, 37], [75, 41], [67, 41], [67, 37]]],
            },
        }
    ],
}


def synthetic_incidents() -> pd.DataFrame:
    rows = [
        # id, start, precision, country, counterpart, lat, lon, geo, type, fmin, fmax, inj, src, ver
        ("i1", "2022-09-14", "day", "KGZ", "TJK", 39.9, 70.6, "place", "armed_clash", 37, 100, 20,
         "psm14", "seed_verified"),
        ("i2", "2022-09-16", "day", "TJK", "KGZ", 39.8, 70.5, "border_area", "armed_clash", 41, 41,
         None, "psm14", "seed_verified"),
        ("i3", "2021-04-01", "month", "KGZ", "TJK", 39.95, 70.7, "nearby_place",
         "cross_border_fire", None, None, None, "ca-digest", "reported"),
        ("i4", "2023-01-01", "year", "TJK", "AFG", 37.2, 68.8, "admin1", "rocket_attack", 0, 0,
         None, "psm14", "seed_verified"),
        ("i5", "2024-08-20", "day", "AFG", "TJK", 37.1, 69.0, "place", "drone_strike", None, 3,
         1, "psm14", "seed_verified"),
        ("i6", "2024-10-05", "day", "UZB", None, 41.3, 69.2, "country", "smuggling_interdiction",
         0, 0, 0, "ca-digest", "seed_verified"),
    ]  # fmt: skip
    cols = [
        "incident_id", "date_start", "date_precision", "country_iso3", "counterpart_iso3", "lat",
        "lon", "geo_precision", "event_type", "fatalities_min", "fatalities_max", "injuries",
        "source_id", "verification",
    ]  # fmt: skip
    df = pd.DataFrame(rows, columns=cols)
    df["date_start"] = pd.to_datetime(df["date_start"])
    df["date_end"] = df["date_start"]
    df["location"] = ["Kok-Tash", "Vorukh", "Khojai Alo", "Khatlon", "Shamsiddin Shohin", None]
    df["admin1"] = None
    df["actors"] = ["border guards", "border guards", None, "unknown group", "drone", "customs"]
    df["summary"] = ["Clash <b>big</b>", "Clash", "Fire", "Rockets", "Strike", "Seizure"]
    df["locator"] = "L1"
    df["cited_source"] = [None, "RFE/RL", None, None, None, None]
    df["note"] = None
    df["place_name"] = df["location"]
    return df


@pytest.fixture
def prepared() -> pd.DataFrame:
    sources = pd.DataFrame({"source_id": ["psm14", "ca-digest"], "title": ["PSM 14", "Digest"]})
    return inc.prepare(synthetic_incidents(), sources=sources)


def test_pair_key_is_unordered_central_asian_first():
    assert inc.pair_key("TJK", "KGZ") == inc.pair_key("KGZ", "TJK") == "KGZ-TJK"
    assert inc.pair_key("AFG", "TJK") == "TJK-AFG"
    assert inc.pair_key("UZB", None) == "UZB"
    assert inc.pair_label("TJK-AFG") == "Tajikistan–Afghanistan"
    assert inc.pair_label("UZB") == "Uzbekistan (no counterpart)"


@pytest.mark.parametrize(
    ("lo", "hi", "inj", "expected"),
    [
        (3, 3, None, "3 killed"),
        (37, 100, 20, "37–100 killed (disputed), 20 injured"),
        (None, None, None, "killed: unknown"),
        (None, 3, None, "up to 3 killed"),
        (2, None, None, "at least 2 killed"),
        (0, 0, 0, "0 killed, 0 injured"),
    ],
)
def test_casualty_label_keeps_ranges_and_unknowns(lo, hi, inj, expected):
    assert inc.casualty_label(lo, hi, inj) == expected


def test_prepare_adds_columns_without_changing_rows(prepared):
    raw = synthetic_incidents()
    assert len(prepared) == len(raw)
    assert list(prepared["incident_id"]) == list(raw["incident_id"])
    row = prepared.set_index("incident_id").loc["i3"]
    assert math.isnan(row["fat_lo"]) and math.isnan(row["fat_hi"])  # unknown stays unknown
    i5 = prepared.set_index("incident_id").loc["i5"]
    assert i5["fat_lo"] == 0 and i5["fat_hi"] == 3
    assert prepared.set_index("incident_id").loc["i3", "date_text"] == "April 2021"
    assert prepared.set_index("incident_id").loc["i4", "date_text"] == "2023"
    assert list(prepared["approximate"]) == [False, True, True, True, False, True]
    assert "PSM 14, L1" in prepared.loc[0, "source_text"]


def test_filters(prepared):
    f = inc.filter_incidents
    assert len(f(prepared)) == 6
    assert set(f(prepared, event_types=["armed_clash"])["incident_id"]) == {"i1", "i2"}
    assert set(f(prepared, border_pairs=["TJK-AFG"])["incident_id"]) == {"i4", "i5"}
    # at least one killed or injured, by any account; unknown and zero drop out
    assert set(f(prepared, casualties="one_plus")["incident_id"]) == {"i1", "i2", "i5"}
    assert set(f(prepared, date_precisions=["month", "year"])["incident_id"]) == {"i3", "i4"}
    assert f(prepared, event_types=["protest"]).empty
    with pytest.raises(ValueError):
        f(prepared, casualties="many")


def test_options(prepared):
    assert inc.border_pair_options(prepared) == ["KGZ-TJK", "TJK-AFG", "UZB"]
    assert inc.event_type_options(prepared)[0] == "armed_clash"


def test_timeline_month_leaves_coarse_dates_out_and_keeps_gaps(prepared):
    frame, left_out = inc.timeline_frame(prepared, "month")
    assert left_out == 1  # i4 is known only to the year
    assert frame["incidents"].sum() == 5
    sep = frame.set_index("period_label").loc["2022-09"]
    assert sep["incidents"] == 2
    assert (sep["fatalities_low"], sep["fatalities_high"]) == (78, 141)
    apr = frame.set_index("period_label").loc["2021-04"]
    assert apr["incidents"] == 1 and apr["unknown_tolls"] == 1
    assert math.isnan(apr["fatalities_low"])  # unknown, not zero
    empty_month = frame.set_index("period_label").loc["2021-05"]
    assert empty_month["incidents"] == 0 and math.isnan(empty_month["fatalities_high"])
    assert (frame["period_end"] > frame["period"]).all()


def test_timeline_year_counts_every_dated_incident(prepared):
    frame, left_out = inc.timeline_frame(prepared, "year")
    assert left_out == 0
    assert dict(zip(frame["period_label"], frame["incidents"], strict=True)) == {
        "2021": 1, "2022": 2, "2023": 1, "2024": 2,
    }  # fmt: skip
    assert inc.choose_granularity(prepared) == "month"
    assert inc.choose_granularity(prepared, max_months=12) == "year"


def test_timeline_empty():
    frame, left_out = inc.timeline_frame(inc.prepare(synthetic_incidents().iloc[0:0]), "month")
    assert frame.empty and left_out == 0


def test_by_border_pair(prepared):
    pairs = inc.by_border_pair(prepared)
    assert list(pairs["border_pair"]) == ["KGZ-TJK", "TJK-AFG", "UZB"]
    kt = pairs.iloc[0]
    assert kt["incidents"] == 3 and kt["unknown_tolls"] == 1
    assert (kt["fatalities_low"], kt["fatalities_high"]) == (78, 141)
    assert inc.range_text(78, 141) == "78–141"
    assert inc.range_text(None, None) == "unknown"


def test_display_table_and_geojson(prepared):
    table = inc.display_table(prepared)
    assert list(table.columns[:5]) == [
        "incident_id", "date_start", "date_end", "date_precision", "country_iso3",
    ]  # fmt: skip
    for internal in ("fat_lo", "fat_hi", "tip", "source_text", "date_text"):
        assert internal not in table
    assert {"border_pair", "casualties", "cited_source"} <= set(table)
    gj = inc.to_geojson(table)
    assert len(gj["features"]) == len(table)
    json.dumps(gj)  # serialisable
    first = gj["features"][0]
    assert first["geometry"]["type"] == "Point"
    assert first["properties"]["date_start"] == "2021-04-01"


def test_tooltip_escapes_and_shows_range(prepared):
    row = prepared.set_index("incident_id").loc["i1"].to_dict()
    tip = inc.tooltip_html(row)
    assert "37–100 killed (disputed)" in tip
    assert "&lt;b&gt;big&lt;/b&gt;" in tip  # summary text escaped
    assert "Source:" in tip and "PSM 14" in tip


def test_points_deck_has_rings_for_approximate(prepared):
    deck = imap.incidents_deck(prepared, BOUNDARIES, highlight=["TJK"])
    spec = json.loads(deck.to_json())
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids == ["boundaries", "incident-approx-ring", "incident-points"]
    ring = spec["layers"][1]
    assert len(ring["data"]) == 4 and ring["filled"] is False and ring["stroked"] is True
    points = spec["layers"][2]
    assert len(points["data"]) == 6
    assert points["radiusUnits"] == "pixels" and ring["lineWidthUnits"] == "pixels"
    assert spec.get("mapProvider") is None and deck.map_style == imap.NO_BASEMAP  # offline
    radii = {p["incident_id"]: p["radius"] for p in points["data"]}
    assert radii["i1"] > radii["i2"] > radii["i5"] > radii["i3"] == radii["i6"]
    assert deck._tooltip["html"] == "{tip}"


def test_incidents_at_one_point_share_a_marker(prepared):
    same = prepared.copy()
    same.loc[same["incident_id"].isin(["i1", "i2", "i3"]), ["lat", "lon"]] = (39.9, 70.6)
    records = imap.point_records(same)
    shared = next(r for r in records if r["count"] == 3)
    assert shared["incident_id"] == "i3;i1;i2"  # by date
    assert shared["fill"][:3] == [77, 77, 77]  # two types: dark grey
    assert "3 incidents placed at" in shared["tip"] and "37–100 killed" in shared["tip"]
    assert shared["radius"] == imap.radius_px(100 + 41)
    spec = json.loads(imap.incidents_deck(same, BOUNDARIES).to_json())
    counts = next(layer for layer in spec["layers"] if layer["id"] == "incident-counts")
    assert [r["name"] for r in counts["data"]] == ["3"]
    assert any("same point" in i["label"] for i in imap.legend_items(same))


def test_aggregated_deck(prepared):
    pairs = inc.by_border_pair(prepared)
    deck = imap.incidents_deck(prepared, BOUNDARIES, aggregated=True, pairs=pairs)
    spec = json.loads(deck.to_json())
    bubbles = next(layer for layer in spec["layers"] if layer["id"] == "incident-pairs")
    assert len(bubbles["data"]) == 3
    assert any("78–141" in r["tip"] for r in bubbles["data"])
    with pytest.raises(ValueError):
        imap.incidents_deck(prepared, BOUNDARIES, aggregated=True)


def test_presenter_makes_marks_bigger():
    assert imap.radius_px(10, presenter=True) > imap.radius_px(10)
    assert imap.radius_px(None) == imap.radius_px(0) == 5.0


def test_legend(prepared):
    items = imap.legend_items(prepared)
    labels = [i["label"] for i in items]
    assert labels[0] == "Armed clash"
    assert any(i["shape"] == "ring" for i in items)
    assert "Ringed" in imap.legend_html(items)


def test_timeline_charts_specs(prepared):
    frame, _ = inc.timeline_frame(prepared, "month")
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
        inc.annotation_events(events), charts.domain_years(frame), ["KGZ", "TJK"], 5, "period"
    )
    spec = charts.incidents_over_time(frame, "month", annotations=ann).to_dict(validate=True)
    assert spec["layer"][0]["mark"]["type"] == "rect"  # bars from zero, one month wide
    assert spec["resolve"]["scale"]["y"] == "independent"
    ann_rows = [r for d in charts.data_values(spec) for r in d if "title" in r]
    assert [r["title"] for r in ann_rows] == ["Ceasefire"]  # outside the years: left out
    texts = [lay for lay in spec["layer"][1]["layer"] if lay["mark"]["type"] == "text"]
    assert all(t["mark"]["clip"] for t in texts) and len(texts) == 2
    plain = charts.incidents_over_time(frame, "year").to_dict(validate=True)
    assert plain["mark"]["type"] == "rect" and plain["encoding"]["y2"] == {"datum": 0}
    spec = charts.casualties_over_time(frame, "month").to_dict(validate=True)
    rows = charts.data_values(spec)[0]
    assert {r["segment"] for r in rows} == {charts.SEGMENT_LOW, charts.SEGMENT_HIGH}
    sep = [r for r in rows if r["period_label"] == "2022-09"]
    assert {(r["y0"], r["y1"]) for r in sep} == {(0.0, 78.0), (78.0, 141.0)}
    assert all(r["period_label"] != "2021-04" for r in rows)  # unknown not drawn as zero


def test_border_pair_chart_specs(prepared):
    pairs = inc.by_border_pair(prepared)
    for chart in (charts.border_pair_counts(pairs), charts.border_pair_casualties(pairs, True)):
        spec = chart.to_dict(validate=True)
        assert 0 < sum(len(v) for v in charts.data_values(spec)) < 5000
    presenter = charts.border_pair_counts(pairs, presenter=True).to_dict(validate=True)
    assert presenter["config"]["axis"]["labelFontSize"] == 16


def test_cap_rows():
    df = pd.DataFrame({"date_start": pd.date_range("2000-01-01", periods=6000, freq="D")})
    assert len(inc.cap_rows(df)) == 5000


def test_charts_skip_validation_at_render_time_only(prepared):
    chart = charts.border_pair_counts(inc.by_border_pair(prepared))
    assert isinstance(chart, charts.SpecChart) and isinstance(chart, alt.Chart)
    assert chart.to_dict() == chart.to_dict(validate=True)  # the spec is valid either way


def test_spec_chart_works_with_the_shell_presenter_styling(prepared):
    from dashboard_core.ui import presenter

    chart = charts.border_pair_counts(inc.by_border_pair(prepared))
    styled = presenter.presenter_chart(chart)
    spec = styled.to_dict(validate=True)
    assert spec["config"]["axis"]["labelFontSize"] == presenter.PRESENTER_FONT["label"]
    assert "config" not in chart.to_dict()  # the original is untouched
    assert chart.properties(width=300).to_dict()["width"] == 300
