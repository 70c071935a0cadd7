"""Unit tests of the trade transforms (dashboard_core.trade) and the shared flow helpers
(dashboard_core.flows), on small synthetic frames; a few checks on the real clean data at the
end skip where it is not built."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core import flows, trade
from dashboard_core.datasets import DataNotBuiltError, load_table

NAMES = {
    "UZB": "Uzbekistan",
    "AFG": "Afghanistan",
    "KAZ": "Kazakhstan",
    "DEU": "Germany",
    "EU27": "EU",
    "CHN": "China",
    "RUS": "Russia",
}
SOURCES = {"statuz": "stat.uz", "seed": "Seed doc", "eurostat": "Eurostat"}


def row(
    rep,
    par,
    flow,
    start,
    end,
    year,
    value,
    source="statuz",
    measure="observed",
    ver="official_release",
    note=None,
    commodity="TOTAL",
):
    return {
        "reporter_iso3": rep,
        "partner_iso3": par,
        "flow": flow,
        "commodity": commodity,
        "period_start": pd.Timestamp(start) if start else pd.NaT,
        "period_end": pd.Timestamp(end) if end else pd.NaT,
        "year": year,
        "measure": measure,
        "value_usd": value,
        "value_original": value,
        "currency_original": "USD",
        "source_id": source,
        "locator": "L1",
        "verification": ver,
        "note": note,
    }


def full(rep, par, flow, year, value, **kw):
    return row(rep, par, flow, f"{year}-01-01", f"{year}-12-31", year, value, **kw)


def month(rep, par, flow, year, m, value, **kw):
    start = pd.Timestamp(year=year, month=m, day=1)
    return row(rep, par, flow, start, start + pd.offsets.MonthEnd(0), year, value, **kw)


def frame(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    return df.astype({"year": "Int64"})


@pytest.fixture
def sample() -> pd.DataFrame:
    rows = []
    for y in (2010, 2011, 2013):  # 2012 missing: a gap
        rows.append(full("UZB", "AFG", "export", y, 100e6 + y))
        rows.append(full("UZB", "AFG", "import", y, 1e6))
    rows.append(full("UZB", "AFG", "turnover", 2010, 120e6, source="seed", ver="seed_verified"))
    rows.append(full("UZB", "AFG", "export", 2011, 90e6, source="seed", ver="seed_verified"))
    rows.append(
        row(
            "KAZ",
            "AFG",
            "turnover",
            "2024-01-01",
            "2024-09-30",
            2024,
            400e6,
            source="seed",
            ver="seed_verified",
        )
    )
    rows.append(
        row(
            "UZB",
            "AFG",
            "turnover",
            None,
            None,
            2025,
            3e9,
            source="seed",
            measure="target",
            ver="seed_verified",
            note="no target year",
        )
    )
    for m in range(1, 13):
        rows.append(month("DEU", "UZB", "export", 2020, m, 10e6, source="eurostat"))
    for m in range(1, 4):
        rows.append(month("DEU", "UZB", "export", 2021, m, 10e6, source="eurostat"))
    rows.append(full("EU27", "UZB", "export", 2020, 500e6, source="eurostat"))
    for m in range(1, 13):  # EU27 months duplicate its yearly total: must not be added
        rows.append(month("EU27", "UZB", "export", 2020, m, 41e6, source="eurostat"))
    rows.append(full("UZB", "DEU", "import", 2020, 150e6))
    return frame(rows)


# ---------------------------------------------------------------------------------------------
# flows helpers


def test_period_kinds_and_labels():
    start = pd.Series(
        pd.to_datetime(["2020-01-01", "2020-02-01", "2024-01-01", None, "2019-11-27"])
    )
    end = pd.Series(
        pd.to_datetime(["2020-12-31", "2020-02-29", "2024-09-30", "2021-03-31", "2019-11-27"])
    )
    assert list(flows.period_kinds(start, end)) == [
        "year",
        "month",
        "partial",
        "undated",
        "partial",
    ]
    assert flows.period_label("2024-01-01", "2024-09-30") == "Jan-Sep 2024"
    assert flows.period_label("2022-09-01", "2022-09-30") == "Sep 2022"
    assert flows.period_label("2020-01-01", "2020-12-31") == "2020"
    assert flows.period_label("2019-01-01", "2023-12-31") == "2019-2023"
    assert flows.period_label("2019-11-27", "2019-11-27") == "27 Nov 2019"
    assert flows.period_label(None, "2021-03-31") == "until 31 Mar 2021"
    assert flows.period_label("2019-01-01", None) == "since 2019"
    assert flows.period_label(None, None) == "date not stated"
    assert flows.months_label([1, 2, 3], 2021) == "Jan-Mar 2021"
    assert flows.months_label([1, 5], 2021) == "2 months of 2021"


def test_add_segments_breaks_at_missing_years():
    df = pd.DataFrame({"series": ["a"] * 4 + ["b"], "year": [2010, 2011, 2013, 2014, 2011]})
    out = flows.add_segments(df, ["series"])
    seg = dict(zip(zip(out["series"], out["year"], strict=True), out["segment"], strict=True))
    assert seg[("a", 2010)] == seg[("a", 2011)]
    assert seg[("a", 2011)] != seg[("a", 2013)]
    assert seg[("a", 2013)] == seg[("a", 2014)]
    assert seg[("b", 2011)] not in {seg[("a", 2010)], seg[("a", 2013)]}


def test_formatting_and_places():
    assert flows.format_usd(1.234e9) == "US$ 1.2 billion"
    assert flows.format_usd(663.3e6) == "US$ 663.3 million"
    assert flows.format_usd(None) == "n/a"
    assert flows.format_people(15000) == "15,000"
    countries = pd.DataFrame(
        {
            "iso3": ["UZB", "XXX"],
            "name": ["Uzbekistan", "Nowhere"],
            "capital": ["Tashkent", None],
            "capital_lat": [41.3, None],
            "capital_lon": [69.2, None],
        }
    )
    places = flows.capitals(countries)
    assert places["UZB"]["capital"] == "Tashkent" and "XXX" not in places
    assert places["EU27"]["capital"] == "Brussels"  # drawing anchor for the aggregate


def test_arc_rows_widths_and_missing_places():
    places = {
        "UZB": {"name": "U", "lon": 69, "lat": 41},
        "AFG": {"name": "A", "lon": 69, "lat": 34},
    }
    df = pd.DataFrame(
        {
            "from_iso3": ["UZB", "UZB", "AFG"],
            "to_iso3": ["AFG", "WLD", "UZB"],
            "value": [100.0, 5.0, 25.0],
        }
    )
    rows, missing = flows.arc_rows(df, places)
    assert missing == ["WLD"]
    assert [r["value"] for r in rows] == [100.0, 25.0]  # largest first
    assert rows[0]["width"] > rows[1]["width"] >= 1.2
    assert rows[0]["width"] <= 10


def test_short_source_names():
    sources = pd.DataFrame(
        {
            "source_id": ["s1", "s2", "s3"],
            "publisher": ["Statistics Agency (stat.uz)", "not stated in the file", "Eurostat"],
            "title": ["t", "Central Asia news digest: items", "Comext"],
            "kind": ["publisher_dataset", "seed_document", "publisher_dataset"],
        }
    )
    names = flows.short_source_names(sources)
    assert names == {"s1": "stat.uz", "s2": "Central Asia news digest (document)", "s3": "Eurostat"}


def test_key_events_takeover_first_and_spaced():
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(
                ["2021-08-15", "2021-09-01", "2015-01-01", "2012-01-01", "2018-05-01"]
            ),
            "category": ["political", "trade", "trade", "trade", "visit"],
            "countries": ["AFG", "UZB;AFG", "KAZ", "CHN", "UZB"],
            "title": [
                "Taliban enter Kabul; President flees",
                "Trade deal",
                "KZ trade fair",
                "Chinese fair",
                "A visit",
            ],
        }
    )
    ev = flows.key_events(events, ["UZB", "KAZ"], (2010, 2023), ["trade"], max_n=6)
    titles = list(ev["title"])
    assert "Taliban enter Kabul; President flees" in titles  # always, even if AFG not selected
    assert "Trade deal" not in titles  # too close to the takeover: markers would collide
    assert "Chinese fair" not in titles  # names no selected country
    assert "A visit" not in titles  # category not asked for
    assert list(ev["label"]) == [str(i + 1) for i in range(len(ev))]
    assert flows.events_caption(ev).startswith("Key events (dashed lines): 1. Jan 2015")
    assert flows.key_events(events, ["UZB"], (1990, 1995), ["trade"]).empty


def test_fit_view_tilted_and_bounded():
    inside = [{"from_lon": 69, "from_lat": 41, "to_lon": 71, "to_lat": 38}]
    assert flows.fit_view(inside)["pitch"] == flows.ARC_PITCH
    far = [{"from_lon": 69, "from_lat": 41, "to_lon": -77, "to_lat": 38}]
    view = flows.fit_view(far)
    assert 2.4 <= view["zoom"] <= 3.7


# ---------------------------------------------------------------------------------------------
# annual figures


def test_annual_prefers_full_year_and_sums_only_complete_months(sample):
    a = trade.annual(sample)
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
    a = trade.annual(frame(rows))
    deu = a[a["reporter_iso3"] == "DEU"]
    assert list(deu["value_usd"]) == [12.0] and list(deu["kind"]) == ["year"]
    uzb = a[a["reporter_iso3"] == "UZB"].sort_values("kind")
    assert sorted(uzb["kind"]) == ["alt", "year"]  # never summed, never dropped


def test_annual_targets_partial_and_derived_turnover(sample):
    a = trade.annual(sample)
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
    assert trade.annual(frame(rows)).empty
    assert trade.annual(frame(rows).iloc[0:0]).empty


# ---------------------------------------------------------------------------------------------
# selection and orientation


def test_select_rows_perspective(sample):
    exp = trade.select_rows(sample, ["UZB"], [], "export")
    assert set(exp["flow"]) == {"export"}  # UZB's exports; DEU reports its exports to UZB
    assert not (exp["reporter_iso3"] == "DEU").any()
    imp = trade.select_rows(sample, ["UZB"], ["DEU"], "import")
    # UZB's imports from DEU as UZB reports them, and DEU's exports to UZB (the mirror)
    assert set(zip(imp["reporter_iso3"], imp["flow"], strict=True)) == {
        ("UZB", "import"),
        ("DEU", "export"),
    }
    turn = trade.select_rows(sample, ["UZB"], ["AFG"], "turnover")
    assert set(turn["flow"]) == {"export", "import", "turnover"}
    only_obs = trade.select_rows(sample, ["UZB"], ["AFG"], "turnover", ["observed"])
    assert (only_obs["measure"] == "observed").all()
    with pytest.raises(ValueError):
        trade.select_rows(sample, ["UZB"], [], "barter")


def test_oriented_directions(sample):
    a = trade.annual(sample)
    imp = trade.oriented(trade.select_rows(a, ["UZB"], [], "import"), "import", ["UZB"])
    assert (imp["to_iso3"] == "UZB").all()
    turn = trade.oriented(trade.select_rows(a, ["AFG"], [], "turnover"), "turnover", ["AFG"])
    assert set(turn["flow"]) == {"turnover"} and (turn["from_iso3"] == "AFG").all()


def test_map_flows_one_figure_per_direction(sample):
    a = trade.annual(sample)
    ori = trade.oriented(
        trade.select_rows(a, ["UZB", "AFG"], [], "export"), "export", ["UZB", "AFG"]
    )
    flows_2011, total = trade.map_flows(ori, 2011, NAMES, SOURCES, "export")
    # UZB -> AFG and AFG -> UZB (Uzbekistan's imports are Afghanistan's exports)
    assert total == 2 and set(zip(flows_2011["from_iso3"], flows_2011["to_iso3"], strict=True)) == {
        ("UZB", "AFG"),
        ("AFG", "UZB"),
    }
    r = flows_2011.set_index("from_iso3").loc["UZB"]
    assert r["source_id"] == "statuz"  # official full year preferred over the seed
    assert r["others"] == 1 and "1 other figure" in r["tooltip"]
    assert "Uzbekistan → Afghanistan" in r["tooltip"] and "stat.uz" in r["tooltip"]
    empty, n = trade.map_flows(ori, 1999, NAMES, SOURCES, "export")
    assert empty.empty and n == 0
    assert trade.map_years(ori) == [2010, 2011, 2013]


def test_map_flows_top_n():
    rows = [
        full("UZB", p, "export", 2020, v)
        for p, v in zip(["AFG", "CHN", "RUS", "KAZ"], [4.0, 3.0, 2.0, 1.0], strict=True)
    ]
    a = trade.annual(frame(rows))
    ori = trade.oriented(trade.select_rows(a, ["UZB"], [], "export"), "export", ["UZB"])
    out, total = trade.map_flows(ori, 2020, NAMES, SOURCES, "export", top_n=2)
    assert total == 4 and list(out["to_iso3"]) == ["AFG", "CHN"]


def test_series_frame_gaps_points_and_targets(sample):
    a = trade.annual(sample)
    ori = trade.oriented(
        trade.select_rows(a, ["UZB", "KAZ"], ["AFG"], "turnover"), "turnover", ["UZB", "KAZ"]
    )
    s = trade.series_frame(ori, NAMES, SOURCES, "turnover")
    f = s.frame
    computed = f[f["series"].str.contains("computed")]
    assert computed["segment"].nunique() == 2  # 2010-2011 and 2013: the 2012 gap stays open
    assert set(f.loc[f["mark"] == "partial", "period"]) == {"Jan-Sep 2024"}
    assert (f["mark"] == "target").sum() == 1
    assert f.loc[f["mark"] != "annual", "segment"].isna().all()  # points are never joined
    small = trade.series_frame(ori, NAMES, SOURCES, "turnover", top_n=1)
    assert small.shown == 1 and small.total >= 3
    assert "Showing the 1 largest" in trade.series_note(small)


def test_series_frame_log_drops_non_positive():
    rows = [full("UZB", "AFG", "export", 2020, 0.0), full("UZB", "AFG", "export", 2021, 5.0)]
    a = trade.annual(frame(rows))
    ori = trade.oriented(trade.select_rows(a, ["UZB"], [], "export"), "export", ["UZB"])
    assert list(
        trade.series_frame(ori, NAMES, SOURCES, "export", log_scale=True).frame["year"]
    ) == [2021]


# ---------------------------------------------------------------------------------------------
# partner structure, comparison, mirror


def structure_sample() -> pd.DataFrame:
    rows = []
    for i in range(12):
        for y in (2020, 2021):
            rows.append(full("UZB", f"P{i:02d}", "export", y, float(100 - i)))
    rows.append(full("UZB", "WLD", "export", 2021, 99999.0))  # aggregate: never a partner
    rows.append(full("UZB", "AFG", "export", 2005, 50.0, source="seed", ver="seed_verified"))
    return frame(rows)


def test_partner_structure_shares_and_single_source():
    a = trade.annual(structure_sample())
    assert trade.structure_reporters(a) == ["UZB"]
    bars, shares, year = trade.partner_structure(a, "UZB", "export", NAMES, top_n=3)
    assert year == 2021 and list(bars["partner_iso3"]) == ["P00", "P01", "P02"]
    assert "WLD" not in set(shares["partner"])
    assert 2005 not in set(shares["year"])  # a document quoting one partner is no structure
    per_year = shares.groupby("year")["share"].sum()
    assert per_year.round(9).eq(1.0).all()
    assert "All other partners" in set(shares["partner"])
    empty_bars, _, none_year = trade.partner_structure(a, "KAZ", "export", NAMES)
    assert empty_bars.empty and none_year is None


def test_comparison_prefers_own_report_then_mirror():
    rows = [
        full("UZB", "CHN", "export", 2022, 10.0),
        full("UZB", "CHN", "export", 2023, 11.0),
        full("CHN", "UZB", "import", 2024, 99.0),  # mirror: only used without an own report
        full("EU27", "KAZ", "import", 2023, 7.0, source="eurostat"),
    ]
    a = trade.annual(frame(rows))
    comp, missing = trade.comparison(a, ["UZB", "KAZ"], "export", NAMES, SOURCES)
    got = {
        (r.country_iso3, r.counterpart_iso3): (r.year, r.value_usd, r.side)
        for r in comp.itertuples()
    }
    assert got[("UZB", "CHN")] == (2023, 11.0, "own report")
    assert got[("KAZ", "EU27")] == (2023, 7.0, "partner's report")
    assert "Kazakhstan with China" in missing and "Uzbekistan with the EU" in missing
    assert "No figures" in trade.comparison_note(missing)


def test_mirror_candidates_and_frames(sample):
    a = trade.annual(sample)
    ori = trade.oriented(trade.select_rows(a, ["UZB"], ["AFG", "DEU"], "export"), "export", ["UZB"])
    cands = trade.mirror_candidates(ori, "export", NAMES)
    assert list(cands["pair_key"]) == ["UZB → AFG"]  # DEU side has no common year with UZB
    pts, gaps = trade.mirror_frames(ori, "export", "UZB → AFG", NAMES, SOURCES)
    assert set(pts["series"]) == {
        "reported by Uzbekistan · stat.uz",
        "reported by Uzbekistan · Seed doc",
    }
    assert list(gaps["year"]) == [2011]
    assert gaps.iloc[0]["gap_usd"] == pytest.approx(100e6 + 2011 - 90e6)
    assert "1 year(s) with two figures" in trade.mirror_summary(gaps)
    imp = trade.oriented(trade.select_rows(a, ["UZB"], ["DEU"], "import"), "import", ["UZB"])
    assert list(trade.mirror_candidates(imp, "import", NAMES)["pair_key"]) == ["DEU → UZB"]
    assert trade.mirror_candidates(ori.iloc[0:0], "export", NAMES).empty
    assert trade.mirror_summary(pd.DataFrame()) == "No year has figures from two sides."


def test_partner_options_grouped(sample):
    opts = trade.partner_options(sample, NAMES)
    assert opts.index("AFG") < opts.index("EU27") < opts.index("DEU")
    assert trade.partner_label("DEU", NAMES) == "Germany (DEU)"  # also its value in a URL


def test_build_view(sample):
    a = trade.annual(sample)
    view = trade.build_view(
        sample, a, ["UZB"], (2010, 2025), [], "export", trade.MEASURES, NAMES, SOURCES
    )
    assert len(view.rows) == len(trade.select_rows(sample, ["UZB"], [], "export"))
    assert view.years == [2010, 2011, 2013]
    assert not view.mirrors.empty
    none = trade.build_view(
        sample, a, ["UZB"], (1990, 1991), [], "export", trade.MEASURES, NAMES, SOURCES
    )
    assert none.ori.empty and none.series.frame.empty and none.years == []


# ---------------------------------------------------------------------------------------------
# the real clean data


@pytest.fixture(scope="module")
def real_trade() -> pd.DataFrame:
    try:
        return load_table("trade")
    except DataNotBuiltError as exc:
        pytest.skip(str(exc))


def test_real_eu27_yearly_not_added_to_monthly(real_trade):
    a = trade.annual(real_trade)
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
    a = trade.annual(real_trade)
    for flow in trade.FLOWS:
        view = trade.build_view(
            real_trade,
            a,
            ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG"),
            (1972, 2025),
            (),
            flow,
            trade.MEASURES,
            NAMES,
            SOURCES,
        )
        assert len(view.series.frame) <= flows.MAX_CHART_ROWS
        assert len(view.comparison) <= 24
    uzb_afg = trade.oriented(trade.select_rows(a, ["UZB"], ["AFG"], "export"), "export", ["UZB"])
    assert "UZB → AFG" in set(trade.mirror_candidates(uzb_afg, "export", NAMES)["pair_key"])


def test_turnover_from_two_official_tables_names_both_sources():
    rows = [
        full("UZB", "AFG", "export", 2020, 700.0, source="statuz-1105"),
        full("UZB", "AFG", "import", 2020, 30.0, source="statuz-1176"),
        full("UZB", "AFG", "import", 2020, 2.3, source="seed", ver="seed_verified"),
    ]
    a = trade.annual(frame(rows))
    derived = a[a["derived"]]
    assert list(derived["value_usd"]) == [730.0]  # the document's import is never added in
    assert list(derived["source_id"]) == ["statuz-1105+statuz-1176"]
    names = {"statuz-1105": "stat.uz", "statuz-1176": "stat.uz"}
    assert trade.source_label("statuz-1105+statuz-1176", names) == "stat.uz"
    src = trade.source_rows(derived)
    assert sorted(src["source_id"]) == ["statuz-1105", "statuz-1176"]
    assert trade.source_rows(pd.DataFrame()).empty


def test_span_and_table_note():
    assert flows.span_of(pd.DataFrame({"year": [2012, 2019]}), (1990, 2025)) == (2012, 2019)
    assert flows.span_of(pd.DataFrame(), (1990, 2025)) == (1990, 2025)
    assert "no US$ value" in trade.table_note(3) and "no US$" not in trade.table_note(0)


def test_view_computes_sections_only_when_read(sample):
    view = trade.build_view(
        sample, trade.annual(sample), ["UZB"], (2010, 2025), [], "export", trade.MEASURES, NAMES,
        SOURCES,
    )  # fmt: skip
    lazy = {"_linear_series", "_log_series", "_comparison", "mirrors", "reporters", "period"}
    assert not lazy & set(vars(view))
    assert not view.mirrors.empty and "mirrors" in vars(view) and "period" not in vars(view)


def test_map_of_a_year_does_not_depend_on_the_year_range(real_trade):
    """The page caches the flow map by its year, not by the sidebar's range."""
    a = trade.annual(real_trade)
    countries = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG")
    for flow in trade.FLOWS:
        whole = trade.build_view(
            real_trade, a, countries, (1972, 2025), (), flow, trade.MEASURES, NAMES, SOURCES
        )
        for years in ((2015, 2020), (2020, 2024)):
            view = trade.build_view(
                real_trade, a, countries, years, (), flow, trade.MEASURES, NAMES, SOURCES
            )
            for year in view.years:
                pd.testing.assert_frame_equal(
                    trade.map_flows(whole.ori, year, NAMES, SOURCES, flow)[0],
                    trade.map_flows(view.ori, year, NAMES, SOURCES, flow)[0],
                )
