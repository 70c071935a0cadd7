"""Unit tests: the comparison table (no double counting, gaps stay gaps) and its charts."""

from __future__ import annotations

import math

from dashboard_core.compare import charts as ccharts
from dashboard_core.compare import summary
from dashboard_core.data.naming import known_country_names
from dashboard_core.viz.specs import data_values

NAMES = known_country_names()


def test_summary_and_side_by_side(table):
    summ = summary.summary(table, ["UZB", "TJK", "AFG", "KAZ"])
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
    assert s.loc[("UZB", "trade_region"), "text"] == "US$3.5 billion (2022; 2 of 4 partners)"
    assert s.loc[("AFG", "corridors"), "text"].startswith("3 (")
    assert s.loc[("AFG", "corridors"), "short"] == "3"
    wide = summary.side_by_side(summ)
    assert list(wide.columns) == ["Uzbekistan", "Tajikistan", "Afghanistan", "Kazakhstan"]
    assert wide.index[0] == "Trade with the other Central Asian states"


def test_time_series_keeps_gaps(table):
    ts = summary.time_series(table)
    kaz = ts.loc[(ts["iso3"] == "UZB") & (ts["measure"] == "trade_region")]
    assert list(kaz["year"]) == [2020, 2021, 2022]
    assert math.isnan(kaz.iloc[1]["value"])  # 2021 stays empty
    assert "corridors" not in set(ts["measure"])


def test_ranked(table):
    summ = summary.summary(table, ["UZB", "TJK", "AFG", "KAZ"])
    r = summary.ranked(summ, "killed")
    assert list(r["iso3"])[:1] == ["TJK"]
    r = summary.ranked(summ, "trade_afg")
    assert list(r["iso3"]) == ["UZB", "TJK", "AFG", "KAZ"]  # no data last, alphabetical


def test_charts(table):
    countries = ["UZB", "TJK", "AFG", "KAZ"]
    ts = summary.time_series(table)
    spec = ccharts.small_multiples(ts, countries, NAMES).to_dict(validate=True)
    assert spec["resolve"]["scale"]["y"] == "independent"
    rows = sum(len(v) for v in data_values(spec))
    assert 0 < rows < 5000
    domain = spec["spec"]["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["Uzbekistan", "Tajikistan", "Afghanistan", "Kazakhstan"]
    summ = summary.summary(table, countries)
    spec = ccharts.ranked_chart(summary.ranked(summ, "killed"), "killed", countries, NAMES).to_dict(
        validate=True
    )
    assert "no data" in str(spec)
    spec = ccharts.corridors_by_status(table, countries, NAMES, presenter=True).to_dict(
        validate=True
    )
    assert spec["config"]["axis"]["labelFontSize"] == 16


def test_ranking_opens_on_a_measure_most_countries_have(table):
    summ = summary.summary(table, ["UZB", "TJK", "AFG", "KAZ"])
    have = summ.loc[summ["value_high"].notna()].groupby("measure")["iso3"].nunique()
    chosen = summary.default_rank(summ)
    assert have[chosen] == have.max()
    only_one = summ.assign(value_high=summ["value_high"].where(summ["measure"] == "killed"))
    only_one.loc[(only_one["measure"] == "killed") & (only_one["iso3"] != "TJK"), "value_high"] = (
        None
    )
    assert summary.default_rank(only_one) == "killed"
    assert summary.default_rank(summ.iloc[0:0]) == "trade_region"


def test_ranked_axis_never_reads_long_zeros(table):
    countries = ["UZB", "TJK", "AFG", "KAZ"]
    summ = summary.summary(table, countries)
    for measure in summ["measure"].unique():
        spec = ccharts.ranked_chart(summary.ranked(summ, measure), measure, countries, NAMES)
        axis = spec.to_dict(validate=True)["layer"][0]["encoding"]["x"]["axis"]
        assert axis.get("labelExpr") or axis.get("values") == [0] or axis.get("labels") is False
    nobody = summ.assign(value_low=float("nan"), value_high=float("nan"))
    spec = ccharts.ranked_chart(summary.ranked(nobody, "trade_afg"), "trade_afg", countries, NAMES)
    axis = spec.to_dict(validate=True)["layer"][0]["encoding"]["x"]["axis"]
    assert axis["labels"] is False
    zeros = summ.assign(value_low=0.0, value_high=0.0)
    spec = ccharts.ranked_chart(summary.ranked(zeros, "killed"), "killed", countries, NAMES)
    assert spec.to_dict(validate=True)["layer"][0]["encoding"]["x"]["axis"]["values"] == [0]
