"""Helpers shared by the unit tests: reading chart specs, a tiny boundary layer, a map context,
scripts/ as modules, the app run in AppTest on one page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard_core.data import paths
from dashboard_core.viz.context import MapContext

# The context layers by URL as the app serves them, and one place to label.
MAP_CONTEXT = MapContext(
    urls={
        n: f"map-data/{n}.geojson?v=t"
        for n in ("context", "provinces")
    },
    places={
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Samarkand", "iso3": "UZB", "rank": 3, "zoom": 3.0,
                               "capital": False},
                "geometry": {"type": "Point", "coordinates": [66.96, 39.65]},
            }
        ],
    },
)  # fmt: skip


def data_layers(spec: dict) -> list[dict]:
    """A deck spec's layers other than the shared context (`ctx-*`)."""
    return [layer for layer in spec["layers"] if not layer["id"].startswith("ctx-")]


def inside_frame(deck, presenter: bool = False) -> bool:
    """Every data position of the deck lies inside the frame its view was fitted to."""
    from dashboard_core.viz import basemap, framing

    frame = basemap.frame_for(presenter)
    view = basemap.deck_view(deck)
    for layer in deck.layers:
        if layer.id.startswith("ctx-") or not isinstance(layer.data, list):
            continue
        for row in layer.data:
            spots = row.get("path") or ([[row["lon"], row["lat"]]] if "lon" in row else [])
            for lon, lat in spots:
                x, y = framing.screen_position(lon, lat, view, frame.width, frame.height)
                if not (0 <= x <= frame.width and 0 <= y <= frame.height):
                    return False
    return True


BOUNDARIES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"iso3": iso, "group": "focus"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[60, 35], [61, 35], [61, 36], [60, 35]]],
            },
        }
        for iso in ("UZB", "AFG")
    ],
}


def layers(spec: dict) -> list[dict]:
    out = []
    for part in spec.get("layer", []):
        out += layers(part) if "layer" in part else [part]
    return out


def data_of(spec: dict, layer: dict) -> list[dict]:
    """The rows a layer draws: its own dataset or the chart's, after its `part` filter."""
    name = (layer.get("data") or spec["data"])["name"]
    rows = spec["datasets"][name]
    for step in layer.get("transform", []):
        expr = step.get("filter")
        if expr == "datum.in_line":
            rows = [r for r in rows if r.get("in_line")]
        elif isinstance(expr, str) and "datum.part ===" in expr:
            part = expr.split("'")[1]
            rows = [r for r in rows if r.get("part") == part]
            if "!datum.preferred" in expr:
                rows = [r for r in rows if not r.get("preferred")]
            elif "datum.preferred" in expr:
                rows = [r for r in rows if r.get("preferred")]
    return rows


def script_module(name: str):
    """scripts/<name>.py imported as a module (registered first: its dataclasses need that)."""
    import importlib.util
    import sys
    from pathlib import Path

    module_name = f"cam_script_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    path = Path(__file__).resolve().parents[1] / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def app_on_page(
    page: str | None = None,
    query: dict | None = None,
    opened: tuple[str, ...] = (),
    timeout: float = 90,
) -> AppTest:
    """app.py in a fresh AppTest: `query` in its URL, the lazy expanders keyed `opened` open
    (their content is drawn only once open), run once, then switched to `page` and run again."""
    at = AppTest.from_file(str(paths.PROJECT_ROOT / "app.py"), default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key in opened:
        at.session_state[key] = True
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at
