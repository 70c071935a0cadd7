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
    assert analyses.mirror_summary(pd.DataFrame()).startswith("No year has figures from two sides.")


# --- one reading per question on every chart (real clean data) ------------------------------

SIX = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG")
SIX_NAMES = {**NAMES, "KGZ": "Kyrgyzstan", "TJK": "Tajikistan", "TKM": "Turkmenistan"}


def _view(real_trade, flow: str, partners=("AFG",)):
    from dashboard_core.data.store import FrameStore
    from dashboard_core.trade import transforms
    from dashboard_core.trade.labels import MEASURES

    ctx = transforms.TradeContext(
        names=SIX_NAMES,
        sources=SOURCES,
        partners=[],
        annual=figures.annual(real_trade),
        places={},
    )
    selection = transforms.TradeSelection(SIX, (1995, 2025), tuple(partners), flow, MEASURES)
    return transforms.view_for(FrameStore({"trade": real_trade}), ctx, selection, real_trade)


def _chosen(real_trade, flow: str) -> pd.DataFrame:
    from dashboard_core.data import preference

    chosen = preference.chosen_trade(real_trade)
    return chosen[chosen["view_flow"] == flow].set_index(["country", "counterpart", "year"])


def test_series_draws_the_indicator_figure_of_every_year(real_trade):
    """Kyrgyzstan's and Uzbekistan's trade with Afghanistan: stat.kg / stat.uz and a document
    give the same years; the line is the registry's figure, never the two added or both drawn."""
    from dashboard_core.data import indicators

    series = _view(real_trade, "turnover").series.frame
    per_year = indicators.yearly("trade_afg", {"trade": real_trade}).set_index(["country", "year"])
    for code, name in (("KGZ", "Kyrgyzstan"), ("UZB", "Uzbekistan"), ("KAZ", "Kazakhstan")):
        line = series[(series["series"] == f"{name} with Afghanistan")]
        line = line[line["mark"] == "annual"]
        assert not line.empty and not line["year"].duplicated().any()
        for year, value in zip(line["year"], line["value_usd"], strict=True):
            assert value == pytest.approx(per_year.loc[(code, year), "value"]), (code, year)


@pytest.mark.parametrize("flow", ["export", "import", "turnover"])
def test_map_and_series_draw_one_preferred_reading_per_question(real_trade, flow):
    view = _view(real_trade, flow, partners=())
    chosen = _chosen(real_trade, flow)
    points = view.ori[view.ori["preferred"] & view.ori["kind"].eq("year")]
    asker = figures.perspective(points, flow)
    other = points["to_iso3"].where(asker == points["from_iso3"], points["from_iso3"])
    for country, counterpart, year, value in zip(
        asker, other, points["year"], points["value_usd"], strict=True
    ):
        key = (country, counterpart, int(year))
        if key in chosen.index:
            assert value == pytest.approx(chosen.loc[key, "value_usd"]), key
    for year in (2015, 2020, 2023):
        arcs, _ = analyses.map_flows(view.ori, year, NAMES, SOURCES, flow, top_n=500)
        pairs = (
            arcs[["from_iso3", "to_iso3"]].apply(sorted, axis=1).map(tuple)
            if flow == "turnover"
            else list(zip(arcs["from_iso3"], arcs["to_iso3"], strict=True))
        )
        assert not pd.Series(list(pairs)).duplicated().any()
        drawn = view.ori[view.ori["preferred"] & (view.ori["year"] == year)]
        assert set(arcs["value"]) <= set(drawn["value_usd"])  # no sum of two readings
