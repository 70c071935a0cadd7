"""The indicator registry and the preference rules behind it, on small synthetic tables."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.data import indicators, preference
from dashboard_core.data.contract import FOCUS_ISO3


def trade_row(rep, par, flow, value, year=2022, sid="stat", ver="official_release", **kw):
    row = {
        "reporter_iso3": rep, "partner_iso3": par, "flow": flow, "commodity": "TOTAL",
        "period_start": pd.Timestamp(year, 1, 1), "period_end": pd.Timestamp(year, 12, 31),
        "year": year, "measure": "observed", "value_usd": value, "source_id": sid,
        "locator": f"{sid}#{flow}", "verification": ver,
    }  # fmt: skip
    row.update(kw)
    return row


TRADE = pd.DataFrame(
    [
        trade_row("UZB", "AFG", "export", 700.0, sid="uz-x"),
        trade_row("UZB", "AFG", "import", 100.0, sid="uz-m"),
        trade_row("UZB", "AFG", "turnover", 850.0, sid="doc", ver="seed_verified"),
        trade_row("UZB", "AFG", "export", 60.0, sid="uz-x", period_end=pd.Timestamp(2022, 1, 31)),
        trade_row("KAZ", "AFG", "turnover", 500.0, sid="kz"),
        trade_row("KAZ", "AFG", "export", 490.0, sid="kz"),
        trade_row("KAZ", "AFG", "import", 10.1, sid="kz"),
        trade_row("AFG", "TJK", "import", 30.0, sid="afg-doc", ver="seed_verified"),
        trade_row("AFG", "TJK", "export", 20.0, sid="afg-doc", ver="seed_verified"),
        trade_row("TJK", "AFG", "turnover", 45.0, sid="tj-doc", ver="reported"),
        trade_row("UZB", "AFG", "turnover", 3e9, sid="doc", ver="seed_verified", measure="target"),
    ]
)


def test_trade_precedence_own_official_then_mirror_then_documents():
    result = indicators.evaluate("trade_afg", {"trade": TRADE}, ["UZB", "KAZ", "TJK"], (2000, 2025))
    by = result.set_index("country")
    # own official exports + imports (two tables of one publisher) beat the document's 850
    assert by.loc["UZB", "value"] == 800.0 and by.loc["UZB", "source_id"] == "uz-m+uz-x"
    # a published turnover beats exports + imports of the same release (10.1 rounding)
    assert by.loc["KAZ", "value"] == 500.0
    # TJK: Afghanistan's document (mirror, verified) beats TJK's own reported figure
    assert by.loc["TJK", "value"] == 50.0 and by.loc["TJK", "verification"] == "seed_verified"


def test_preferred_marks_and_reasons():
    marks = preference.mark_trade(TRADE, {"uz-x": "stat.uz", "uz-m": "stat.uz"})
    joined = TRADE.join(marks)
    doc = joined[(joined["source_id"] == "doc") & (joined["measure"] == "observed")].iloc[0]
    assert not doc["preferred"] and "stat.uz is used instead" in doc["not_preferred_reason"]
    monthly = joined[joined["value_usd"] == 60.0].iloc[0]
    assert "part of a year" in monthly["not_preferred_reason"]
    target = joined[joined["measure"] == "target"].iloc[0]
    assert target["not_preferred_reason"] == "a target, not an observed figure"
    assert joined.loc[joined["preferred"], "not_preferred_reason"].eq("").all()
    assert joined.loc[~joined["preferred"], "not_preferred_reason"].ne("").all()


def test_a_gap_is_no_data_not_zero():
    result = indicators.evaluate("trade_chn", {"trade": TRADE}, ["UZB"], (2000, 2025))
    assert result["value"].isna().all()
    assert indicators.value_text(result.iloc[0]) == "no data"


def test_hosted_counts_other_people_in_need_with_the_2025_note():
    rows = []
    for ptype, value in (
        ("refugees", 4377.0),
        ("asylum_seekers", 163.0),
        ("other_in_need", 48391.0),
    ):
        rows.append(
            {
                "origin_iso3": "AFG",
                "location_iso3": "KAZ",
                "population_type": ptype,
                "measure": "stock",
                "group": "total",
                "year": 2025,
                "value": value,
                "period_start": "2025-01-01",
                "period_end": "2025-12-31",
                "operation": None,
                "source_id": "unhcr-population",
                "locator": "x",
                "verification": "official_release",
            }  # fmt: skip
        )
    result = indicators.evaluate(
        "hosted", {"displacement": pd.DataFrame(rows)}, ["KAZ"], (2024, 2025)
    )
    assert result.loc[0, "value"] == 52931.0
    assert "2025" in result.loc[0, "note"] and "other in need 48,391" in result.loc[0, "detail"]


def test_registry_is_complete_and_declarative():
    keys = {i.key for i in indicators.INDICATORS}
    assert {"trade_afg", "trade_chn", "trade_rus", "trade_eu", "trade_ca", "hosted", "abroad",
            "returns", "repatriated", "incidents", "killed", "corridors"} == keys  # fmt: skip
    table = indicators.definitions_table()
    assert table["source precedence"].str.len().gt(0).all()
    assert table["why"].str.len().gt(20).all()


@pytest.mark.parametrize(
    "value,unit,text", [(19_125_196.0, "US$", "US$19.1 million"), (52931.0, "people", "52,931")]
)
def test_value_text(value, unit, text):
    result = {"unit": unit, "value_low": value, "value_high": value, "unknown": 0}
    assert indicators.value_text(result) == text


def test_committed_preferred_columns_match_the_rules():
    from dashboard_core.data import loading, paths
    from dashboard_core.data.naming import short_source_names

    if not (paths.clean_dir() / "trade.parquet").exists():
        pytest.skip("data/clean is not built")
    trade = loading.load_table("trade")
    names = short_source_names(loading.load_table("sources"))
    marks = preference.mark_trade(trade, names)
    assert marks["preferred"].tolist() == trade["preferred"].tolist()
    # the example: Uzbekistan to Afghanistan, one preferred export per year
    uzb = trade[(trade["reporter_iso3"] == "UZB") & (trade["partner_iso3"] == "AFG")]
    exports = uzb[(uzb["flow"] == "export") & uzb["preferred"]]
    assert not exports["year"].duplicated().any()


def test_the_rows_the_registry_reads_stand_for_the_whole_table():
    """Pages hand the registry only `TRADE_ROWS` of the trade table (pushed down to the store):
    every indicator gives the same figures as from the whole table."""
    from dashboard_core.data import loading, paths

    if not (paths.clean_dir() / "trade.parquet").exists():
        pytest.skip("data/clean is not built")
    whole = loading.load_table("trade")
    few = whole[indicators.TRADE_ROWS.mask(whole)].reset_index(drop=True)
    assert len(few) < len(whole)
    keys = [i.key for i in indicators.INDICATORS if i.table == "trade"]
    for years in ((2000, 2025), (2015, 2019), (2023, 2023)):
        expected = indicators.evaluate_all({"trade": whole}, FOCUS_ISO3, years, keys)
        got = indicators.evaluate_all({"trade": few}, FOCUS_ISO3, years, keys)
        pd.testing.assert_frame_equal(got, expected)


def test_a_country_keeps_its_figure_whatever_else_is_selected():
    """Each country's figure is worked out once per yearly table and span, then reused: asking
    for it alone, among others, or again gives the same rows as a fresh evaluation."""
    keys = [i.key for i in indicators.INDICATORS if i.table == "trade"]
    tables = {"trade": TRADE}
    for years in ((2020, 2023), (2022, 2022)):
        together = indicators.evaluate_all(tables, ["KAZ", "UZB"], years, keys)
        indicators._RESULTS.clear()
        alone = [indicators.evaluate_all(tables, [c], years, keys) for c in ("KAZ", "UZB")]
        again = indicators.evaluate_all(tables, ["KAZ", "UZB"], years, keys)
        pd.testing.assert_frame_equal(again, together)
        for country, frame in zip(("KAZ", "UZB"), alone, strict=True):
            mine = together[together["country"] == country].reset_index(drop=True)
            pd.testing.assert_frame_equal(frame, mine)
