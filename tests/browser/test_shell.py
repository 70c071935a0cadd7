"""Ring 4: the app shell in Chromium: pages, maps and charts draw, filters live in the URL,
downloads hold exactly the filtered rows, hostile URLs render cleanly, presenter mode applies.

Expected rows are computed here straight from data/clean with pandas (not through the app's own
filter code), so a bug in the filters cannot hide itself.
"""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from dashboard_core.data import indicators, paths

from .helpers import (
    assert_no_exception,
    current_query,
    download,
    expect_rerun,
    goto,
    wait_for_app_run,
    wait_for_deck,
    wait_for_vega,
    widget,
)

CLEAN = paths.clean_dir()
FOCUS = ["KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG"]
CA5 = FOCUS[:5]
PAGES = ["/", "/trade", "/displacement", "/incidents", "/corridors", "/compare", "/import", "/data"]

pytestmark = pytest.mark.skipif(
    not (CLEAN / "events.parquet").exists(), reason="data/clean is not built"
)


def clean(name: str) -> pd.DataFrame:
    return pd.read_parquet(CLEAN / f"{name}.parquet")


def data_years() -> tuple[int, int]:
    years = [
        clean("trade")["year"].dropna().astype(int),
        clean("displacement")["year"].dropna().astype(int),
        clean("incidents")["date_start"].dropna().dt.year,
        clean("events")["date"].dropna().dt.year,
        clean("corridors")["start_year"].dropna().astype(int),
    ]
    return min(int(s.min()) for s in years), max(int(s.max()) for s in years)


def expected_events(countries: list[str], years: tuple[int, int]) -> pd.DataFrame:
    events = clean("events")
    listed = events["countries"].fillna("").str.split(";")
    has_country = listed.map(lambda codes: bool({c.strip() for c in codes} & set(countries)))
    in_years = events["date"].dt.year.between(*years)
    return events[has_country & in_years]


def query(countries: list[str], years: tuple[int, int], **extra: str) -> list[tuple[str, str]]:
    pairs = [("countries", c) for c in countries] + [("years", str(y)) for y in years]
    return pairs + list(extra.items())


def open_expander(page: Page, text: str) -> None:
    """Open an expander whose content is drawn once it is open (shell.lazy_expander)."""
    with expect_rerun(page):
        page.locator('[data-testid="stExpander"] summary', has_text=text).first.click()


# --- pages, maps, charts ----------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_without_exception(app_server, browser_page, path):
    goto(browser_page, app_server, path)
    assert_no_exception(browser_page)
    assert browser_page.locator("h1").count() >= 1


def test_overview_map_and_timeline_draw(app_server, browser_page):
    goto(browser_page, app_server, "/")
    wait_for_deck(browser_page)
    wait_for_vega(browser_page, count=1)
    assert_no_exception(browser_page)
    # offline: the map asks for no basemap style
    failed: list[str] = []
    browser_page.on("requestfailed", lambda r: failed.append(r.url))
    goto(browser_page, app_server, "/")
    wait_for_deck(browser_page)
    assert not [u for u in failed if not u.startswith(app_server)], failed


def test_data_page_chart_draws(app_server, browser_page):
    goto(browser_page, app_server, "/data")
    wait_for_vega(browser_page, count=1)
    assert_no_exception(browser_page)


# --- filters in the URL -----------------------------------------------------------------------


def test_default_url_carries_the_filters(app_server, browser_page):
    goto(browser_page, app_server, "/")
    q = current_query(browser_page)
    assert q["countries"] == FOCUS
    assert q["years"] == [str(y) for y in data_years()]


def test_filter_change_updates_url_and_the_url_restores_it(app_server, browser_page_factory):
    page = browser_page_factory()
    goto(page, app_server, "/")
    with expect_rerun(page):
        widget(page, "group-ca5").locator("button").first.click()
    with expect_rerun(page):
        start = widget(page, "years").locator('input[type="range"]').first
        start.focus()
        page.keyboard.press("ArrowRight")
    lo, hi = data_years()
    q = current_query(page)
    assert q["countries"] == CA5
    assert q["years"] == [str(lo + 1), str(hi)]

    reopened = browser_page_factory()
    goto(reopened, app_server, "/", q)
    assert current_query(reopened) == q
    # the multiselect draws a skeleton first: wait for its chips
    countries = widget(reopened, "countries")
    for code in CA5:
        expect(countries).to_contain_text(f"({code})")
    assert "(AFG)" not in countries.inner_text()
    slider = widget(reopened, "years").locator('input[type="range"]')
    assert [slider.nth(0).input_value(), slider.nth(1).input_value()] == [str(lo + 1), str(hi)]


def test_switching_pages_keeps_the_filters(app_server, browser_page):
    goto(browser_page, app_server, "/", query(["UZB", "AFG"], (2015, 2022)))
    with expect_rerun(browser_page):
        browser_page.locator('[data-testid="stSidebarNav"] a', has_text="Data").click()
    wait_for_app_run(browser_page)
    assert browser_page.url.split("?")[0].endswith("/data")
    q = current_query(browser_page)
    assert q["countries"] == ["UZB", "AFG"] and q["years"] == ["2015", "2022"]


@pytest.mark.parametrize(
    ("raw", "countries", "years_expected"),
    [
        ("countries=XXX", FOCUS, None),
        ("countries=KAZ&countries=XXX", ["KAZ"], None),
        ("years=abc", FOCUS, None),
        ("years=2030&years=1900", FOCUS, None),
        ("years=1800&years=2010", FOCUS, "low-clamped"),
        ("countries=" + "A" * 10_000, FOCUS, None),
        ("years=" + "9" * 10_000 + "&present=%3Cscript%3E", FOCUS, None),
    ],
)
def test_hostile_urls_render_cleanly(app_server, browser_page, raw, countries, years_expected):
    goto(browser_page, app_server, "/", raw)
    assert_no_exception(browser_page)
    wait_for_deck(browser_page)
    q = current_query(browser_page)
    lo, hi = data_years()
    assert q["countries"] == countries
    expected = [str(lo), "2010"] if years_expected == "low-clamped" else [str(lo), str(hi)]
    assert q["years"] == expected
    notices = browser_page.locator('[data-testid="stSidebar"] [data-testid="stCaptionContainer"]')
    assert notices.count() >= 1
    assert all(len(t) < 300 for t in notices.all_inner_texts())


# --- downloads --------------------------------------------------------------------------------

OVERVIEW_VIEW = (["TJK", "AFG"], (2015, 2024))


def test_overview_event_downloads_match_the_filters(app_server, browser_page):
    countries, years = OVERVIEW_VIEW
    goto(browser_page, app_server, "/", query(countries, years))
    open_expander(browser_page, "tables")
    expected = expected_events(countries, years)
    assert len(expected) > 0

    csv = pd.read_csv(download(browser_page, "dl-events-csv"), encoding="utf-8-sig")
    assert sorted(csv["event_id"]) == sorted(expected["event_id"])

    parquet = pd.read_parquet(download(browser_page, "dl-events-parquet"))
    assert sorted(parquet["event_id"]) == sorted(expected["event_id"])
    assert list(parquet.columns) == list(expected.columns)

    book = openpyxl.load_workbook(download(browser_page, "dl-events-xlsx"), read_only=True)
    assert book.sheetnames == ["events", "Sources", "About"]
    rows = list(book["events"].values)
    assert len(rows) - 1 == len(expected)
    cited = {r[0] for r in list(book["Sources"].values)[1:]}
    assert cited == set(expected["source_id"])
    about = dict(list(book["About"].values)[1:])
    applied = about["Filters applied"]
    assert "Tajikistan (TJK), Afghanistan (AFG)" in applied and "2015–2024" in applied
    assert about["Data version"] == json.loads(paths.datapackage_path().read_text())["version"]


def test_overview_headline_downloads_match_the_parquet(app_server, browser_page):
    countries, years = OVERVIEW_VIEW
    goto(browser_page, app_server, "/", query(countries, years))
    open_expander(browser_page, "tables")
    table = pd.read_csv(download(browser_page, "dl-headlines-csv"), encoding="utf-8-sig")
    totals = table[table["line"].isna()].set_index("figure")

    # every country line of the people-hosted card: the clean UNHCR end-year stocks of refugees,
    # asylum seekers and others in need in that country, summed over origins, in the line's year
    d = clean("displacement")
    iso3_of = clean("countries").set_index("name")["iso3"]
    hosted = indicators.BY_KEY["hosted"].title
    lines = table[(table["figure"] == hosted) & table["line"].notna()]
    assert len(lines) > 0
    for line in lines.itertuples():
        stocks = d[
            d["population_type"].isin(indicators.PROTECTION_TYPES)
            & (d["measure"] == "stock")
            & (d["group"] == "total")
            & (d["verification"] == "official_release")
            & (d["location_iso3"] == iso3_of[line.line])
            & (d["year"] == int(line.period))
        ]
        assert line.number == pytest.approx(stocks["value"].sum()), line

    incidents = clean("incidents")
    in_view = incidents[
        (incidents["country_iso3"].isin(countries) | incidents["counterpart_iso3"].isin(countries))
        & incidents["date_start"].dt.year.between(*years)
    ]
    assert totals.loc["Border incidents", "number"] == len(in_view)

    parquet = pd.read_parquet(download(browser_page, "dl-headlines-parquet"))
    assert len(parquet) == len(table)
    book = openpyxl.load_workbook(download(browser_page, "dl-headlines-xlsx"), read_only=True)
    assert len(list(book["headlines"].values)) - 1 == len(table)


@pytest.mark.parametrize("dataset", ["incidents", "trade"])
def test_data_page_full_downloads(app_server, browser_page, dataset):
    goto(browser_page, app_server, "/data", query(["KGZ"], (2020, 2021), dataset=dataset))
    full = clean(dataset)
    csv = pd.read_csv(download(browser_page, f"dl-{dataset}-csv"), encoding="utf-8-sig")
    assert len(csv) == len(full)  # the Data page offers whole datasets, filters not applied
    parquet = pd.read_parquet(download(browser_page, f"dl-{dataset}-parquet"))
    pd.testing.assert_frame_equal(parquet, full.reset_index(drop=True), check_dtype=False)
    if dataset == "incidents":
        book = openpyxl.load_workbook(download(browser_page, "dl-incidents-xlsx"), read_only=True)
        assert len(list(book["incidents"].values)) - 1 == len(full)
        about = dict(list(book["About"].values)[1:])
        assert about["Filters applied"].startswith("none")
        geo = json.loads(download(browser_page, "dl-incidents-geojson").read_text())
        assert len(geo["features"]) == int((full["lat"].notna() & full["lon"].notna()).sum())


# --- presenter mode ---------------------------------------------------------------------------


def title_px(page: Page) -> float:
    return float(
        page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    )


def body_px(page: Page) -> float:
    return float(
        page.evaluate(
            "parseFloat(getComputedStyle("
            "document.querySelector('.stMainBlockContainer p')).fontSize)"
        )
    )


def bigger_type(presenter: Page, normal: Page) -> bool:
    """Body text grows for the back of the room; the title gives the map its height (it stays
    over 32 px, smaller than the desktop title's 44)."""
    return body_px(presenter) >= body_px(normal) * 1.15 and title_px(presenter) >= 32


def sidebar_collapsed(page: Page) -> bool:
    box = page.locator('[data-testid="stSidebar"]').first.bounding_box()
    return box is None or box["width"] < 5 or box["x"] + box["width"] <= 0


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_presenter_mode(app_server, browser_page_factory, width, height):
    normal = browser_page_factory(width, height)
    goto(normal, app_server, "/")
    presenter = browser_page_factory(width, height)
    goto(presenter, app_server, "/", "present=1")
    assert_no_exception(presenter)
    assert not sidebar_collapsed(normal)
    assert sidebar_collapsed(presenter)
    assert bigger_type(presenter, normal)
    for chrome in ("stMainMenu", "stAppDeployButton"):
        locator = presenter.locator(f'[data-testid="{chrome}"]')
        assert locator.count() == 0 or not locator.first.is_visible()
    wait_for_deck(presenter)
    deck = presenter.locator('[data-testid="stDeckGlJsonChart"]').first.bounding_box()
    assert deck["height"] >= 0.6 * height  # the map fills the screen
    # page links keep the query string: walk to another page with the top navigation
    with expect_rerun(presenter):
        presenter.locator('[data-testid="stTopNavLink"]', has_text="Data").first.click()
    wait_for_app_run(presenter)
    q = current_query(presenter)
    assert q.get("present") == ["1"] and q["countries"] == FOCUS
    assert bigger_type(presenter, normal)
