"""Overview transforms: headline figures, timeline/annotations and map layers (synthetic data)."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest

from dashboard_core import overview, overview_map, timeline
from dashboard_core.filters import Filters


def trade_row(reporter, partner, flow, year, value, *, start=None, end=None, **extra):
    start = start or f"{year}-01-01"
    end = end or f"{year}-12-31"
    return {
        "reporter_iso3": reporter,
        "partner_iso3": partner,
        "flow": flow,
        "commodity": "TOTAL",
        "period_start": pd.Timestamp(start),
        "period_end": pd.Timestamp(end),
        "year": year,
        "measure": extra.get("measure", "observed"),
        "value_usd": float(value),
        "source_id": extra.get("source_id", "s-trade"),
        "verification": extra.get("verification", "seed_verified"),
        "note": None,
    }


TRADE = pd.DataFrame(
    [
        trade_row("UZB", "AFG", "turnover", 2019, 600e6),
        trade_row("UZB", "AFG", "turnover", 2020, 700e6),
        trade_row("UZB", "AFG", "export", 2020, 500e6, source_id="other"),
        trade_row("UZB", "AFG", "import", 2020, 100e6, source_id="other"),
        trade_row("UZB", "AFG", "turnover", 2022, 900e6, start="2022-01-01", end="2022-09-30"),
        trade_row("UZB", "AFG", "turnover", 2025, 3e9, measure="target"),
        trade_row("KAZ", "AFG", "turnover", 2018, 400e6, verification="reported"),
        trade_row("AFG", "TJK", "export", 2021, 20e6, source_id="mirror"),
        trade_row("AFG", "TJK", "import", 2021, 30e6, source_id="mirror"),
        trade_row("UZB", "CHN", "turnover", 2021, 9e9),
    ]
).astype({"year": "Int64"})

DISPLACEMENT = pd.DataFrame(
    {
        "origin_iso3": ["AFG", "UKR", "AFG", "AFG", "AFG", "AFG", "AFG"],
        "location_iso3": ["TJK", "KAZ", "TJK", "TJK", "IRN", "PAK", "IRN"],
        "population_type": [
            "refugees", "refugees", "asylum_seekers", "refugees",
            "returned_refugees", "returned_refugees", "returned_refugees",
        ],
        "measure": ["stock", "stock", "stock", "stock", "flow", "flow", "flow"],
        "group": ["total"] * 7,
        "year": pd.array([2023, 2023, 2023, 2023, 2023, 2023, 2022], dtype="Int64"),
        "value": [1000.0, 50.0, 20.0, 15000.0, 800.0, 300.0, 99.0],
        "source_id": ["unhcr", "unhcr", "unhcr", "seed", "unhcr", "unhcr", "unhcr"],
        "verification": [
            "official_release", "official_release", "official_release", "seed_verified",
            "official_release", "official_release", "official_release",
        ],
    }
)  # fmt: skip

INCIDENTS = pd.DataFrame(
    {
        "incident_id": ["i1", "i2", "i3", "i4"],
        "date_start": pd.to_datetime(["2022-09-14", "2021-04-28", "2023-01-01", "2010-01-01"]),
        "country_iso3": ["KGZ", "KGZ", "TJK", "TJK"],
        "counterpart_iso3": ["TJK", "TJK", "AFG", None],
        "fatalities_min": pd.array([80, None, None, 1], dtype="Int64"),
        "fatalities_max": pd.array([100, 55, None, 1], dtype="Int64"),
        "lat": [39.9, 39.8, None, 38.5],
        "lon": [70.5, 70.6, None, 68.8],
        "location": ["Batken", "Kok-Tash", None, "Dushanbe"],
        "event_type": ["armed_clash", "armed_clash", "other", "other"],
        "source_id": ["s1", "s1", "s2", "s2"],
        "verification": ["seed_verified", "reported", "seed_verified", "seed_verified"],
    }
)

CORRIDORS = pd.DataFrame(
    {
        "corridor_id": ["c1", "c2", "c3"],
        "name": ["Trans-Afghan railway", "CASA-1000", "Old line"],
        "mode": ["rail", "power_line", "rail"],
        "countries": ["UZB;AFG;PAK", "KGZ;TJK;AFG;PAK", "KAZ"],
        "status": ["planned", "under_construction", "operational"],
        "start_year": pd.array([2022, 2016, 1990], dtype="Int64"),
        "completion_year": pd.array([2030, None, 1995], dtype="Int64"),
        "source_id": ["s3", "s3", "s3"],
        "verification": ["reported", "seed_verified", "seed_verified"],
    }
)

COUNTRIES = pd.DataFrame(
    {
        "iso3": ["KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG", "IRN", "PAK", "UKR"],
        "name": [
            "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan",
            "Afghanistan", "Iran", "Pakistan", "Ukraine",
        ],
        "group": ["focus"] * 6 + ["neighbour", "neighbour", "partner"],
        "capital": ["Astana", "Bishkek", "Dushanbe", "Ashgabat", "Tashkent", "Kabul", "Tehran",
                    "Islamabad", "Kyiv"],
        "capital_lat": [51.2, 42.9, 38.5, 37.9, 41.3, 34.5, 35.7, 33.7, 50.45],
        "capital_lon": [71.4, 74.6, 68.8, 58.4, 69.2, 69.2, 51.4, 73.1, 30.5],
    }
)  # fmt: skip

EVENTS = pd.DataFrame(
    {
        "event_id": [f"e{i}" for i in range(6)],
        "date": pd.to_datetime(
            ["2021-08-15", "2022-09-16", "2023-03-01", "2019-05-01", "2015-01-01", "2023-07-01"]
        ),
        "date_precision": ["day", "day", "month", "month", "year", "month"],
        "category": ["political", "security", "agreement", "visit", "shutdown", "summit"],
        "countries": ["AFG", "KGZ;TJK", "UZB;AFG", "KAZ", "TJK;AFG", "KAZ;KGZ;TJK;TKM;UZB"],
        "title": [
            "Kabul changes hands",
            "Border war in Batken",
            "Railway agreement signed",
            "State visit",
            "Crossing closed for a long while and then some more words",
            "Consultative meeting",
        ],
        "amount_usd": [None] * 6,
        "source_id": ["s4"] * 6,
        "locator": ["L1"] * 6,
        "verification": ["seed_verified"] * 5 + ["reported"],
    }
)

TABLES = {
    "trade": TRADE,
    "displacement": DISPLACEMENT,
    "incidents": INCIDENTS,
    "corridors": CORRIDORS,
    "countries": COUNTRIES,
    "events": EVENTS,
}
ALL = Filters(("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG"), (2000, 2025))


# --- trade headline ---------------------------------------------------------------------------


def test_latest_turnover_per_country_full_years_only():
    figures = overview.latest_turnover_with_afghanistan(TRADE, ALL).set_index("country")
    # UZB: 2022 is part-year and 2025 a target, so 2020; the published turnover beats the
    # exports + imports of another source, which stays as another reading
    assert figures.loc["UZB", "year"] == 2020
    assert figures.loc["UZB", "value_usd"] == 700e6
    assert not figures.loc["UZB", "derived"]
    assert figures.loc["UZB", "others"] == [600e6]
    # TJK only has Afghanistan's own exports + imports (mirror), derived, oriented to TJK
    assert figures.loc["TJK", "value_usd"] == 50e6
    assert figures.loc["TJK", "derived"]
    assert list(figures.index) == ["KAZ", "TJK", "UZB"]


def test_trade_headline_respects_filters_and_flags_reported():
    items = {h.key: h for h in overview.headlines(TABLES, Filters(("KAZ",), (2010, 2019)))}
    trade = items["trade"]
    assert [line.label for line in trade.lines] == ["Kazakhstan"]
    assert trade.lines[0].verification == "reported"
    assert trade.number is None  # no regional total across different years
    none = overview.headlines(TABLES, Filters(("TKM",), (2000, 2025)))[0]
    assert none.lines == () and none.value == "n/a"


# --- displacement headlines -------------------------------------------------------------------


def test_hosted_uses_official_rows_of_the_latest_year_in_selected_hosts():
    items = {h.key: h for h in overview.headlines(TABLES, ALL)}
    hosted = items["hosted"]
    assert hosted.period == "2023"
    assert hosted.number == 1000 + 50 + 20  # the seed's 15,000 would double count
    assert {line.label for line in hosted.lines} == {"Tajikistan", "Kazakhstan"}
    assert set(hosted.rows["source_id"]) == {"unhcr"}


def test_returns_to_selected_focus_countries():
    items = {h.key: h for h in overview.headlines(TABLES, ALL)}
    assert items["returns"].number == 1100
    assert items["returns"].period == "2023"
    only_2022 = {h.key: h for h in overview.headlines(TABLES, Filters(("AFG",), (2000, 2022)))}
    assert only_2022["returns"].number == 99
    none = {h.key: h for h in overview.headlines(TABLES, Filters(("KGZ",), (2000, 2025)))}
    assert none["returns"].value == "n/a"


# --- incidents and corridors ------------------------------------------------------------------


def test_casualty_range_keeps_disputes_and_unknowns():
    low, high, unknown = overview.casualty_range(INCIDENTS)
    assert (low, high, unknown) == (81, 156, 1)


def test_incident_and_corridor_headlines():
    items = {h.key: h for h in overview.headlines(TABLES, Filters(ALL.countries, (2020, 2025)))}
    assert items["incidents"].value == "3"
    assert items["incidents"].lines[0].value == "80–155"
    assert items["incidents"].lines[1].value == "1"
    corridors = items["corridors"]
    assert corridors.value == "3"
    assert [line.label for line in corridors.lines] == [
        "Planned",
        "Under construction",
        "Operational",
    ]


def test_headline_table_has_one_row_per_figure_and_line():
    items = overview.headlines(TABLES, ALL)
    table = overview.headline_table(items)
    assert set(table["figure"]) == {h.title for h in items}
    assert len(table) == len(items) + sum(len(h.lines) for h in items)
    hosted = table[
        (table["figure"] == "Refugees and asylum seekers hosted") & (table["line"] == "")
    ]
    assert hosted["number"].iloc[0] == 1070
    assert hosted["source_id"].iloc[0] == "unhcr"


# --- timeline ---------------------------------------------------------------------------------


def test_events_timeline_spec():
    spec = timeline.events_timeline(EVENTS).to_dict()
    assert spec["mark"]["type"] == "point"
    assert spec["encoding"]["x"]["field"] == "date"
    assert len(spec["datasets"][next(iter(spec["datasets"]))]) == len(EVENTS)


def test_annotations_filter_cap_and_stagger():
    frame = timeline.annotation_frame(EVENTS, (2016, 2025), ["TJK"], limit=2)
    # TJK events in range: the border war (security) and the summit; the 2015 shutdown is out
    assert set(frame["title"]) == {"Border war in Batken", "Consultative meeting"}
    assert frame["label_y"].tolist() == [6, 19]
    long = timeline.annotation_frame(EVENTS, (2010, 2025), ["AFG"])
    assert all(len(label) <= timeline.LABEL_CHARS for label in long["label"])


@pytest.mark.parametrize("x_type", ["temporal", "year"])
def test_annotations_layer_onto_a_host_chart(x_type):
    host_data = pd.DataFrame({"year": [2015, 2020, 2023], "value": [1.0, 2.0, 3.0]})
    if x_type == "temporal":
        host_data["date"] = pd.to_datetime(host_data["year"].astype(str) + "-01-01")
        host = alt.Chart(host_data).mark_line().encode(x="date:T", y="value:Q")
        layer = timeline.event_annotations(EVENTS, (2014, 2025), ["AFG"])
    else:
        host = alt.Chart(host_data).mark_line().encode(x="year:Q", y="value:Q")
        layer = timeline.event_annotations(
            EVENTS, (2014, 2025), ["AFG"], x_field="year", x_type="year"
        )
    spec = alt.layer(host, layer).to_dict()
    assert len(spec["layer"]) == 2
    rule = spec["layer"][1]["layer"][0]
    assert rule["mark"]["type"] == "rule"
    assert rule["encoding"]["x"]["type"] == ("temporal" if x_type == "temporal" else "quantitative")


def test_annotations_with_no_events_still_build():
    layer = timeline.event_annotations(EVENTS, (1990, 1991), ["AFG"])
    assert alt.layer(alt.Chart(pd.DataFrame({"d": []})).mark_line(), layer).to_dict()


# --- map --------------------------------------------------------------------------------------


def test_flow_frames_follow_headline_figures():
    trade = overview_map.flow_frame(TABLES, ALL, "trade")
    assert set(zip(trade["from_iso3"], trade["to_iso3"], strict=True)) == {
        ("KAZ", "AFG"),
        ("TJK", "AFG"),
        ("UZB", "AFG"),
    }
    returns = overview_map.flow_frame(TABLES, ALL, "returns")
    assert dict(zip(returns["from_iso3"], returns["value"], strict=True)) == {
        "IRN": 800.0,
        "PAK": 300.0,
    }
    assert set(returns["to_iso3"]) == {"AFG"}
    hosted = overview_map.flow_frame(TABLES, ALL, "hosted")
    assert ("UKR", "KAZ") in set(zip(hosted["from_iso3"], hosted["to_iso3"], strict=True))
    with pytest.raises(ValueError):
        overview_map.flow_frame(TABLES, ALL, "weather")


BOUNDARIES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"iso3": "TJK", "name": "Tajikistan", "group": "focus"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[67, 37], [75, 37], [75, 41], [67, 37]]],
            },
        }
    ],
}
LINES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"corridor_id": cid},
            "geometry": {"type": "LineString", "coordinates": [[69.2, 41.3], [69.2, 34.5]]},
        }
        for cid in ("c1", "c2", "c3")
    ],
}


def test_overview_deck_is_offline_and_uses_pixel_units():
    deck, drawn = overview_map.overview_deck(TABLES, BOUNDARIES, LINES, ALL)
    spec = json.loads(deck.to_json())
    assert "mapProvider" not in spec or spec["mapProvider"] is None
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids == ["boundaries", "corridors", "flows", "incidents", "capitals"]
    by_id = {layer["id"]: layer for layer in spec["layers"]}
    assert by_id["flows"]["widthUnits"] == "pixels"
    assert by_id["corridors"]["widthUnits"] == "pixels"
    assert by_id["incidents"]["radiusUnits"] == "pixels"
    assert not by_id["capitals"]["fontFamily"].startswith("@@=")
    assert len(by_id["incidents"]["data"]) == 3  # the one without coordinates is left out
    assert {"source_id", "verification"} <= set(drawn.columns)
    assert "s3" in set(drawn["source_id"])


def test_overview_deck_layer_choice_and_legend():
    deck, drawn = overview_map.overview_deck(
        TABLES, BOUNDARIES, LINES, ALL, layers=["boundaries"], flow_kind="returns"
    )
    assert [layer["id"] for layer in json.loads(deck.to_json())["layers"]] == [
        "boundaries",
        "capitals",
    ]
    assert drawn.empty
    legend = overview_map.legend_items(["flows", "incidents"], "returns")
    assert len(legend) == 3


def test_timeline_labels_follow_date_precision():
    frame = timeline.timeline_frame(EVENTS).set_index("title")
    assert frame.loc["Kabul changes hands", "when"] == "15 Aug 2021"
    assert frame.loc["Railway agreement signed", "when"] == "Mar 2023"
    assert frame.loc["Crossing closed for a long while and then some more words", "when"] == "2015"
    assert frame.loc["Consultative meeting", "verification"].startswith("⚠")
