"""Unit tests of the trade transforms (dashboard_core.trade) and the shared flow helpers
(dashboard_core.flows), on small synthetic frames; a few checks on the real clean data at the
end skip where it is not built."""

from __future__ import annotations

import pandas as pd

from dashboard_core.data import formatting, naming, periods
from dashboard_core.trade import figures, labels, transforms
from dashboard_core.viz import flows
from tests.trade.samples import NAMES, SOURCES


def test_period_kinds_and_labels():
    start = pd.Series(
        pd.to_datetime(["2020-01-01", "2020-02-01", "2024-01-01", None, "2019-11-27"])
    )
    end = pd.Series(
        pd.to_datetime(["2020-12-31", "2020-02-29", "2024-09-30", "2021-03-31", "2019-11-27"])
    )
    assert list(periods.period_kinds(start, end)) == [
        "year",
        "month",
        "partial",
        "undated",
        "partial",
    ]
    assert periods.period_label("2024-01-01", "2024-09-30") == "Jan-Sep 2024"
    assert periods.period_label("2022-09-01", "2022-09-30") == "Sep 2022"
    assert periods.period_label("2020-01-01", "2020-12-31") == "2020"
    assert periods.period_label("2019-01-01", "2023-12-31") == "2019-2023"
    assert periods.period_label("2019-11-27", "2019-11-27") == "27 Nov 2019"
    assert periods.period_label(None, "2021-03-31") == "until 31 Mar 2021"
    assert periods.period_label("2019-01-01", None) == "since 2019"
    assert periods.period_label(None, None) == "date not stated"
    assert periods.months_label([1, 2, 3], 2021) == "Jan-Mar 2021"
    assert periods.months_label([1, 5], 2021) == "2 months of 2021"


def test_add_segments_breaks_at_missing_years():
    df = pd.DataFrame({"series": ["a"] * 4 + ["b"], "year": [2010, 2011, 2013, 2014, 2011]})
    out = periods.add_segments(df, ["series"])
    seg = dict(zip(zip(out["series"], out["year"], strict=True), out["segment"], strict=True))
    assert seg[("a", 2010)] == seg[("a", 2011)]
    assert seg[("a", 2011)] != seg[("a", 2013)]
    assert seg[("a", 2013)] == seg[("a", 2014)]
    assert seg[("b", 2011)] not in {seg[("a", 2010)], seg[("a", 2013)]}


def test_formatting_and_places():
    assert formatting.format_usd(1.234e9) == "US$1.23 billion"
    assert formatting.format_usd(663.3e6) == "US$663 million"
    assert formatting.format_usd(None) == "n/a"
    assert formatting.format_people(15000) == "15,000"
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
    names = naming.short_source_names(sources)
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


def test_view_computes_sections_only_when_read(sample):
    view = transforms.build_view(
        sample, figures.annual(sample), ["UZB"], (2010, 2025), [], "export", labels.MEASURES, NAMES,
        SOURCES,
    )  # fmt: skip
    lazy = {"_linear_series", "_log_series", "_comparison", "mirrors", "reporters", "period"}
    assert not lazy & set(vars(view))
    assert not view.mirrors.empty and "mirrors" in vars(view) and "period" not in vars(view)


def test_the_store_gives_the_page_what_the_whole_table_gave(real_trade):
    """The page reads trade through the store (the rows `annual` reads, codes, counts): the same
    annual figures, partners and table rows as from the whole table in pandas."""
    from dashboard_core.data import loading, paths
    from dashboard_core.data.filters import Filters, apply_filters
    from dashboard_core.data.store import DuckStore

    countries, sources = loading.load_table("countries"), loading.load_table("sources")
    ctx = transforms.page_context(DuckStore(paths.clean_dir()), countries, sources)
    pd.testing.assert_frame_equal(ctx.annual, figures.annual(real_trade))
    names = naming.country_names(countries)
    assert ctx.partners == labels.partner_options(real_trade, names)
    for selection in (
        transforms.TradeSelection(
            ("KAZ", "UZB", "AFG"), (2000, 2025), (), "export", labels.MEASURES
        ),
        transforms.TradeSelection(
            ("TJK",), (2018, 2023), ("AFG", "CHN"), "turnover", ("observed",)
        ),
        transforms.TradeSelection((), (1990, 2025), (), "import", labels.MEASURES),
    ):
        view = transforms.view_for(DuckStore(paths.clean_dir()), ctx, selection, real_trade)
        shared = apply_filters(real_trade, "trade", Filters(selection.countries, selection.years))
        expected = figures.select_rows(
            shared, selection.countries, selection.partners, selection.flow, selection.measures
        ).reset_index(drop=True)
        pd.testing.assert_frame_equal(view.rows.frame(), expected)
        assert len(view.rows) == len(expected)  # counted from the tally, no scan
        assert view.no_usd == int(expected["value_usd"].isna().sum())


def test_oriented_figures_of_a_span_are_the_span_of_every_year(real_trade):
    """A view's oriented figures come from the selection's figures over every year, sliced to
    its years: the same rows, columns and types as orienting the span's rows directly."""
    annual = figures.annual(real_trade)
    for countries, partners, flow, measures, years in (
        (("KAZ", "UZB", "AFG"), (), "export", labels.MEASURES, (2000, 2025)),
        (("TJK",), ("AFG", "CHN"), "turnover", ("observed",), (2018, 2023)),
        ((), (), "import", labels.MEASURES, (2010, 2012)),
        (("UZB",), (), "export", labels.MEASURES, (1950, 1960)),  # no year in the span
    ):
        mask = figures.selection_mask(annual, countries, partners, flow, measures)
        mask &= annual["year"].between(*years)
        expected = figures.oriented(annual[mask], flow, countries)
        for _ in range(2):  # worked out, then from the memo
            got = transforms.oriented_in_years(annual, countries, partners, flow, measures, years)
            pd.testing.assert_frame_equal(got, expected)


def test_codes_from_the_counts_are_the_distinct_pairs_of_the_table(real_trade):
    """The context takes the table's (reporter, partner) pairs from its row counts instead of a
    second scan: the same pairs, order and types as `Store.distinct`, gaps included."""
    from dashboard_core.data import paths
    from dashboard_core.data.store import DuckStore, FrameStore

    with_gaps = real_trade.copy()
    with_gaps.loc[with_gaps.index[:3], "partner_iso3"] = None
    with_gaps.loc[with_gaps.index[3:5], "reporter_iso3"] = None
    pairs = ["reporter_iso3", "partner_iso3"]
    for store in (DuckStore(paths.clean_dir()), FrameStore({"trade": with_gaps})):
        counts = store.counts("trade", figures.TALLY_COLUMNS)
        expected = store.distinct("trade", pairs)
        pd.testing.assert_frame_equal(transforms.codes_in(counts), expected)
    assert transforms.codes_in(counts)["partner_iso3"].isna().any()
