"""HTTP hardening of the app's server (the `st.App` in app.py takes this as middleware).

- Every response carries a Content-Security-Policy (with `frame-ancestors`), X-Frame-Options,
  X-Content-Type-Options and Referrer-Policy.
- `/_stcore/metrics` (Streamlit's Prometheus endpoint, public by default) answers 404.
- An unknown path such as `/extra`, `/trade/extra` or `/static/x.js` answers 404 with the app's
  "Page not found". Streamlit answers any path it has no file for with its index.html, whose
  relative script paths (`./static/js/...`) then resolve under `/trade/` and come back as HTML
  too: a blank page. Every page of the app is one path segment deep, so that index.html
  deeper down is never a page.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dashboard_core.data import paths
from dashboard_core.ui import settings

APP_TITLE = "Central Asia Monitor"
METRICS_SUFFIX = "/_stcore/metrics"
# First path segments of Streamlit's routes that may answer HTML themselves (components, media,
# the app's static files, login); everything else deeper than a page is the index.html fallback.
HTML_ROUTES = frozenset({"_stcore", "media", "component", "app", "auth"})


def inline_script_hashes(index_html: str) -> list[str]:
    """CSP source expressions (`'sha256-...'`) for the inline <script> blocks of index.html."""
    hashes = []
    for body in re.findall(r"<script>(.*?)</script>", index_html, flags=re.S):
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def streamlit_index_html() -> str:
    from streamlit import file_util

    path = Path(file_util.get_static_dir()) / "index.html"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def content_security_policy(script_hashes: Iterable[str] = ()) -> str:
    """The app's policy: everything from its own origin, nothing from another host, no other
    site may frame it. Each allowance beyond 'self' was found by loading every page, tab and
    map in Chromium under the strict policy and reading the violations:

    - script-src hashes: the one inline <script> of Streamlit's index.html;
    - 'wasm-unsafe-eval': deck.gl and protobuf bundle long.js, which compiles a small
      WebAssembly helper at load (compiling WebAssembly only; JavaScript eval stays blocked);
    - style-src 'unsafe-inline': Streamlit (emotion), deck.gl and Vega set styles at run time;
    - img-src data:: the page icon and deck.gl's placeholder texture are data: URIs;
    - font-src data:: a font embedded in Streamlit's CSS.
    """
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'wasm-unsafe-eval'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def security_headers(csp: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": csp,
        "X-Frame-Options": "SAMEORIGIN",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def _segments(path: str, base: str) -> list[str] | None:
    """The path's segments below the server's baseUrlPath (None: not under it)."""
    prefix = "/" + base.strip("/") if base.strip("/") else ""
    if prefix and path != prefix and not path.startswith(prefix + "/"):
        return None
    return [part for part in path[len(prefix) :].split("/") if part]


def page_paths(pages_dir: Path | None = None) -> frozenset[str]:
    """The URL path of every page: its script's name under pages/ (the Overview is also `/`)."""
    folder = pages_dir or paths.PROJECT_ROOT / "pages"
    return frozenset(p.stem for p in folder.glob("*.py"))


def is_below_a_page(path: str, base: str = "") -> bool:
    """True for a path two or more segments deep outside Streamlit's HTML-serving routes."""
    parts = _segments(path, base)
    return parts is not None and len(parts) >= 2 and parts[0] not in HTML_ROUTES


def is_not_a_page(path: str, base: str = "", pages: frozenset[str] = frozenset()) -> bool:
    """True for a path Streamlit would answer with its index.html although no page lives there:
    below a page (`/trade/extra`), or one segment naming no page (`/extra`)."""
    parts = _segments(path, base)
    if parts is None or not parts or parts[0] in HTML_ROUTES:
        return False
    return len(parts) >= 2 or parts[0] not in pages


def not_found_page(path: str, base: str = "") -> str:
    home = "/" + base.strip("/") if base.strip("/") else "/"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Page not found · {APP_TITLE}</title>"
        "<style>body{font-family:sans-serif;margin:4rem auto;max-width:40rem;"
        "padding:0 1rem;color:#262730}</style></head><body>"
        f"<h1>Page not found</h1><p>{APP_TITLE} has no page at "
        f"<code>{html.escape(path)}</code>.</p>"
        f"<p><a href='{html.escape(home)}'>Open the Overview</a>, or pick a page there: "
        "Trade, Displacement, Incidents, Corridors, Compare, Data &amp; sources.</p>"
        "</body></html>"
    )


class SecurityMiddleware:
    """Pure ASGI middleware: it neither buffers Streamlit's responses nor touches websockets."""

    def __init__(self, app: ASGIApp, base_url_path: str | None = None) -> None:
        self.app = app
        if base_url_path is None:
            from streamlit import config

            base_url_path = config.get_option("server.baseUrlPath") or ""
        self.base = base_url_path
        self.pages = page_paths() - settings.hidden_pages()
        self.headers = security_headers(
            content_security_policy(inline_script_hashes(streamlit_index_html()))
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
            await send(message)

        path = scope.get("path", "")
        if path.endswith(METRICS_SUFFIX):
            response = PlainTextResponse("Not Found", status_code=404)
            await response(scope, receive, send_with_headers)
            return
        if is_not_a_page(path, self.base, self.pages) and scope.get("method") in ("GET", "HEAD"):
            await self.app(scope, receive, self._html_to_not_found(scope, send_with_headers))
            return
        await self.app(scope, receive, send_with_headers)

    def _html_to_not_found(self, scope: Scope, send: Send) -> Send:
        """A `send` that passes Streamlit's answer on, unless it is HTML (the index.html
        fallback), which it replaces by the app's 404 page."""
        replaced = False

        async def send_or_replace(message: Message) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start":
                content_type = MutableHeaders(scope=message).get("content-type", "")
                replaced = content_type.startswith("text/html")
                if replaced:
                    body = not_found_page(scope.get("path", ""), self.base).encode("utf-8")
                    await send(
                        {
                            "type": "http.response.start",
                            "status": 404,
                            "headers": [
                                (b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()),
                                (b"cache-control", b"no-cache"),
                            ],
                        }
                    )
                    head = scope.get("method") == "HEAD"
                    await send({"type": "http.response.body", "body": b"" if head else body})
                    return
            if not replaced:
                await send(message)

        return send_or_replace
