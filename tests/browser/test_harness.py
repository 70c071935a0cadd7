"""The harness itself: the server starts, the root page loads clean, the helpers see straight."""

from __future__ import annotations

from playwright.sync_api import Page

from .helpers import (
    ARTIFACTS_DIR,
    app_url,
    assert_no_exception,
    current_query,
    goto,
    nav_labels,
    page_not_found,
    streamlit_server,
)

DEEP_LINK = "/trade"  # any page but the default one


def test_root_page_loads_without_exception(app_server: str, browser_page: Page) -> None:
    goto(browser_page, app_server, "/")
    assert browser_page.locator('[data-testid="stApp"]').count() == 1
    assert browser_page.locator('[data-testid="stMain"]').inner_text().strip(), "main area empty"
    assert_no_exception(browser_page)


def test_unknown_path_is_reported(app_server: str, browser_page: Page) -> None:
    """The server answers a path naming no page with the app's 404 "Page not found" (the
    security middleware), before Streamlit's frontend would draw a blank page or its dialog."""
    response = browser_page.goto(f"{app_server}/no-such-page-here", wait_until="load")
    assert response is not None and response.status == 404
    text = browser_page.inner_text("body")
    assert "Page not found" in text and "Open the Overview" in text
    assert not page_not_found(browser_page)  # no Streamlit app ran there


def test_deep_link_as_first_visit_after_restart(app_server: str, browser_page_factory) -> None:
    """A shared link opened first after the server (re)starts gets the app's own navigation.

    Streamlit keeps a legacy routing mode while a `pages/` folder sits beside the main script, until
    some run calls `st.navigation`; in that mode `/trade` runs pages/trade.py alone (no app.py:
    no shared filters, page config or frame) and the navigation lists file names such as "app".
    """
    warm = browser_page_factory()
    goto(warm, app_server, "/")
    expected = nav_labels(warm)

    with streamlit_server(log_path=ARTIFACTS_DIR / "streamlit-deep-link.log") as fresh:
        page = browser_page_factory()
        goto(page, fresh, DEEP_LINK, timeout=120_000)
        assert_no_exception(page)
        assert nav_labels(page) == expected, (
            f"first visit to {DEEP_LINK} after a restart shows another navigation "
            f"(legacy pages/ routing?): {nav_labels(page)} instead of {expected}"
        )


def test_url_helpers_round_trip() -> None:
    url = app_url("http://h:1/", "/trade", {"countries": ["KAZ", "UZB"], "years": [2015, 2020]})
    assert url == "http://h:1/trade?countries=KAZ&countries=UZB&years=2015&years=2020"
    assert app_url("http://h:1", "", "?present=1") == "http://h:1/?present=1"

    fake_page = type("FakePage", (), {"url": url})()
    assert current_query(fake_page) == {"countries": ["KAZ", "UZB"], "years": ["2015", "2020"]}
