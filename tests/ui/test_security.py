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
    inner, seen = _inner_app()
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
    "path", ["/trade/extra", "/trade/static/js/index.js", "/a/b/c", "/data/<img src=x>"]
)
def test_unknown_deep_path_gets_the_apps_page_not_found(path):
    inner, seen = _inner_app()
    status, headers, body = _get(security.SecurityMiddleware(inner, base_url_path=""), path)
    assert status == 404 and not seen
    text = body.decode()
    assert "Page not found" in text and "Central Asia Monitor" in text
    assert "<img" not in text  # the path is shown escaped
    assert headers["content-security-policy"]


@pytest.mark.parametrize(
    "path",
    ["/static/js/index.js", "/_stcore/host-config", "/media/abc.csv", "/component/x/index.html"],
)
def test_streamlit_routes_stay_untouched(path):
    inner, seen = _inner_app()
    status, _, _ = _get(security.SecurityMiddleware(inner, base_url_path=""), path)
    assert status == 200 and seen == [path]


def test_base_url_path_is_respected():
    inner, seen = _inner_app()
    middleware = security.SecurityMiddleware(inner, base_url_path="monitor")
    assert _get(middleware, "/monitor/trade")[0] == 200
    assert _get(middleware, "/monitor/trade/extra")[0] == 404
    assert _get(middleware, "/monitor/static/js/x.js")[0] == 200
    assert seen == ["/monitor/trade", "/monitor/static/js/x.js"]


def test_post_to_a_deep_path_is_left_to_streamlit():
    inner, seen = _inner_app(status=405)
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
