"""Scenes stepped with the arrow keys inside one session, and figure images downloaded at the
stated sizes."""

from __future__ import annotations

import re

from PIL import Image

from .helpers import (
    ARTIFACTS_DIR,
    current_query,
    download,
    expect_rerun,
    goto,
    wait_for_app_run,
    wait_for_deck_ready,
    widget,
)


def _save_scene(page) -> None:
    page.get_by_role("button", name=re.compile("Scenes")).click()
    with expect_rerun(page):
        widget(page, "scene-save").locator("button").click()
    page.keyboard.press("Escape")  # close the menu


def test_scenes_are_saved_and_stepped_with_the_arrow_keys(browser_page, app_server):
    page = browser_page
    goto(page, app_server, "/trade", "countries=KAZ&countries=UZB&years=2015&years=2023")
    _save_scene(page)
    goto(page, app_server, "/displacement", current_query(page))
    _save_scene(page)
    assert len(current_query(page)["scenes"]) == 2
    assert current_query(page)["scenes"][0].startswith("trade?")
    page.evaluate("window.__camSameDocument = true")  # gone if the page reloads
    page.locator("h1").first.click()  # focus outside any widget
    with expect_rerun(page):
        page.keyboard.press("ArrowLeft")
    wait_for_app_run(page)
    page.wait_for_url(re.compile(r"/trade\?"))
    query = current_query(page)
    assert query["countries"] == ["KAZ", "UZB"] and query["years"] == ["2015", "2023"]
    assert query["scene"] == ["1"] and len(query["scenes"]) == 2
    assert page.evaluate("window.__camSameDocument === true"), "stepping reloaded the page"
    wait_for_deck_ready(page)
    with expect_rerun(page):
        page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"/displacement\?"))
    assert current_query(page)["scene"] == ["2"]


def test_chart_and_map_images_download_at_the_stated_size(browser_page, app_server):
    page = browser_page
    goto(page, app_server, "/trade", "countries=KAZ&countries=UZB&years=2015&years=2023")
    wait_for_deck_ready(page)
    png = download(page, "img-trade-map-png", timeout=120_000)
    assert Image.open(png).size == (1920, 1080)
    chart_png = download(page, "img-trade-over-time-png", timeout=120_000)
    assert Image.open(chart_png).size == (1920, 1080)
    svg = download(page, "img-trade-over-time-svg", timeout=120_000).read_text()
    assert re.search(r'<svg width="1920" height="1080"', svg)
    assert "Data version" in svg and "Trade" in svg
    shots = ARTIFACTS_DIR / "maps"
    shots.mkdir(parents=True, exist_ok=True)
    (shots / "export_trade_map.png").write_bytes(png.read_bytes())
    (shots / "export_trade_over_time.svg").write_text(svg)
