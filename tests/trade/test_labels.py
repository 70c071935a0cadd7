"""Unit tests of the trade transforms (dashboard_core.trade) and the shared flow helpers
(dashboard_core.flows), on small synthetic frames; a few checks on the real clean data at the
end skip where it is not built."""

from __future__ import annotations

import pandas as pd

from dashboard_core.data import periods
from dashboard_core.trade import analyses, figures, labels, transforms
from tests.trade.samples import NAMES, SOURCES


def test_partner_options_grouped(sample):
    opts = labels.partner_options(sample, NAMES)
    assert opts.index("AFG") < opts.index("EU27") < opts.index("DEU")
    assert labels.partner_label("DEU", NAMES) == "Germany (DEU)"  # also its value in a URL


def test_span_and_table_note():
    assert periods.span_of(pd.DataFrame({"year": [2012, 2019]}), (1990, 2025)) == (2012, 2019)
    assert periods.span_of(pd.DataFrame(), (1990, 2025)) == (1990, 2025)
    assert "no US$ value" in labels.table_note(3) and "no US$" not in labels.table_note(0)


def test_map_of_a_year_does_not_depend_on_the_year_range(real_trade):
    """The page caches the flow map by its year, not by the sidebar's range."""
    a = figures.annual(real_trade)
    countries = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG")
    for flow in labels.FLOWS:
        whole = transforms.build_view(
            real_trade, a, countries, (1972, 2025), (), flow, labels.MEASURES, NAMES, SOURCES
        )
        for years in ((2015, 2020), (2020, 2024)):
            view = transforms.build_view(
                real_trade, a, countries, years, (), flow, labels.MEASURES, NAMES, SOURCES
            )
            for year in view.years:
                pd.testing.assert_frame_equal(
                    analyses.map_flows(whole.ori, year, NAMES, SOURCES, flow)[0],
                    analyses.map_flows(view.ori, year, NAMES, SOURCES, flow)[0],
                )
