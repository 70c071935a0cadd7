"""The server's hardening middleware, driven as a bare ASGI app (no network, no Streamlit
server): headers on every answer, metrics switched off, unknown deep paths answered 404."""

from __future__ import annotations

import asyncio
import base64
import hashlib

import pytest

from dashboard_core.ui import security


def _inner_app(status: int = 200, content_type: bytes = b"text/html; charset=utf-8"):
    seen: list[str] = []

    async def app(scope, receive, send):
        seen.append(scope["path"])
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", content_type)],
            }
        )
        await send({"type": "http.response.body", "body": b"inner"})

    return app, seen


def _get(
    middleware, path: str, method: str = "GET"
) -> tuple[
    int,
    dict[str, str],
    bytes,
]:
    messages: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        messages.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [],
        "root_path": "",
    }
    asyncio.run(middleware(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], headers, body


HEADERS = (
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
)


@pytest.mark.parametrize("path", ["/", "/trade", "/static/js/index.js", "/_stcore/health", "/nope"])
def test_every_answer_carries_the_security_headers(path):
    inner, seen = _inner_app(content_type=b"application/javascript")
    status, headers, body = _get(security.SecurityMiddleware(inner, base_url_path=""), path)
    assert (status, body, seen) == (200, b"inner", [path])
    for name in HEADERS:
        assert headers.get(name), name
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'self'" in csp
    assert "default-src 'self'" in csp
    assert "'unsafe-eval'" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/base/_stcore/metrics"])
def test_metrics_endpoint_is_switched_off(path):
    inner, seen = _inner_app()
    status, headers, _ = _get(security.SecurityMiddleware(inner, base_url_path=""), path)
    assert status == 404 and not seen
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "/trade/extra",
        "/trade/static/js/index.js",
        "/a/b/c",
        "/data/<img src=x>",
        "/static/x.js",
        "/extra",
        "/\u202etxt.exe",
    ],
)
def test_unknown_deep_path_gets_the_apps_page_not_found(path):
    """Streamlit answers an unknown path with its index.html (a blank page that deep): the
    middleware replaces that HTML by the app's 404 page."""
    inner, seen = _inner_app()
    status, headers, body = _get(security.SecurityMiddleware(inner, base_url_path=""), path)
    assert status == 404 and seen == [path]
    text = body.decode()
    assert "Page not found" in text and "Central Asia Monitor" in text
    assert "<img" not in text  # the path is shown escaped
    assert headers["content-security-policy"]


@pytest.mark.parametrize(
    "path", ["/_stcore/host-config", "/media/a.html", "/component/x/index.html"]
)
def test_streamlit_html_routes_stay_untouched(path):
    inner, seen = _inner_app()
    status, _, body = _get(security.SecurityMiddleware(inner, base_url_path=""), path)
    assert (status, body, seen) == (200, b"inner", [path])


def test_deep_assets_that_exist_are_served():
    inner, seen = _inner_app(content_type=b"application/javascript")
    status, _, body = _get(security.SecurityMiddleware(inner, base_url_path=""), "/static/js/a.js")
    assert (status, body, seen) == (200, b"inner", ["/static/js/a.js"])


def test_base_url_path_is_respected():
    inner, _ = _inner_app()
    middleware = security.SecurityMiddleware(inner, base_url_path="monitor")
    assert _get(middleware, "/monitor/trade")[0] == 200
    assert _get(middleware, "/monitor/trade/extra")[0] == 404
    assert _get(middleware, "/monitor/_stcore/host-config")[0] == 200


def test_head_of_a_deep_path_has_no_body():
    inner, _ = _inner_app()
    status, _, body = _get(security.SecurityMiddleware(inner, base_url_path=""), "/a/b", "HEAD")
    assert (status, body) == (404, b"")


def test_post_to_a_deep_path_is_left_to_streamlit():
    inner, seen = _inner_app(status=405, content_type=b"text/plain")
    status, _, _ = _get(security.SecurityMiddleware(inner, base_url_path=""), "/a/b", "POST")
    assert status == 405 and seen == ["/a/b"]


def test_inline_script_hash_matches_the_csp_hash_algorithm():
    index = "<html><script>\n  window.x = 1\n</script><script src='a.js'></script></html>"
    digest = base64.b64encode(hashlib.sha256(b"\n  window.x = 1\n").digest()).decode()
    assert security.inline_script_hashes(index) == [f"'sha256-{digest}'"]


def test_streamlits_index_html_has_its_inline_script_hashed():
    index = security.streamlit_index_html()
    assert "<script>" in index, "Streamlit's index.html changed: check the CSP in a browser"
    csp = security.content_security_policy(security.inline_script_hashes(index))
    assert "'sha256-" in csp


@pytest.mark.parametrize("path", ["/", "/trade", "/displacement", "/data", "/compare"])
def test_every_page_and_the_root_are_served_as_pages(path):
    inner, seen = _inner_app()
    status, _, body = _get(security.SecurityMiddleware(inner, base_url_path=""), path)
    assert (status, body, seen) == (200, b"inner", [path])


def test_page_paths_follow_the_pages_folder():
    assert {"overview", "trade", "displacement", "incidents", "corridors", "compare", "data"} <= (
        security.page_paths()
    )


def test_the_import_page_switched_off_answers_404(monkeypatch):
    inner, _ = _inner_app()
    status, _, _ = _get(security.SecurityMiddleware(inner, base_url_path=""), "/import")
    assert status == 200
    monkeypatch.setenv("CAM_IMPORT_PAGE", "off")
    status, _, body = _get(security.SecurityMiddleware(inner, base_url_path=""), "/import")
    assert status == 404 and b"Page not found" in body
