"""Ring 4 for the Incidents, Corridors and Compare pages in Chromium: maps and charts draw, the URL
follows the filters (and a URL reopens the view), and downloads hold exactly the rows shown.

Expected incident and corridor rows are computed here from data/clean with pandas, spelling the
filter rules out again (not through dashboard_core), so a bug there cannot hide itself. Bound page
widgets write their option *labels* into the URL (Streamlit's query-parameter binding).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard_core.data import indicators, paths

from .helpers import (
    assert_no_exception,
    change,
    choose,
    current_query,
    download,
    goto,
    settle,
    wait_for_deck,
    wait_for_vega,
    widget,
)

CLEAN = paths.clean_dir()

pytestmark = pytest.mark.skipif(
    not all((CLEAN / f"{t}.parquet").exists() for t in ("incidents", "corridors", "trade")),
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


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


# --- incidents -----------------------------------------------------------------------------


def expected_incidents(countries, years, types=None) -> pd.DataFrame:
    """Either side of the incident among the countries, start date in the years, type if asked."""
    i = clean("incidents")
    keep = i["country_iso3"].isin(countries) | i["counterpart_iso3"].isin(countries)
    keep &= i["date_start"].dt.year.between(*years)
    if types:
        keep &= i["event_type"].isin(types)
    return i[keep.fillna(False)]


def test_incidents_map_and_charts_draw(app_server, browser_page):
    goto(browser_page, app_server, "/incidents")
    assert_no_exception(browser_page)
    wait_for_deck(browser_page)
    wait_for_vega(browser_page, count=4)  # incidents, killed, per pair (2)
    text = main_text(browser_page)
    for heading in ("Map", "Over time", "By border pair", "Table"):
        assert heading in text
    assert "Ringed: approximate location" in text  # the legend names the approximate mark


def test_incidents_url_sets_filters_and_filter_change_updates_url(app_server, browser_page):
    goto(
        browser_page,
        app_server,
        "/incidents",
        query(["TJK", "KGZ"], (2020, 2025), type="Armed clash"),
    )
    assert_no_exception(browser_page)
    # the URL value shows as a chip in the bound multiselect
    widget(browser_page, "type").get_by_text("Armed clash").first.wait_for(timeout=15_000)
    settle(browser_page)
    radio = widget(browser_page, "casualties").get_by_text("At least one killed or injured")
    change(browser_page, radio.click)
    assert_no_exception(browser_page)
    q = current_query(browser_page)
    assert q["casualties"] == ["At least one killed or injured"]
    assert q["type"] == ["Armed clash"]
    assert q["countries"] == ["KGZ", "TJK"] and q["years"] == ["2020", "2025"]


def test_incidents_downloads_hold_exactly_the_rows_shown(app_server, browser_page):
    countries, years, types = ["TJK", "KGZ", "AFG", "PAK"], (2020, 2025), ["armed_clash"]
    goto(browser_page, app_server, "/incidents", query(countries[:3], years, type="Armed clash"))
    assert_no_exception(browser_page)
    expected = expected_incidents(countries[:3], years, types)
    assert len(expected) > 0
    parquet = pd.read_parquet(download(browser_page, "dl-incidents-parquet"))
    assert sorted(parquet["incident_id"]) == sorted(expected["incident_id"])
    merged = parquet.merge(expected, on="incident_id", suffixes=("", "_clean"))
    for col in ("fatalities_min", "fatalities_max", "lat", "lon", "source_id", "locator"):
        pd.testing.assert_series_equal(
            merged[col], merged[f"{col}_clean"], check_names=False, check_dtype=False
        )
    geojson = json.loads(download(browser_page, "dl-incidents-geojson").read_text())
    ids = sorted(f["properties"]["incident_id"] for f in geojson["features"])
    assert ids == sorted(expected["incident_id"])
    csv = pd.read_csv(download(browser_page, "dl-incidents-csv"), encoding="utf-8-sig")
    assert len(csv) == len(expected)


def test_incidents_presenter_and_empty(app_server, browser_page_factory):
    page = browser_page_factory(1920, 1080)
    goto(page, app_server, "/incidents", "present=1")
    assert_no_exception(page)
    wait_for_deck(page)
    wait_for_vega(page, count=2)
    empty = browser_page_factory()
    goto(empty, app_server, "/incidents", query(["TKM"], (1972, 1980)))
    assert_no_exception(empty)
    assert "No incidents for the current filters" in main_text(empty)
    assert empty.locator('[data-testid="stDeckGlJsonChart"]').count() == 0


# --- corridors -----------------------------------------------------------------------------


def expected_corridors(countries, years, modes=None) -> pd.DataFrame:
    """Any listed country selected; started (else due) no later than the last year, or undated."""
    c = clean("corridors")
    listed = c["countries"].fillna("").str.split(";").map(lambda xs: bool(set(xs) & set(countries)))
    first = c["start_year"].astype("Float64").fillna(c["completion_year"].astype("Float64"))
    keep = listed & (first.isna() | (first <= years[1])).astype(bool)
    if modes:
        keep &= c["mode"].isin(modes)
    return c[keep]


def test_corridors_map_schedule_and_card(app_server, browser_page):
    corridors = clean("corridors")
    name = corridors.set_index("corridor_id").loc["cor-trans-afghan-rail", "name"]
    goto(browser_page, app_server, "/corridors", [("corridor", name), ("km", "200")])
    assert_no_exception(browser_page)
    wait_for_deck(browser_page)
    wait_for_vega(browser_page, count=1)
    text = main_text(browser_page)
    assert name in text and "Incidents within 200 km" in text and "Schedule" in text
    q = current_query(browser_page)
    assert q["corridor"] == [name] and q["km"] == ["200"]


def test_corridors_url_filter_change_and_downloads(app_server, browser_page):
    countries, years = ["UZB", "AFG", "TKM"], (2000, 2025)
    goto(browser_page, app_server, "/corridors", query(countries, years, mode="Rail"))
    assert_no_exception(browser_page)
    widget(browser_page, "mode").get_by_text("Rail").first.wait_for(timeout=15_000)
    settle(browser_page)
    change(browser_page, lambda: choose(browser_page, "status", "Operational"))
    browser_page.keyboard.press("Escape")
    assert_no_exception(browser_page)
    q = current_query(browser_page)
    assert q.get("mode") == ["Rail"] and q.get("status") == ["Operational"]
    c = clean("corridors")
    operational = set(c.loc[c["status"] == "operational", "corridor_id"])
    expected = expected_corridors(countries, years, ["rail"])
    expected = expected[expected["corridor_id"].isin(operational)]
    assert len(expected) > 0
    parquet = pd.read_parquet(download(browser_page, "dl-corridors-parquet"))
    assert sorted(parquet["corridor_id"]) == sorted(expected["corridor_id"])
    geojson = json.loads(download(browser_page, "dl-corridors-geojson").read_text())
    ids = sorted(f["properties"]["corridor_id"] for f in geojson["features"])
    assert ids == sorted(expected["corridor_id"])
    assert all(
        f["geometry"]["type"] in {"LineString", "MultiLineString"} for f in geojson["features"]
    )


HOSTED = "People hosted (refugees, asylum seekers, others in need)"


# --- compare -------------------------------------------------------------------------------


def test_compare_reopens_from_url_and_downloads(app_server, browser_page):
    goto(
        browser_page,
        app_server,
        "/compare",
        query(["TJK", "AFG", "UZB"], (2010, 2023), rank=HOSTED),
    )
    assert_no_exception(browser_page)
    wait_for_vega(browser_page, count=3)  # corridors by status, small multiples, ranked
    text = main_text(browser_page)
    assert f"Ranked: {HOSTED}" in text and "Side by side" in text
    q = current_query(browser_page)
    assert q["countries"] == ["TJK", "UZB", "AFG"] or sorted(q["countries"]) == [
        "AFG",
        "TJK",
        "UZB",
    ]
    # "People hosted" is also the default for these countries (the measure most of them
    # have), and a bound widget leaves its default out of the URL
    assert q.get("rank", [HOSTED]) == [HOSTED]
    assert q["years"] == ["2010", "2023"]
    table = pd.read_parquet(download(browser_page, "dl-compare-parquet"))
    assert set(table["iso3"]) <= {"TJK", "AFG", "UZB"}
    years = table["year"].dropna().astype(int)
    assert years.between(2010, 2023).all()
    caption = browser_page.get_by_text("compare rows, exactly as filtered").inner_text()
    assert f"{len(table):,} compare rows" in caption
    # the people-hosted figures equal the clean UNHCR stocks of refugees, asylum seekers and
    # others in need summed over origins (no double count)
    d = clean("displacement")
    unhcr = d[
        d["population_type"].isin(indicators.PROTECTION_TYPES)
        & (d["group"] == "total")
        & (d["measure"] == "stock")
        & (d["source_id"] == "unhcr-population")
        & (d["location_iso3"] == "TJK")
        & (d["year"] == 2020)
    ]
    shown = table[
        (table["iso3"] == "TJK") & (table["measure"] == "hosted") & (table["year"] == 2020)
    ]
    if len(unhcr):
        assert float(shown["value"].iloc[0]) == pytest.approx(float(unhcr["value"].sum()))


def test_compare_needs_two_countries(app_server, browser_page):
    goto(browser_page, app_server, "/compare", query(["TJK"], (2010, 2023)))
    assert_no_exception(browser_page)
    assert "pick at least two countries" in main_text(browser_page)
