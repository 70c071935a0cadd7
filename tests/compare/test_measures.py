"""Unit tests: the comparison table (no double counting, gaps stay gaps) and its charts."""

from __future__ import annotations

import math

import pytest

from dashboard_core.compare import measures, summary
from tests.compare.samples import (
    synthetic_corridors,
    synthetic_displacement,
    synthetic_incidents,
    synthetic_trade,
    value,
)


def test_trade_measures(table):
    assert value(table, "UZB", "trade_region", 2022) == pytest.approx(3.5e9)  # KAZ 3.0 + TJK 0.5
    assert value(table, "UZB", "trade_region", 2022, "partners_covered") == "2 of 4"
    assert value(table, "UZB", "trade_afg", 2022) == pytest.approx(0.8e9)
    assert value(table, "TJK", "trade_afg", 2023) == pytest.approx(0.2e9)
    # KAZ reports nothing: a gap, not a zero; AFG has no "trade with Afghanistan"
    assert table.loc[(table["iso3"] == "KAZ") & table["measure"].str.startswith("trade")].empty
    assert table.loc[(table["iso3"] == "AFG") & (table["measure"] == "trade_afg")].empty
    assert 2021 not in set(table.loc[table["measure"] == "trade_region", "year"].dropna())


def test_displacement_measures(table):
    assert value(table, "TJK", "refugees_hosted", 2022) == 6010  # duplicate cell counted once
    assert value(table, "TJK", "refugees_hosted", 2023) == 7000  # women row not added
    assert value(table, "AFG", "refugees_abroad", 2023) == 7000 + 1_500_000 + 750_000
    assert value(table, "AFG", "refugee_returns", 2023) == 20_000
    assert value(table, "KAZ", "repatriated", 2019) == 595
    assert table.loc[(table["measure"] == "repatriated") & (table["year"] == 2021)].empty


def test_incident_measures(table):
    # 2021-2022 is the dataset's span; 2019-2020 and 2023 are outside: gaps, not zeros
    assert set(table.loc[table["measure"] == "incidents", "year"]) == {2021, 2022}
    assert value(table, "TJK", "incidents", 2022) == 2  # counted for both pairs
    assert value(table, "KGZ" if False else "TJK", "killed", 2022, "value_low") == 37
    assert value(table, "TJK", "killed", 2022, "value_high") == 100
    assert math.isnan(value(table, "TJK", "killed", 2022))  # a range has no single value
    assert "unknown toll" in value(table, "TJK", "killed", 2022, "note")
    assert value(table, "UZB", "incidents", 2022) == 0  # in span, none recorded
    assert value(table, "UZB", "killed", 2022) == 0


def test_corridor_measures(table):
    afg = table.loc[(table["iso3"] == "AFG") & (table["measure"] == "corridors")]
    assert dict(zip(afg["status"], afg["value"], strict=True)) == {
        "planned": 2,
        "under_construction": 1,
    }
    assert table.loc[(table["iso3"] == "KAZ") & (table["measure"] == "corridors")].empty


def test_one_country_one_year_and_empty():
    t, _ = measures.comparison_table(
        ["TJK"],
        (2022, 2022),
        trade=synthetic_trade(),
        displacement=synthetic_displacement(),
        incidents=synthetic_incidents(),
        corridors=synthetic_corridors(),
    )
    assert set(t["iso3"]) == {"TJK"}
    assert set(t["year"].dropna()) == {2022}
    empty, _ = measures.comparison_table([], (2022, 2023))
    assert empty.empty and list(empty.columns) == list(measures.LONG_COLUMNS)
    assert summary.time_series(empty).empty


def test_normalise_selection():
    assert measures.normalise_selection(["TJK", "XXX", "TJK", "KAZ"], ["KAZ", "TJK"]) == [
        "TJK",
        "KAZ",
    ]
    many = ["KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG", "IRN"]
    assert len(measures.normalise_selection(many, many)) == 6
