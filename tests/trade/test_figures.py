"""Unit tests of the trade transforms (dashboard_core.trade) and the shared flow helpers
(dashboard_core.flows), on small synthetic frames; a few checks on the real clean data at the
end skip where it is not built."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.trade import analyses, figures, labels, transforms
from dashboard_core.viz import flows
from tests.trade.samples import NAMES, SOURCES, frame, full, month


def test_annual_prefers_full_year_and_sums_only_complete_months(sample):
    a = figures.annual(sample)
    eu = a[(a["reporter_iso3"] == "EU27") & (a["year"] == 2020)]
    assert list(eu["value_usd"]) == [500e6]  # the yearly row; its months are not added
    deu = a[(a["reporter_iso3"] == "DEU") & (a["flow"] == "export")].set_index("year")
    assert deu.loc[2020, "value_usd"] == pytest.approx(120e6)
    assert deu.loc[2020, "kind"] == "year" and deu.loc[2020, "n_rows"] == 12
    assert deu.loc[2021, "kind"] == "partial" and deu.loc[2021, "period"] == "Jan-Mar 2021"


def test_annual_deduplicates_months_and_keeps_other_readings():
    rows = [month("DEU", "KAZ", "export", 2020, m, 1.0, source="eurostat") for m in range(1, 13)]
    rows += [month("DEU", "KAZ", "export", 2020, 1, 1.0, source="eurostat")]  # duplicate label
    rows += [
        full("UZB", "AFG", "export", 2019, 617e6, source="seed", ver="seed_verified"),
        full("UZB", "AFG", "export", 2019, 428e6, source="seed", ver="seed_verified"),
    ]
    a = figures.annual(frame(rows))
    deu = a[a["reporter_iso3"] == "DEU"]
    assert list(deu["value_usd"]) == [12.0] and list(deu["kind"]) == ["year"]
    uzb = a[a["reporter_iso3"] == "UZB"].sort_values("kind")
    assert sorted(uzb["kind"]) == ["alt", "year"]  # never summed, never dropped


def test_annual_targets_partial_and_derived_turnover(sample):
    a = figures.annual(sample)
    target = a[a["measure"] == "target"].iloc[0]
    assert target["kind"] == "target" and "no year" in target["period"]
    kaz = a[a["reporter_iso3"] == "KAZ"].iloc[0]
    assert kaz["kind"] == "partial" and kaz["period"] == "Jan-Sep 2024"
    derived = a[a["derived"] & (a["reporter_iso3"] == "UZB")].set_index("year")
    assert sorted(derived.index) == [2010, 2011, 2013]
    assert derived.loc[2010, "value_usd"] == pytest.approx(100e6 + 2010 + 1e6)
    assert (derived["source_id"] == "statuz").all()  # the seed's 2011 export is not mixed in


def test_annual_skips_rows_without_usd_and_other_commodities():
    rows = [
        full("UZB", "AFG", "export", 2020, None),
        full("UZB", "AFG", "export", 2021, 5.0, commodity="10"),
    ]
    assert figures.annual(frame(rows)).empty
    assert figures.annual(frame(rows).iloc[0:0]).empty


def test_select_rows_perspective(sample):
    exp = figures.select_rows(sample, ["UZB"], [], "export")
    assert set(exp["flow"]) == {"export"}  # UZB's exports; DEU reports its exports to UZB
    assert not (exp["reporter_iso3"] == "DEU").any()
    imp = figures.select_rows(sample, ["UZB"], ["DEU"], "import")
    # UZB's imports from DEU as UZB reports them, and DEU's exports to UZB (the mirror)
    assert set(zip(imp["reporter_iso3"], imp["flow"], strict=True)) == {
        ("UZB", "import"),
        ("DEU", "export"),
    }
    turn = figures.select_rows(sample, ["UZB"], ["AFG"], "turnover")
    assert set(turn["flow"]) == {"export", "import", "turnover"}
    only_obs = figures.select_rows(sample, ["UZB"], ["AFG"], "turnover", ["observed"])
    assert (only_obs["measure"] == "observed").all()
    with pytest.raises(ValueError):
        figures.select_rows(sample, ["UZB"], [], "barter")


def test_oriented_directions(sample):
    a = figures.annual(sample)
    imp = figures.oriented(figures.select_rows(a, ["UZB"], [], "import"), "import", ["UZB"])
    assert (imp["to_iso3"] == "UZB").all()
    turn = figures.oriented(figures.select_rows(a, ["AFG"], [], "turnover"), "turnover", ["AFG"])
    assert set(turn["flow"]) == {"turnover"} and (turn["from_iso3"] == "AFG").all()


def test_map_flows_one_figure_per_direction(sample):
    a = figures.annual(sample)
    ori = figures.oriented(
        figures.select_rows(a, ["UZB", "AFG"], [], "export"), "export", ["UZB", "AFG"]
    )
    flows_2011, total = analyses.map_flows(ori, 2011, NAMES, SOURCES, "export")
    # UZB -> AFG and AFG -> UZB (Uzbekistan's imports are Afghanistan's exports)
    assert total == 2 and set(zip(flows_2011["from_iso3"], flows_2011["to_iso3"], strict=True)) == {
        ("UZB", "AFG"),
        ("AFG", "UZB"),
    }
    r = flows_2011.set_index("from_iso3").loc["UZB"]
    assert r["source_id"] == "statuz"  # official full year preferred over the seed
    assert r["others"] == 1 and "1 other reading" in r["tip_body"]
    assert "own official release" in r["tip_body"]
    assert r["tip_title"] == "Uzbekistan → Afghanistan" and "stat.uz" in r["tip_source"]
    empty, n = analyses.map_flows(ori, 1999, NAMES, SOURCES, "export")
    assert empty.empty and n == 0
    assert analyses.map_years(ori) == [2010, 2011, 2013]


def test_map_flows_top_n():
    rows = [
        full("UZB", p, "export", 2020, v)
        for p, v in zip(["AFG", "CHN", "RUS", "KAZ"], [4.0, 3.0, 2.0, 1.0], strict=True)
    ]
    a = figures.annual(frame(rows))
    ori = figures.oriented(figures.select_rows(a, ["UZB"], [], "export"), "export", ["UZB"])
    out, total = analyses.map_flows(ori, 2020, NAMES, SOURCES, "export", top_n=2)
    assert total == 4 and list(out["to_iso3"]) == ["AFG", "CHN"]


def test_series_frame_gaps_points_and_targets(sample):
    a = figures.annual(sample)
    ori = figures.oriented(
        figures.select_rows(a, ["UZB", "KAZ"], ["AFG"], "turnover"), "turnover", ["UZB", "KAZ"]
    )
    s = analyses.series_frame(ori, NAMES, SOURCES, "turnover")
    f = s.frame
    uzb = f[(f["series"] == "Uzbekistan with Afghanistan") & (f["mark"] == "annual")]
    # stat.uz exports + imports each year (official), never the document's 2010 turnover too
    assert list(uzb["year"]) == [2010, 2011, 2013] and uzb["source_id"].eq("statuz").all()
    assert uzb["segment"].nunique() == 2  # 2010-2011 and 2013: the 2012 gap stays open
    assert "own official release" in uzb["tooltip"].iloc[0]
    assert s.others == 1  # the document's 2010 turnover: another reading, not drawn
    assert "1 other reading" in analyses.series_note(s)
    assert set(f.loc[f["mark"] == "partial", "period"]) == {"Jan-Sep 2024"}
    assert (f["mark"] == "target").sum() == 1
    assert f.loc[f["mark"] != "annual", "segment"].isna().all()  # points are never joined
    small = analyses.series_frame(ori, NAMES, SOURCES, "turnover", top_n=1)
    assert small.shown == 1 and small.total == 2
    assert "Showing the 1 largest" in analyses.series_note(small)


def test_series_frame_log_drops_non_positive():
    rows = [full("UZB", "AFG", "export", 2020, 0.0), full("UZB", "AFG", "export", 2021, 5.0)]
    a = figures.annual(frame(rows))
    ori = figures.oriented(figures.select_rows(a, ["UZB"], [], "export"), "export", ["UZB"])
    assert list(
        analyses.series_frame(ori, NAMES, SOURCES, "export", log_scale=True).frame["year"]
    ) == [2021]


def test_comparison_takes_the_preferred_reading_of_the_latest_year():
    rows = [
        full("UZB", "CHN", "export", 2022, 10.0),
        full("UZB", "CHN", "export", 2023, 11.0),
        full("CHN", "UZB", "import", 2023, 50.0),  # mirror of a year with an own report: unused
        full("UZB", "RUS", "export", 2023, 5.0, source="seed", ver="seed_verified"),
        full("RUS", "UZB", "import", 2023, 6.0),  # official mirror ranks above a document
        full("EU27", "KAZ", "import", 2023, 7.0, source="eurostat"),
    ]
    a = figures.annual(frame(rows))
    comp, missing = analyses.comparison(a, ["UZB", "KAZ"], "export", NAMES, SOURCES)
    got = {
        (r.country_iso3, r.counterpart_iso3): (r.year, r.value_usd, r.side)
        for r in comp.itertuples()
    }
    assert got[("UZB", "CHN")] == (2023, 11.0, "own report")
    assert got[("UZB", "RUS")] == (2023, 6.0, "partner's report")
    assert got[("KAZ", "EU27")] == (2023, 7.0, "partner's report")
    assert analyses.readings_left_out(a, comp, "export") == 2
    later = figures.annual(frame([*rows, full("CHN", "UZB", "import", 2024, 99.0)]))
    comp, _ = analyses.comparison(later, ["UZB"], "export", NAMES, SOURCES)
    latest = comp.set_index("counterpart_iso3").loc["CHN"]
    assert (latest["year"], latest["value_usd"]) == (2024, 99.0)  # the mirror, where no own
    assert "Kazakhstan with China" in missing and "Uzbekistan with the EU" in missing
    assert "No figures" in labels.comparison_note(missing)


def test_build_view(sample):
    a = figures.annual(sample)
    view = transforms.build_view(
        sample, a, ["UZB"], (2010, 2025), [], "export", labels.MEASURES, NAMES, SOURCES
    )
    assert len(view.rows) == len(figures.select_rows(sample, ["UZB"], [], "export"))
    assert view.years == [2010, 2011, 2013]
    assert not view.mirrors.empty
    none = transforms.build_view(
        sample, a, ["UZB"], (1990, 1991), [], "export", labels.MEASURES, NAMES, SOURCES
    )
    assert none.ori.empty and none.series.frame.empty and none.years == []


def test_real_eu27_yearly_not_added_to_monthly(real_trade):
    a = figures.annual(real_trade)
    eu = a[
        (a["reporter_iso3"] == "EU27")
        & (a["partner_iso3"] == "KAZ")
        & (a["flow"] == "export")
        & (a["year"] == 2020)
    ]
    yearly = real_trade[
        (real_trade["reporter_iso3"] == "EU27")
        & (real_trade["partner_iso3"] == "KAZ")
        & (real_trade["flow"] == "export")
        & (real_trade["year"] == 2020)
        & (real_trade["period_start"].dt.month == 1)
        & (real_trade["period_end"].dt.month == 12)
    ]
    assert len(eu) == 1 and eu.iloc[0]["value_usd"] == pytest.approx(yearly.iloc[0]["value_usd"])


def test_real_views_small_enough_for_charts(real_trade):
    a = figures.annual(real_trade)
    for flow in labels.FLOWS:
        view = transforms.build_view(
            real_trade,
            a,
            ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG"),
            (1972, 2025),
            (),
            flow,
            labels.MEASURES,
            NAMES,
            SOURCES,
        )
        assert len(view.series.frame) <= flows.MAX_CHART_ROWS
        assert len(view.comparison) <= 24
    uzb_afg = figures.oriented(
        figures.select_rows(a, ["UZB"], ["AFG"], "export"), "export", ["UZB"]
    )
    assert "UZB → AFG" in set(analyses.mirror_candidates(uzb_afg, "export", NAMES)["pair_key"])


def test_turnover_from_two_official_tables_names_both_sources():
    rows = [
        full("UZB", "AFG", "export", 2020, 700.0, source="statuz-1105"),
        full("UZB", "AFG", "import", 2020, 30.0, source="statuz-1176"),
        full("UZB", "AFG", "import", 2020, 2.3, source="seed", ver="seed_verified"),
    ]
    a = figures.annual(frame(rows))
    derived = a[a["derived"]]
    assert list(derived["value_usd"]) == [730.0]  # the document's import is never added in
    assert list(derived["source_id"]) == ["statuz-1105+statuz-1176"]
    names = {"statuz-1105": "stat.uz", "statuz-1176": "stat.uz"}
    assert figures.source_label("statuz-1105+statuz-1176", names) == "stat.uz"
    src = figures.source_rows(derived)
    assert sorted(src["source_id"]) == ["statuz-1105", "statuz-1176"]
    assert figures.source_rows(pd.DataFrame()).empty
