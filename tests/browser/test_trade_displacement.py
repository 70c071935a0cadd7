"""Ring 4 for the Trade and Displacement pages in Chromium: the map and the charts draw, a page
filter changes the URL (and a URL sets the filter), and the downloads hold exactly the rows the
page shows.

Expected rows are computed here straight from data/clean with pandas, spelling the page's rules
out again (not through dashboard_core.trade / displacement), so a bug there cannot hide itself.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.data import paths

from .helpers import (
    assert_no_exception,
    current_query,
    download,
    expect_rerun,
    goto,
    wait_for_deck,
    wait_for_vega,
    widget,
)

CLEAN = paths.clean_dir()

pytestmark = pytest.mark.skipif(
    not (CLEAN / "trade.parquet").exists() or not (CLEAN / "displacement.parquet").exists(),
    reason="data/clean is not built",
)


def clean(name: str) -> pd.DataFrame:
    return pd.read_parquet(CLEAN / f"{name}.parquet")


def query(countries, years, **extra) -> list[tuple[str, str]]:
    pairs = [("countries", c) for c in countries] + [("years", str(y)) for y in years]
    for key, value in extra.items():
        for v in value if isinstance(value, list | tuple) else [value]:
            pairs.append((key, str(v)))
    return pairs


def same_rows(got: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> None:
    got = got.sort_values(keys).reset_index(drop=True)
    expected = expected.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


# ---------------------------------------------------------------------------------------------
# Trade


def expected_trade(countries, years, partners, flow) -> pd.DataFrame:
    """Rows between the countries and the partners in the years, seen from the countries:
    exports = their exports + partners' imports from them; imports the reverse; turnover =
    every flow between them."""
    t = clean("trade")
    t = t[t["year"].between(*years)]
    own = t["reporter_iso3"].isin(countries) & t["partner_iso3"].isin(partners)
    mirror = t["reporter_iso3"].isin(partners) & t["partner_iso3"].isin(countries)
    if flow == "turnover":
        keep = own | mirror
    else:
        other = {"export": "import", "import": "export"}[flow]
        keep = (own & (t["flow"] == flow)) | (mirror & (t["flow"] == other))
    return t[keep]


TRADE_KEYS = [
    "reporter_iso3",
    "partner_iso3",
    "flow",
    "period_start",
    "period_end",
    "source_id",
    "locator",
]


TRADE_SECTIONS = ("Over time", "Partner structure", "Countries compared", "Mirror view")


def test_trade_map_and_charts_draw(app_server, browser_page):
    goto(browser_page, app_server, "/trade", query(["UZB", "AFG"], (2010, 2023)))
    assert_no_exception(browser_page)
    wait_for_deck(browser_page)
    wait_for_vega(browser_page, count=1)  # the open tab: the time series
    text = browser_page.locator('[data-testid="stMain"]').inner_text()
    for heading in ("Flow map", *TRADE_SECTIONS, "Table"):
        assert heading in text
    assert "section" not in current_query(browser_page)  # the first tab keeps the URL clean


@pytest.mark.parametrize(
    ("section", "charts"), [("Partner structure", 2), ("Countries compared", 1), ("Mirror view", 1)]
)
def test_trade_tab_draws_and_stays_in_the_url(app_server, browser_page, section, charts):
    goto(browser_page, app_server, "/trade", query(["UZB", "AFG"], (2010, 2023)))
    wait_for_vega(browser_page, count=1)
    with expect_rerun(browser_page):
        browser_page.get_by_role("tab", name=section).click()
    assert_no_exception(browser_page)
    wait_for_vega(browser_page, count=charts)
    visible = browser_page.locator('[data-testid="stVegaLiteChart"]:visible')
    assert visible.count() == charts  # only the open tab's charts show
    assert current_query(browser_page).get("section") == [section]
    # the copied URL reopens the same tab
    goto(browser_page, app_server, "/trade", query(["UZB", "AFG"], (2010, 2023), section=section))
    assert_no_exception(browser_page)
    tab = browser_page.get_by_role("tab", name=section)
    assert tab.get_attribute("aria-selected") == "true"
    wait_for_vega(browser_page, count=charts)


# Streamlit writes a bound widget's label into the URL (flow=Imports, partners=Germany (DEU)).


def test_trade_url_sets_filters_and_filter_change_updates_url(app_server, browser_page):
    goto(
        browser_page,
        app_server,
        "/trade",
        query(["UZB"], (2015, 2020), flow="Imports", partners=["Germany (DEU)", "China (CHN)"]),
    )
    assert_no_exception(browser_page)
    flow = widget(browser_page, "flow")
    checked = flow.locator("label:has(input:checked)")
    checked.wait_for(state="visible")
    assert checked.count() == 1 and "Imports" in checked.inner_text()
    with expect_rerun(browser_page):
        flow.get_by_text("Turnover", exact=True).click()
    assert_no_exception(browser_page)
    q = current_query(browser_page)
    assert q.get("flow") == ["Turnover"]
    assert q["countries"] == ["UZB"] and q["years"] == ["2015", "2020"]
    assert sorted(q.get("partners", [])) == ["China (CHN)", "Germany (DEU)"]


@pytest.mark.parametrize(("flow", "label"), [("export", "Exports"), ("turnover", "Turnover")])
def test_trade_downloads_hold_exactly_the_rows_shown(app_server, browser_page, flow, label):
    countries, years, partners = ["UZB"], (2019, 2021), ["DEU", "AFG"]
    labels = ["Germany (DEU)", "Afghanistan (AFG)"]
    goto(browser_page, app_server, "/trade", query(countries, years, flow=label, partners=labels))
    assert_no_exception(browser_page)
    expected = expected_trade(countries, years, partners, flow)
    assert len(expected) > 0
    parquet = pd.read_parquet(download(browser_page, "dl-trade-parquet"))
    same_rows(parquet, expected, TRADE_KEYS)
    csv = pd.read_csv(download(browser_page, "dl-trade-csv"), encoding="utf-8-sig")
    assert len(csv) == len(expected)
    assert sorted(csv["value_original"].round(6)) == sorted(expected["value_original"].round(6))


def test_trade_empty_period_says_so(app_server, browser_page):
    goto(browser_page, app_server, "/trade", query(["TKM"], (1972, 1980)))
    assert_no_exception(browser_page)
    assert browser_page.locator('[data-testid="stAlertContentInfo"]').count() >= 1
    assert browser_page.locator('[data-testid="stDeckGlJsonChart"]').count() == 0


# ---------------------------------------------------------------------------------------------
# Displacement

DEFAULT_TYPES = ["refugees", "asylum_seekers", "returned_refugees", "returns"]
DISP_KEYS = [
    "origin_iso3",
    "location_iso3",
    "population_type",
    "measure",
    "group",
    "year",
    "source_id",
    "locator",
]


def expected_displacement(countries, years, types, direction) -> pd.DataFrame:
    d = clean("displacement")
    side = "origin_iso3" if direction == "from" else "location_iso3"
    present = set(d["population_type"])
    types = [t for t in types if t in present]
    return d[d["year"].between(*years) & d[side].isin(countries) & d["population_type"].isin(types)]


def test_displacement_map_and_charts_draw(app_server, browser_page):
    goto(browser_page, app_server, "/displacement", query(["AFG", "KAZ", "TJK"], (1990, 2025)))
    assert_no_exception(browser_page)
    wait_for_deck(browser_page)
    wait_for_vega(browser_page, count=1)  # the open tab: stocks and flows
    for section, words in (("Repatriation from Syria and Iraq", "Jusan"), ("Hosts compared", "")):
        with expect_rerun(browser_page):
            browser_page.get_by_role("tab", name=section).click()
        assert_no_exception(browser_page)
        wait_for_vega(browser_page, count=1)
        assert current_query(browser_page).get("section") == [section]
        assert words in browser_page.locator('[data-testid="stMain"]').inner_text()


def test_displacement_filter_change_updates_url_and_downloads(app_server, browser_page):
    countries, years = ["TJK", "KGZ"], (2015, 2024)
    goto(browser_page, app_server, "/displacement", query(countries, years))
    assert_no_exception(browser_page)
    direction = widget(browser_page, "direction")
    with expect_rerun(browser_page):
        direction.get_by_text("Hosted by the selected countries").click()
    assert_no_exception(browser_page)
    assert current_query(browser_page).get("direction") == ["Hosted by the selected countries"]
    expected = expected_displacement(countries, years, DEFAULT_TYPES, "hosted")
    assert len(expected) > 0
    parquet = pd.read_parquet(download(browser_page, "dl-displacement-parquet"))
    same_rows(parquet, expected, DISP_KEYS)
    csv = pd.read_csv(download(browser_page, "dl-displacement-csv"), encoding="utf-8-sig")
    assert len(csv) == len(expected)


def test_displacement_types_from_url(app_server, browser_page):
    countries, years = ["UZB", "KAZ"], (2019, 2025)
    goto(
        browser_page,
        app_server,
        "/displacement",
        query(countries, years, types=["Repatriated nationals"]),
    )
    assert_no_exception(browser_page)
    expected = expected_displacement(countries, years, ["repatriated_nationals"], "from")
    parquet = pd.read_parquet(download(browser_page, "dl-displacement-parquet"))
    same_rows(parquet, expected, [*DISP_KEYS, "period_start", "value"])
