"""Maps in the browser: the map first for presenters and framed to its data, tooltips rendered as
HTML with no tag shown as text, and nothing fetched from another host (basemap on)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from .helpers import (
    ARTIFACTS_DIR,
    DECK_CHART,
    FIND_DECK_JS,
    assert_no_exception,
    goto,
    wait_for_deck_ready,
)

MAP_PAGES = ("/", "/trade", "/displacement", "/incidents", "/corridors")
PRESENTER_SIZES = ((1920, 1080), (1280, 720))
SHOTS = ARTIFACTS_DIR / "maps"

# Screen position of every data position of the data layers (not the context: `ctx-*`), through
# the deck's own viewport: paths by each vertex, points and labels by their anchor.
DATA_POSITIONS_JS = f"""
() => {{
  const deck = ({FIND_DECK_JS})(0);
  const viewport = deck.getViewports()[0];
  const out = [];
  for (const layer of deck.layerManager.getLayers()) {{
    if (layer.parent || layer.id.startsWith('ctx-') || !Array.isArray(layer.props.data)) continue;
    for (const row of layer.props.data) {{
      const spots = row.path ? row.path : (row.lon !== undefined ? [[row.lon, row.lat]] : []);
      for (const p of spots) {{
        const [x, y] = viewport.project(p);
        out.push({{layer: layer.id, x, y}});
      }}
    }}
  }}
  return {{width: viewport.width, height: viewport.height, positions: out}};
}}
"""

# A pickable data record's screen position (the middle vertex of a path), for hovering.
PICK_TARGET_JS = f"""
() => {{
  const deck = ({FIND_DECK_JS})(0);
  const viewport = deck.getViewports()[0];
  for (const layer of deck.layerManager.getLayers()) {{
    if (layer.parent || !layer.props.pickable || layer.id.startsWith('ctx-')) continue;
    const rows = Array.isArray(layer.props.data) ? layer.props.data : [];
    for (const row of rows) {{
      const p = row.path ? row.path[Math.floor(row.path.length / 2)] : [row.lon, row.lat];
      const [x, y] = viewport.project(p);
      if (x > 20 && y > 20 && x < viewport.width - 20 && y < viewport.height - 20)
        return {{layer: layer.id, x, y}};
    }}
  }}
  return null;
}}
"""
# Smallest type on and under the map: text layers' sizes (px) and the legend's computed size.
TYPE_SIZES_JS = f"""
() => {{
  const deck = ({FIND_DECK_JS})(0);
  const text = deck.layerManager.getLayers()
    .filter(l => !l.parent && l.constructor.layerName === 'TextLayer' && l.props.data.length)
    .map(l => typeof l.props.getSize === 'number' ? l.props.getSize : 0);
  const legend = [...document.querySelectorAll('.cam-map-legend, .cam-legend')]
    .map(el => parseFloat(getComputedStyle(el).fontSize));
  return {{text, legend}};
}}
"""
TAG_AS_TEXT = re.compile(r"</?[a-zA-Z][^>]*>|&(lt|gt|amp|quot|#x27);")


@pytest.mark.parametrize("size", PRESENTER_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_presenter_map_comes_first_and_frames_its_data(browser_page_factory, app_server, size):
    """Every map page in one browser context (Streamlit's bundle loads once)."""
    width, height = size
    page = browser_page_factory(width, height)
    problems = []
    for path in MAP_PAGES:
        goto(page, app_server, path, "present=1")
        wait_for_deck_ready(page)
        assert_no_exception(page)
        box = page.locator(DECK_CHART).first.bounding_box()
        if box["y"] > 200:
            problems.append(f"{path}: the map starts {box['y']:.0f} px down")
        if box["height"] < 0.55 * height:
            problems.append(f"{path}: the map is {box['height']:.0f} px high of {height}")
        if box["y"] + box["height"] > height:
            problems.append(f"{path}: the map runs below the fold")
        drawn = page.evaluate(DATA_POSITIONS_JS)
        if not drawn["positions"]:
            problems.append(f"{path}: no data drawn")
        outside = [
            p
            for p in drawn["positions"]
            if not (0 <= p["x"] <= drawn["width"] and 0 <= p["y"] <= drawn["height"])
        ]
        if outside:
            problems.append(f"{path}: {len(outside)} positions outside the frame: {outside[:2]}")
        sizes = page.evaluate(TYPE_SIZES_JS)
        small = [s for s in sizes["text"] + sizes["legend"] if s < 20]
        if small:
            problems.append(f"{path}: map type under 20 px: {sizes}")
        SHOTS.mkdir(parents=True, exist_ok=True)
        slug = path.strip("/") or "overview"
        page.screenshot(path=SHOTS / f"presenter_{slug}_{width}x{height}.png")
    assert not problems, "\n".join(problems)


def hover_tooltip(page, path: str):
    """Hover the first pickable data feature in view; the visible tooltip locator."""
    canvas = page.locator(f"{DECK_CHART} canvas").first
    canvas.scroll_into_view_if_needed()
    target = page.evaluate(PICK_TARGET_JS)
    assert target, f"{path}: no pickable feature in view"
    box = canvas.bounding_box()
    tooltip = page.locator(".deck-tooltip")
    for dx, dy in ((0, 0), (1, 1), (-1, 1), (2, -1)):  # thin lines: a pixel or two either way
        page.mouse.move(box["x"] + target["x"] + dx, box["y"] + target["y"] + dy)
        page.wait_for_timeout(300)
        if tooltip.count() and tooltip.first.is_visible():
            break
    assert tooltip.count() and tooltip.first.is_visible(), f"{path}: no tooltip at {target}"
    return tooltip.first


def test_tooltips_render_html_and_show_no_tag_as_text(browser_page, app_server):
    for path in MAP_PAGES:
        goto(browser_page, app_server, path)
        wait_for_deck_ready(browser_page)
        tooltip = hover_tooltip(browser_page, path)
        text, markup = tooltip.inner_text(), tooltip.inner_html()
        assert text.strip(), f"{path}: empty tooltip"
        assert not TAG_AS_TEXT.search(text), f"{path}: tooltip shows markup as text: {text!r}"
        assert "<b>" in markup, f"{path}: the template's markup is not rendered: {markup!r}"
        assert "Source" in text, f"{path}: the tooltip names no source: {text!r}"
        SHOTS.mkdir(parents=True, exist_ok=True)
        slug = path.strip("/") or "overview"
        browser_page.screenshot(path=SHOTS / f"tooltip_{slug}.png")


def test_maps_with_basemap_fetch_nothing_from_another_host(browser_page, app_server):
    requested: list[str] = []
    browser_page.on("request", lambda request: requested.append(request.url))
    for path in MAP_PAGES:
        goto(browser_page, app_server, path, "basemap=true&provinces=true")
        state = wait_for_deck_ready(browser_page)
        assert_no_exception(browser_page)
        layers = state["layers"]
        assert any(layer.startswith("ctx-tile-") for layer in layers), f"{path}: no basemap"
        assert "ctx-provinces" in layers, f"{path}: no provinces"
    assert any("/map-tiles/" in u for u in requested), "no tile fetched"
    hosts = {urlsplit(u).hostname for u in requested if urlsplit(u).scheme in ("http", "https")}
    assert hosts == {"127.0.0.1"}, f"requests left the machine: {sorted(hosts)}"
    others = [u for u in requested if urlsplit(u).scheme not in ("http", "https", "data", "blob")]
    assert not others, f"unexpected requests {others[:3]}"
