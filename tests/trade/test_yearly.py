"""Tests of dashboard_core.trade.yearly: one best figure per reporter, partner and year."""

from __future__ import annotations

import pytest

from dashboard_core.trade import yearly
from tests.compare.samples import synthetic_trade


def test_annual_trade_never_double_counts():
    annual = yearly.annual_trade(synthetic_trade()).set_index(
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
