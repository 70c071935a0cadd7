"""Unit tests: the comparison table, read from the indicator registry (no double counting, gaps
stay gaps, no incident is not zero incidents)."""

from __future__ import annotations

import math

import pytest

from dashboard_core.compare import measures, summary
from dashboard_core.data.naming import known_country_names
from tests.compare.samples import value


def test_trade_measures(table):
    # UZB's own official exports + imports: KAZ 1.0 + 2.0 (the seed turnover 3.5 ranks lower),
    # TJK 0.4 + 0.1 (the seed export 0.5 ranks lower)
    assert value(table, "UZB", "trade_ca", 2022) == pytest.approx(3.5e9)
    assert value(table, "UZB", "trade_ca", 2022, "partners_covered") == "2 of 4"
    assert value(table, "UZB", "trade_afg", 2022) == pytest.approx(0.8e9)
    assert value(table, "TJK", "trade_afg", 2023) == pytest.approx(0.2e9)
    # KAZ publishes nothing here: Uzbekistan's release is its mirror figure
    assert value(table, "KAZ", "trade_ca", 2022) == pytest.approx(3.0e9)
    assert "mirror" in value(table, "KAZ", "trade_ca", 2022, "note")
    assert table.loc[(table["iso3"] == "AFG") & (table["measure"] == "trade_afg")].empty
    # 2021 has no figure: a gap (no row), not a zero
    years = set(table.loc[(table["iso3"] == "UZB") & (table["measure"] == "trade_ca"), "year"])
    assert years == {2020, 2022}


def test_displacement_measures(table):
    assert value(table, "TJK", "hosted", 2022) == 6010  # the duplicate cell counted once
    assert value(table, "TJK", "hosted", 2023) == 7000  # the women row is not added
    assert value(table, "AFG", "abroad", 2023) == 7000 + 1_500_000 + 750_000
    assert value(table, "AFG", "returns", 2023) == 20_000
    assert value(table, "KAZ", "repatriated", 2019) == 595
    assert table.loc[(table["measure"] == "repatriated") & (table["year"] == 2021)].empty


def test_incident_measures_keep_gaps(table):
    assert set(table.loc[table["measure"] == "incidents", "year"]) == {2021, 2022}
    assert value(table, "TJK", "incidents", 2022) == 2  # counted for both pairs
    assert value(table, "TJK", "killed", 2022, "value_low") == 37
    assert value(table, "TJK", "killed", 2022, "value_high") == 100
    assert math.isnan(value(table, "TJK", "killed", 2022))  # a range has no single value
    assert "no toll" in value(table, "TJK", "killed", 2022, "note")
    # Uzbekistan has no recorded incident: no row at all, never "0 incidents, 0 killed"
    assert table.loc[
        (table["iso3"] == "UZB") & table["measure"].isin(["incidents", "killed"])
    ].empty
    assert table.loc[
        (table["iso3"] == "TJK") & (table["year"] == 2023) & (table["measure"] == "incidents")
    ].empty


def test_corridor_measures(table):
    afg = table.loc[(table["iso3"] == "AFG") & (table["measure"] == "corridors")]
    assert dict(zip(afg["status"], afg["value"], strict=True)) == {
        "planned": 2,
        "under_construction": 1,
    }
    assert "Trans-Afghan railway" in set(afg["note"].str.split("; ").explode())
    assert table.loc[(table["iso3"] == "KAZ") & (table["measure"] == "corridors")].empty


def test_one_country_one_year_and_empty(tables):
    t = measures.comparison_table(["TJK"], (2022, 2022), tables, known_country_names())
    assert set(t["iso3"]) == {"TJK"}
    assert set(t["year"].dropna()) == {2022}
    empty = measures.comparison_table([], (2022, 2023), tables, known_country_names())
    assert empty.empty and list(empty.columns) == list(measures.LONG_COLUMNS)
    assert summary.time_series(empty).empty


def test_normalise_selection():
    assert measures.normalise_selection(["TJK", "XXX", "TJK", "KAZ"], ["KAZ", "TJK"]) == [
        "TJK",
        "KAZ",
    ]
    many = ["KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG", "IRN"]
    assert len(measures.normalise_selection(many, many)) == 6
