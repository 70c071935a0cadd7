"""Unit tests: the comparison table (no double counting, gaps stay gaps) and its charts."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard_core import compare as cmp
from dashboard_core import compare_charts as ccharts
from dashboard_core.incidents import country_names
from dashboard_core.incidents_charts import data_values

NAMES = country_names()


def trade_row(rep, par, flow, start, end, value, sid="statuz", ver="official_release", **kw):
    row = {
        "reporter_iso3": rep,
        "partner_iso3": par,
        "flow": flow,
        "commodity": "TOTAL",
        "period_start": start,
        "period_end": end,
        "year": int(start[:4]) if start else 2024,
        "measure": "observed",
        "value_usd": value,
        "value_original": value,
        "currency_original": "USD",
        "source_id": sid,
        "locator": "x",
        "verification": ver,
    }
    row.update(kw)
    return row


def synthetic_trade() -> pd.DataFrame:
    rows = [
        trade_row("UZB", "KAZ", "export", "2022-01-01", "2022-12-31", 1.0e9),
        trade_row("UZB", "KAZ", "import", "2022-01-01", "2022-12-31", 2.0e9),
        # a seed turnover figure for the same year: less verified, must not be added
        trade_row(
            "UZB", "KAZ", "turnover", "2022-01-01", "2022-12-31", 3.5e9, "seed", "seed_verified"
        ),
        # the same export twice from two sources: one wins
        trade_row("UZB", "TJK", "export", "2022-01-01", "2022-12-31", 0.4e9),
        trade_row(
            "UZB", "TJK", "export", "2022-01-01", "2022-12-31", 0.5e9, "seed", "seed_verified"
        ),
        trade_row("UZB", "TJK", "import", "2022-01-01", "2022-12-31", 0.1e9),
        trade_row("UZB", "AFG", "export", "2022-01-01", "2022-12-31", 0.7e9),
        trade_row("UZB", "AFG", "import", "2022-01-01", "2022-12-31", 0.1e9),
        # monthly and partial-year rows never join a yearly figure
        trade_row("UZB", "AFG", "export", "2022-01-01", "2022-01-31", 0.06e9),
        trade_row(
            "UZB", "AFG", "turnover", "2024-01-01", "2024-09-30", 0.9e9, "seed", "seed_verified"
        ),
        # a target is not an observation
        trade_row("UZB", "AFG", "turnover", "2023-01-01", "2023-12-31", 3e9, measure="target"),
        # seed turnover with only that figure
        trade_row(
            "TJK", "AFG", "turnover", "2023-01-01", "2023-12-31", 0.2e9, "seed", "seed_verified"
        ),
        # 2020 UZB-KAZ only: 2021 is a gap
        trade_row(
            "UZB", "KAZ", "turnover", "2020-01-01", "2020-12-31", 2.5e9, "seed", "seed_verified"
        ),
    ]
    return pd.DataFrame(rows)


def synthetic_displacement() -> pd.DataFrame:
    def row(origin, loc, ptype, year, value, sid="unhcr-pop", measure="stock", **kw):
        base = {
            "origin_iso3": origin,
            "location_iso3": loc,
            "population_type": ptype,
            "measure": measure,
            "group": "total",
            "period_start": f"{year}-01-01",
            "period_end": f"{year}-12-31",
            "year": year,
            "value": value,
            "operation": None,
            "source_id": sid,
            "locator": "x",
            "verification": "official_release",
        }
        base.update(kw)
        return base

    rows = [
        row("AFG", "TJK", "refugees", 2022, 6000),
        row("AFG", "TJK", "refugees", 2022, 6000, sid="unhcr-other"),  # duplicate cell
        row("UZB", "TJK", "refugees", 2022, 10),
        row("AFG", "TJK", "refugees", 2023, 7000),
        row("AFG", "TJK", "refugees", 2023, 300, group="women"),  # not the total
        row("AFG", "PAK", "refugees", 2023, 1_500_000),
        row("AFG", "IRN", "refugees", 2023, 750_000),
        row("AFG", "PAK", "returned_refugees", 2023, 20_000, measure="flow"),
        row(
            "KAZ",
            "SYR",
            "repatriated_nationals",
            2019,
            595,
            sid="seed",
            measure="flow",
            period_start="2019-01-06",
            period_end="2019-05-30",
        ),
        row(
            "KAZ",
            "SYR",
            "repatriated_nationals",
            2021,
            750,
            sid="seed",
            measure="flow",
            period_start="2019-01-01",
            period_end="2021-02-28",
        ),  # multi-year: left out
    ]
    return pd.DataFrame(rows)


def synthetic_incidents() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "incident_id": ["a", "b", "c"],
            "date_start": pd.to_datetime(["2021-04-29", "2022-09-14", "2022-09-20"]),
            "date_precision": "day",
            "country_iso3": ["KGZ", "TJK", "TJK"],
            "counterpart_iso3": ["TJK", "KGZ", "AFG"],
            "lat": 39.9,
            "lon": 70.6,
            "geo_precision": "place",
            "event_type": "armed_clash",
            "fatalities_min": [55, 37, None],
            "fatalities_max": [55, 100, None],
            "injuries": None,
            "source_id": "psm14",
            "verification": "seed_verified",
        }
    )


def synthetic_corridors() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "corridor_id": ["c1", "c2", "c3"],
            "countries": ["UZB;AFG;PAK", "KGZ;TJK;AFG;PAK", "TJK;AFG"],
            "status": ["planned", "under_construction", "planned"],
            "source_id": "psm14",
        }
    )


@pytest.fixture
def table() -> pd.DataFrame:
    t, notes = cmp.comparison_table(
        ["UZB", "TJK", "AFG", "KAZ"],
        (2019, 2023),
        trade=synthetic_trade(),
        displacement=synthetic_displacement(),
        incidents=synthetic_incidents(),
        corridors=synthetic_corridors(),
    )
    assert notes == {"displacement_rows_left_out": 1}
    return t


def value(t, iso, measure, year=None, col="value"):
    sel = t.loc[(t["iso3"] == iso) & (t["measure"] == measure)]
    if year is not None:
        sel = sel.loc[sel["year"] == year]
    assert len(sel) == 1, sel
    return sel.iloc[0][col]


def test_annual_trade_never_double_counts():
    annual = cmp.annual_trade(synthetic_trade()).set_index(
        ["reporter_iso3", "partner_iso3", "year"]
    )
    kaz = annual.loc[("UZB", "KAZ", 2022)]
    assert kaz["turnover_usd"] == 3.0e9 and kaz["turnover_basis"] == "export + import"
    tjk = annual.loc[("UZB", "TJK", 2022)]
    assert tjk["export_usd"] == 0.4e9  # official beats seed
    assert annual.loc[("UZB", "AFG", 2022), "turnover_usd"] == pytest.approx(0.8e9)  # no month
    assert ("UZB", "AFG", 2024) not in annual.index  # partial year
    assert ("UZB", "AFG", 2023) not in annual.index  # target
    assert annual.loc[("TJK", "AFG", 2023), "turnover_basis"] == "reported turnover"


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


def test_summary_and_side_by_side(table):
    summ = cmp.summary(table, ["UZB", "TJK", "AFG", "KAZ"])
    s = summ.set_index(["iso3", "measure"])
    assert s.loc[("TJK", "refugees_hosted"), "text"] == "7,000 (2023)"  # latest
    assert s.loc[("TJK", "incidents"), "text"] == "3 (2021–2022)"  # total
    assert s.loc[("TJK", "killed"), "text"] == (
        "92–155 + 1 unknown (2021–2022)"  # an unknown toll is never hidden in a total
    )
    assert s.loc[("AFG", "killed"), "text"] == (
        "0 + 1 unknown (2021–2022)"  # its only incident has no toll
    )
    assert s.loc[("KAZ", "trade_region"), "text"] == "no data"
    assert s.loc[("UZB", "trade_region"), "text"] == "US$3.50 bn (2022; 2 of 4 partners)"
    assert s.loc[("AFG", "corridors"), "text"].startswith("3 (")
    assert s.loc[("AFG", "corridors"), "short"] == "3"
    wide = cmp.side_by_side(summ)
    assert list(wide.columns) == ["Uzbekistan", "Tajikistan", "Afghanistan", "Kazakhstan"]
    assert wide.index[0] == "Trade with the other Central Asian states"


def test_time_series_keeps_gaps(table):
    ts = cmp.time_series(table)
    kaz = ts.loc[(ts["iso3"] == "UZB") & (ts["measure"] == "trade_region")]
    assert list(kaz["year"]) == [2020, 2021, 2022]
    assert math.isnan(kaz.iloc[1]["value"])  # 2021 stays empty
    assert "corridors" not in set(ts["measure"])


def test_ranked(table):
    summ = cmp.summary(table, ["UZB", "TJK", "AFG", "KAZ"])
    r = cmp.ranked(summ, "killed")
    assert list(r["iso3"])[:1] == ["TJK"]
    r = cmp.ranked(summ, "trade_afg")
    assert list(r["iso3"]) == ["UZB", "TJK", "AFG", "KAZ"]  # no data last, alphabetical


def test_one_country_one_year_and_empty():
    t, _ = cmp.comparison_table(
        ["TJK"],
        (2022, 2022),
        trade=synthetic_trade(),
        displacement=synthetic_displacement(),
        incidents=synthetic_incidents(),
        corridors=synthetic_corridors(),
    )
    assert set(t["iso3"]) == {"TJK"}
    assert set(t["year"].dropna()) == {2022}
    empty, _ = cmp.comparison_table([], (2022, 2023))
    assert empty.empty and list(empty.columns) == list(cmp.LONG_COLUMNS)
    assert cmp.time_series(empty).empty


def test_normalise_selection():
    assert cmp.normalise_selection(["TJK", "XXX", "TJK", "KAZ"], ["KAZ", "TJK"]) == ["TJK", "KAZ"]
    many = ["KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG", "IRN"]
    assert len(cmp.normalise_selection(many, many)) == 6


def test_charts(table):
    countries = ["UZB", "TJK", "AFG", "KAZ"]
    ts = cmp.time_series(table)
    spec = ccharts.small_multiples(ts, countries, NAMES).to_dict(validate=True)
    assert spec["resolve"]["scale"]["y"] == "independent"
    rows = sum(len(v) for v in data_values(spec))
    assert 0 < rows < 5000
    domain = spec["spec"]["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["Uzbekistan", "Tajikistan", "Afghanistan", "Kazakhstan"]
    summ = cmp.summary(table, countries)
    spec = ccharts.ranked_chart(cmp.ranked(summ, "killed"), "killed", countries, NAMES).to_dict(
        validate=True
    )
    assert "no data" in str(spec)
    spec = ccharts.corridors_by_status(table, countries, NAMES, presenter=True).to_dict(
        validate=True
    )
    assert spec["config"]["axis"]["labelFontSize"] == 16
