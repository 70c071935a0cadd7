"""Sample rows and helpers shared by the overview tests."""

from __future__ import annotations

import pandas as pd

from dashboard_core.data.filters import Filters


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
