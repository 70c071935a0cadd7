"""Ring 4: the server's headers, and every page drawing its maps and charts under its CSP.

`curl -i` style checks against the session's server (the real `st.App` with its middleware),
then Chromium with a listener for `securitypolicyviolation`: every page, tab and map must draw
with no violation reported and no CSP complaint in the console.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Browser

from .helpers import (
    DECK_CHART,
    DEFAULT_TIMEOUT_MS,
    assert_no_exception,
    goto,
    vega_count,
    wait_for_deck,
    wait_for_vega,
)

HEADERS = (
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
)


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read().decode("utf-8", errors="replace")
            return response.status, {k.lower(): v for k, v in response.headers.items()}, body
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", errors="replace")
        return error.code, {k.lower(): v for k, v in error.headers.items()}, body


def test_every_answer_carries_the_security_headers(app_server: str) -> None:
    status, headers, index = fetch(app_server + "/")
    asset = re.search(r'src="\./(static/js/[^"]+\.js)"', index)
    assert status == 200 and asset, "index.html and its main script"
    for path in ("/", "/trade", "/data?countries=KAZ", f"/{asset.group(1)}", "/_stcore/health"):
        status, headers, _ = fetch(app_server + path)
        assert status == 200, path
        missing = [h for h in HEADERS if h not in headers]
        assert not missing, f"{path} lacks {missing}"
    csp = headers["content-security-policy"]
    for directive in ("default-src 'self'", "frame-ancestors 'self'", "object-src 'none'"):
        assert directive in csp
    assert "unsafe-eval'" not in csp.replace("wasm-unsafe-eval'", "")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_metrics_are_off_and_deep_paths_get_page_not_found(app_server: str) -> None:
    status, headers, _ = fetch(app_server + "/_stcore/metrics")
    assert status == 404 and "content-security-policy" in headers
    status, headers, body = fetch(app_server + "/trade/extra")
    assert status == 404 and "Page not found" in body and "content-security-policy" in headers


_RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
  `${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
"""

# (path, query, maps, charts at least)
VIEWS = [
    ("/", "", 1, 1),
    ("/trade", "", 1, 1),
    ("/trade", "section=Partner+structure", 1, 2),
    ("/trade", "section=Mirror+view", 1, 1),
    ("/displacement", "", 1, 1),
    ("/displacement", "section=Hosts+compared", 1, 1),
    ("/incidents", "", 1, 3),
    ("/corridors", "", 1, 1),
    ("/compare", "", 0, 3),
    ("/import", "", 0, 0),
    ("/data", "", 0, 1),
]


@pytest.mark.parametrize(("path", "query", "maps", "charts"), VIEWS)
def test_pages_draw_under_the_csp(
    pw_browser: Browser, app_server: str, path: str, query: str, maps: int, charts: int
) -> None:
    context = pw_browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.add_init_script(_RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    try:
        goto(page, app_server, path, query)
        assert_no_exception(page)
        if maps:
            wait_for_deck(page)
            assert page.locator(DECK_CHART).count() >= maps
        wait_for_vega(page, charts)
        assert vega_count(page) >= charts
        page.wait_for_timeout(300)  # late violations (workers, fonts) surface
        violations = page.evaluate("window.__csp")
        complaints = [c for c in console if "Content Security Policy" in c]
        assert not violations and not complaints, violations + complaints
    finally:
        context.close()
