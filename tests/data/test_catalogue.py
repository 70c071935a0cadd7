"""Data & sources page transforms (synthetic package and tables)."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from dashboard_core.data.catalogue import (
    catalogue,
    countries_in,
    countries_text,
    data_dictionary,
    sources_table,
    verification_shares,
)
from dashboard_core.viz.verification import verification_chart

PACKAGE = {
    "version": "abc",
    "resources": [
        {
            "name": "trade",
            "description": "Trade",
            "format": "parquet",
            "rows": 3,
            "years": [2010, 2020],
            "sources": ["s1", "s2"],
            "schema": {
                "fields": [
                    {"name": "value_usd", "type": "number", "unit": "USD", "description": "Value"},
                    {"name": "year", "type": "integer", "description": "Year"},
                ]
            },
        },
        {"name": "boundaries_geometry", "format": "geojson", "features": 12},
    ],
}


SOURCES = pd.DataFrame(
    {
        "source_id": ["s1", "s2", "natural-earth-50m", "unused"],
        "title": ["A", "B", "NE", "U"],
        "licence": ["CC BY 4.0", None, "public domain", "x"],
    }
)


TRADE = pd.DataFrame(
    {
        "reporter_iso3": ["KAZ", "UZB", "DEU"],
        "partner_iso3": ["AFG", "CHN", "KAZ"],
        "verification": ["official_release", "official_release", "reported"],
    }
)


def test_catalogue_rows_years_countries_licences():
    when = datetime(2025, 1, 2, 3, 4, tzinfo=UTC)
    cat = catalogue(PACKAGE, {"trade": TRADE}, SOURCES, {"trade": when}).set_index("dataset")
    assert cat.loc["trade", "rows"] == 3
    assert cat.loc["trade", "years"] == "2010–2020"
    assert cat.loc["trade", "countries"] == "KAZ, UZB, AFG + 2 others"
    assert cat.loc["trade", "licence"] == "CC BY 4.0"
    assert cat.loc["trade", "last_build"] == "2025-01-02 03:04 UTC"
    assert cat.loc["boundaries_geometry", "rows"] == 12
    assert cat.loc["boundaries_geometry", "licence"] == "public domain"


def test_countries_split_list_cells():
    frame = pd.DataFrame({"countries": ["KAZ; CHN", None, ""]})
    assert countries_in(frame) == {"KAZ", "CHN"}
    assert countries_text(set()) == "—"
    assert countries_text({"IRN"}) == "1 other"


def test_dictionary_has_units():
    dictionary = data_dictionary(PACKAGE)
    assert dictionary.to_dict("records")[0] == {
        "dataset": "trade",
        "field": "value_usd",
        "label": "Value (US$)",
        "type": "number",
        "unit": "USD",
        "description": "Value",
    }
    assert dictionary.loc[1, "unit"] == ""


def test_sources_used_by():
    table = sources_table(SOURCES, PACKAGE).set_index("source_id")
    assert table.loc["s1", "used_by"] == "trade"
    assert table.loc["natural-earth-50m", "used_by"] == "boundaries_geometry"
    assert table.loc["unused", "used_by"] == "—"


def test_verification_shares_sum_to_one_and_chart_builds():
    events = pd.DataFrame({"verification": ["seed_verified", None]})
    shares = verification_shares({"trade": TRADE, "events": events})
    for _, group in shares.groupby("dataset"):
        assert abs(group["share"].sum() - 1) < 1e-9
    trade = shares[shares["dataset"] == "trade"].set_index("verification")
    assert trade.loc["reported", "rows"] == 1
    assert "unknown" in set(shares[shares["dataset"] == "events"]["verification"])
    spec = verification_chart(shares).to_dict()
    assert spec["mark"]["type"] == "bar"
