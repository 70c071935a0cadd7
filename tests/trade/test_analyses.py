"""Unit tests of the trade transforms (dashboard_core.trade) and the shared flow helpers
(dashboard_core.flows), on small synthetic frames; a few checks on the real clean data at the
end skip where it is not built."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.trade import analyses, figures
from tests.trade.samples import NAMES, SOURCES, frame, full


def structure_sample() -> pd.DataFrame:
    rows = []
    for i in range(12):
        for y in (2020, 2021):
            rows.append(full("UZB", f"P{i:02d}", "export", y, float(100 - i)))
    rows.append(full("UZB", "WLD", "export", 2021, 99999.0))  # aggregate: never a partner
    rows.append(full("UZB", "AFG", "export", 2005, 50.0, source="seed", ver="seed_verified"))
    return frame(rows)


def test_partner_structure_shares_and_single_source():
    a = figures.annual(structure_sample())
    assert analyses.structure_reporters(a) == ["UZB"]
    bars, shares, year = analyses.partner_structure(a, "UZB", "export", NAMES, top_n=3)
    assert year == 2021 and list(bars["partner_iso3"]) == ["P00", "P01", "P02"]
    assert "WLD" not in set(shares["partner"])
    assert 2005 not in set(shares["year"])  # a document quoting one partner is no structure
    per_year = shares.groupby("year")["share"].sum()
    assert per_year.round(9).eq(1.0).all()
    assert "All other partners" in set(shares["partner"])
    empty_bars, _, none_year = analyses.partner_structure(a, "KAZ", "export", NAMES)
    assert empty_bars.empty and none_year is None


def test_mirror_candidates_and_frames(sample):
    a = figures.annual(sample)
    ori = figures.oriented(
        figures.select_rows(a, ["UZB"], ["AFG", "DEU"], "export"), "export", ["UZB"]
    )
    cands = analyses.mirror_candidates(ori, "export", NAMES)
    assert list(cands["pair_key"]) == ["UZB → AFG"]  # DEU side has no common year with UZB
    pts, gaps = analyses.mirror_frames(ori, "export", "UZB → AFG", NAMES, SOURCES)
    assert set(pts["series"]) == {
        "reported by Uzbekistan · stat.uz",
        "reported by Uzbekistan · Seed doc",
    }
    assert list(gaps["year"]) == [2011]
    assert gaps.iloc[0]["gap_usd"] == pytest.approx(100e6 + 2011 - 90e6)
    assert "1 year with two figures" in analyses.mirror_summary(gaps)
    imp = figures.oriented(figures.select_rows(a, ["UZB"], ["DEU"], "import"), "import", ["UZB"])
    assert list(analyses.mirror_candidates(imp, "import", NAMES)["pair_key"]) == ["DEU → UZB"]
    assert analyses.mirror_candidates(ori.iloc[0:0], "export", NAMES).empty
    assert analyses.mirror_summary(pd.DataFrame()) == "No year has figures from two sides."
