"""Unit tests: the summary (the registry's figure per country), side by side, series, charts."""

from __future__ import annotations

import math

from dashboard_core.compare import charts as ccharts
from dashboard_core.compare import summary
from dashboard_core.data.naming import known_country_names
from dashboard_core.viz.specs import data_values
from tests.compare.conftest import COUNTRIES

NAMES = known_country_names()
YEARS = (2019, 2023)


def test_summary_and_side_by_side(tables):
    s = summary.summary(tables, COUNTRIES, YEARS, NAMES).set_index(["iso3", "measure"])
    assert s.loc[("TJK", "hosted"), "text"] == "7,000 (2023)"  # latest
    assert s.loc[("TJK", "incidents"), "text"] == "3 (2021–2022)"  # total over years with one
    # 55 (2021) + 37-100 (2022); the incident without a toll is never hidden in a total
    assert s.loc[("TJK", "killed"), "text"] == "92–155 + 1 unknown (2021–2022)"
    assert s.loc[("UZB", "incidents"), "text"] == "none recorded"  # not "0"
    assert s.loc[("AFG", "trade_afg"), "text"] == "no data"
    assert s.loc[("UZB", "trade_ca"), "text"] == "US$3.5 billion (2 of 4 partners) (2022)"
    assert s.loc[("AFG", "corridors"), "text"].startswith("3 (")
    wide = summary.side_by_side(summary.summary(tables, COUNTRIES, YEARS, NAMES))
    assert list(wide.columns) == ["Uzbekistan", "Tajikistan", "Afghanistan", "Kazakhstan"]
    assert wide.index[0] == "Trade with Afghanistan"


def test_time_series_keeps_gaps(table):
    ts = summary.time_series(table)
    uzb = ts.loc[(ts["iso3"] == "UZB") & (ts["measure"] == "trade_ca")]
    assert list(uzb["year"]) == [2020, 2021, 2022]
    assert math.isnan(uzb.iloc[1]["value"])  # 2021 stays empty
    assert "corridors" not in set(ts["measure"])


def test_ranked(tables):
    summ = summary.summary(tables, COUNTRIES, YEARS, NAMES)
    assert list(summary.ranked(summ, "killed")["iso3"])[:1] == ["TJK"]
    assert list(summary.ranked(summ, "trade_afg")["iso3"]) == ["UZB", "TJK", "AFG", "KAZ"]


def test_charts(table, tables):
    ts = summary.time_series(table)
    spec = ccharts.small_multiples(ts, COUNTRIES, NAMES).to_dict(validate=True)
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert spec["spec"]["layer"][0]["encoding"]["y"]["axis"]["tickMinStep"] == 1
    rows = sum(len(v) for v in data_values(spec))
    assert 0 < rows < 5000
    summ = summary.summary(tables, COUNTRIES, YEARS, NAMES)
    spec = ccharts.ranked_chart(summary.ranked(summ, "killed"), "killed", COUNTRIES, NAMES)
    assert "no data" in str(spec.to_dict(validate=True))
    spec = ccharts.corridors_by_status(table, COUNTRIES, NAMES, presenter=True).to_dict(
        validate=True
    )
    assert spec["config"]["axis"]["labelFontSize"] == 16


def test_ranking_opens_on_a_measure_most_countries_have(tables):
    summ = summary.summary(tables, COUNTRIES, YEARS, NAMES)
    have = summ.loc[summ["value_high"].notna()].groupby("measure")["iso3"].nunique()
    chosen = summary.default_rank(summ)
    assert have[chosen] == have.max()
    only_killed = summ.assign(
        value_high=summ["value_high"].where((summ["measure"] == "killed") & (summ["iso3"] == "TJK"))
    )
    assert summary.default_rank(only_killed) == "killed"
    assert summary.default_rank(summ.iloc[0:0]) == "trade_ca"


def test_ranked_axis_never_reads_long_zeros(tables):
    summ = summary.summary(tables, COUNTRIES, YEARS, NAMES)
    for measure in summ["measure"].unique():
        spec = ccharts.ranked_chart(summary.ranked(summ, measure), measure, COUNTRIES, NAMES)
        axis = spec.to_dict(validate=True)["layer"][0]["encoding"]["x"]["axis"]
        assert axis.get("labelExpr") or axis.get("values") == [0] or axis.get("labels") is False
    nobody = summ.assign(value_low=float("nan"), value_high=float("nan"))
    spec = ccharts.ranked_chart(summary.ranked(nobody, "trade_afg"), "trade_afg", COUNTRIES, NAMES)
    assert spec.to_dict(validate=True)["layer"][0]["encoding"]["x"]["axis"]["labels"] is False
    zeros = summ.assign(value_low=0.0, value_high=0.0)
    spec = ccharts.ranked_chart(summary.ranked(zeros, "killed"), "killed", COUNTRIES, NAMES)
    assert spec.to_dict(validate=True)["layer"][0]["encoding"]["x"]["axis"]["values"] == [0]
