"""The app's own HTTP routes (Starlette, mounted by the `st.App` in app.py): the map context
layers and the offline basemap tiles, from the same origin as the page, so maps fetch nothing
from another host (and a Content-Security-Policy of `'self'` admits them).

    /map-data/<layer>.geojson?v=<version>.<shape>  context (world, region, lakes, rivers), provinces
    /map-tiles/<z>/<x>/<y>.png                     OpenStreetMap tiles extracted by the build

Both are cached by the browser: a layer's URL carries the data version and the file's shape, so
a new build or a new shape gets new URLs; tiles change only with the basemap package.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dashboard_core.data import paths

LAYER_PATH = "map-data"
TILE_PATH = "map-tiles"
TILES_FILE = "basemap_tiles.parquet"
SERVED_LAYERS: tuple[str, ...] = ("context", "provinces")
_merged: dict[str, bytes] = {}
CACHE = "public, max-age=31536000, immutable"
# The served files' shape: part of their URL with the data version, so a browser holding an older
# shape (cached as immutable) fetches the new one. Raise it whenever `merged_context` changes.
LAYER_SHAPE = 2
_tiles: dict[tuple[int, int, int], bytes] | None = None
_tiles_lock = threading.Lock()


def tiles_available(clean_dir: Path | None = None) -> bool:
    return ((clean_dir or paths.clean_dir()) / TILES_FILE).exists()


def _load_tiles() -> dict[tuple[int, int, int], bytes]:
    global _tiles
    with _tiles_lock:
        if _tiles is None:
            import pandas as pd  # here, not above: app.py imports this module before serving

            path = paths.clean_dir() / TILES_FILE
            frame = pd.read_parquet(path) if path.exists() else pd.DataFrame()
            _tiles = (
                {
                    (int(z), int(x), int(y)): bytes(png)
                    for z, x, y, png in frame.itertuples(index=False)
                }
                if not frame.empty
                else {}
            )
    return _tiles


def tiles() -> dict[tuple[int, int, int], bytes]:
    """Every served tile's PNG by (z, x, y) (read once; the map images draw from them)."""
    return _load_tiles()


def tile_keys() -> frozenset[tuple[int, int, int]]:
    """(z, x, y) of every tile the app serves."""
    return frozenset(_load_tiles())


def layer_bytes(name: str) -> bytes | None:
    """A context layer, or None for a name that is not served. `context` is the world, the
    region, lakes and rivers merged into one file (built once per data version)."""
    if name not in SERVED_LAYERS:
        return None
    if name == "context":
        return merged_bytes(paths.clean_dir())
    path = paths.clean_dir() / f"{name}.geojson"
    return path.read_bytes() if path.exists() else None


def merged_bytes(clean_dir: Path) -> bytes | None:
    from dashboard_core.viz.context import MERGED_PARTS, merged_context  # pydeck: see pandas

    parts = [clean_dir / f"{name}.geojson" for name, _ in MERGED_PARTS]
    if not all(p.exists() for p in parts):
        return None
    stamp = ",".join(str(p.stat().st_mtime_ns) for p in parts)
    if stamp not in _merged:
        collections = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in parts}
        text = json.dumps(merged_context(collections), separators=(",", ":"), ensure_ascii=False)
        _merged.clear()
        _merged[stamp] = text.encode("utf-8")
    return _merged[stamp]


async def serve_layer(request: Request) -> Response:
    name = request.path_params["name"]
    body = layer_bytes(name)
    if body is None:
        return Response(f"no map layer named {name!r}", status_code=404, media_type="text/plain")
    return Response(body, media_type="application/geo+json", headers={"Cache-Control": CACHE})


async def serve_tile(request: Request) -> Response:
    key = (request.path_params["z"], request.path_params["x"], request.path_params["y"])
    png = _load_tiles().get(key)
    if png is None:
        return Response("no such tile", status_code=404, media_type="text/plain")
    return Response(png, media_type="image/png", headers={"Cache-Control": CACHE})


def layer_url(name: str, version: str) -> str:
    """Relative to the page, so the app works under a base URL path too."""
    return f"{LAYER_PATH}/{name}.geojson?v={version}.{LAYER_SHAPE}"


TILE_URL = TILE_PATH + "/{z}/{x}/{y}.png"

ROUTES = [
    Route(f"/{LAYER_PATH}/{{name}}.geojson", serve_layer, methods=["GET"]),
    Route(f"/{TILE_PATH}/{{z:int}}/{{x:int}}/{{y:int}}.png", serve_tile, methods=["GET"]),
]
