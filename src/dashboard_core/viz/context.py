"""The cartographic context under every map: sea, the world's countries, the region's boundaries,
lakes, rivers, provinces (optional), an OpenStreetMap basemap (optional) and place names chosen
for the zoom. Offline: the layers' data come from the app's own origin by URL (`MapContext.urls`,
served by `ui/routes.py`), so the browser fetches each file once and keeps it in its cache, and
the deck JSON sent on every rerun carries only what changes (arcs, points, labels).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pydeck as pdk

from dashboard_core.viz import framing
from dashboard_core.viz.framing import MapFrame

SEA = [214, 228, 238, 255]  # quiet blue: seas (the Caspian included) and lakes
LAND_WORLD = [241, 239, 234, 255]
LAND_NEIGHBOUR = [246, 244, 240, 255]
LAND_FOCUS = [236, 231, 220, 255]
LAND_HIGHLIGHT = [255, 241, 204, 255]
WORLD_LINE = [200, 196, 188, 255]
BORDER_LINE = [110, 110, 110, 255]
BORDER_LINE_PRESENTER = [40, 40, 40, 255]
RIVER = [120, 160, 196, 255]
PROVINCE_LINE = [150, 140, 125, 200]
PLACE_TEXT = [70, 70, 70, 255]
FONT = "'Source Sans Pro, DejaVu Sans, sans-serif'"
BASEMAP_CREDIT = "Basemap (c) OpenStreetMap contributors"
TILE_MAX_ZOOM = 6


@dataclass(frozen=True)
class MapContext:
    """What the context layers need: the URL of each layer file (`world`, `boundaries`, `water`,
    `rivers`, `provinces`), the places (a FeatureCollection, labels chosen per view), the tile
    URL template (`{z}/{x}/{y}`) and which optional layers are on."""

    urls: Mapping[str, str]
    places: Mapping = field(default_factory=dict)
    tile_url: str = ""
    basemap: bool = False
    provinces: bool = False
    tiles: frozenset[tuple[int, int, int]] = frozenset()  # (z, x, y) the app can serve


def sea_layer() -> pdk.Layer:
    """The whole Mercator world in the water colour: seas show wherever no land is drawn."""
    ring = [[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]]
    return pdk.Layer(
        "SolidPolygonLayer", data=[{"polygon": ring}], id="ctx-sea", get_polygon="polygon",
        get_fill_color=SEA, pickable=False,
    )  # fmt: skip


CLEAR = [0, 0, 0, 0]


def _fill_expression(highlight: Sequence[str]) -> str:
    """deck.gl JSON expression: highlighted countries warm, the other focus countries shaded.
    The neighbours in this file are clipped to a box: they stay clear, the world layer under
    them draws them whole."""
    focus = f"properties.group == 'focus' ? {LAND_FOCUS} : {CLEAR}"
    codes = sorted({c for c in highlight if c.isalpha() and len(c) == 3})
    if not codes:
        return focus
    chosen = " || ".join(f"properties.iso3 == '{code}'" for code in codes)
    return f"({chosen}) ? {LAND_HIGHLIGHT} : ({focus})"


def _line_expression(colour: list[int]) -> str:
    return f"properties.group == 'focus' ? {colour} : {CLEAR}"


def land_layers(ctx: MapContext, highlight: Sequence[str], presenter: bool) -> list[pdk.Layer]:
    layers = []
    if not ctx.basemap:
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                data=ctx.urls["world"],
                id="ctx-world",
                filled=True,
                stroked=True,
                get_fill_color=LAND_WORLD,
                get_line_color=WORLD_LINE,
                line_width_min_pixels=0.6,
                pickable=False,
            )  # fmt: skip
        )
    region = pdk.Layer(
        "GeoJsonLayer",
        data=ctx.urls["boundaries"],
        id="ctx-boundaries",
        filled=not ctx.basemap,
        stroked=True,
        get_fill_color=_fill_expression(highlight),
        get_line_color=_line_expression(BORDER_LINE_PRESENTER if presenter else BORDER_LINE),
        line_width_min_pixels=1.6 if presenter else 0.9,
        pickable=False,
    )
    region.update_triggers = {"getFillColor": sorted(set(highlight))}
    layers.append(region)
    return layers


def water_layers(ctx: MapContext) -> list[pdk.Layer]:
    if ctx.basemap:  # the tiles draw their own water
        return []
    return [
        pdk.Layer(
            "GeoJsonLayer", data=ctx.urls["water"], id="ctx-water", filled=True, stroked=False,
            get_fill_color=SEA, pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer", data=ctx.urls["rivers"], id="ctx-rivers", filled=False,
            stroked=True, get_line_color=RIVER, line_width_min_pixels=1.4, pickable=False,
        ),
    ]  # fmt: skip


def province_layer(ctx: MapContext) -> list[pdk.Layer]:
    if not ctx.provinces:
        return []
    return [
        pdk.Layer(
            "GeoJsonLayer", data=ctx.urls["provinces"], id="ctx-provinces", filled=False,
            stroked=True, get_line_color=PROVINCE_LINE, line_width_min_pixels=0.7,
            pickable=False,
        )
    ]  # fmt: skip


def tiles_for(view: dict, frame: MapFrame, zoom: int) -> list[tuple[int, int, int]]:
    """(z, x, y) of the OSM tiles covering `view` in a frame twice the nominal size (larger
    screens see more than the nominal frame)."""
    wide = MapFrame(frame.width * 2, frame.height * 2, 0)
    west, south, east, north = framing.visible_bounds(view, wide)
    n = 2**zoom

    def col(lon: float) -> int:
        return min(n - 1, max(0, int((lon + 180.0) / 360.0 * n)))

    def row(lat: float) -> int:
        _, y = framing.project(0.0, lat, zoom - 1)  # 512-px world at z-1 = 256-px tiles at z
        return min(n - 1, max(0, int(y / 256.0)))

    return [
        (zoom, x, y)
        for x in range(col(max(west, -180.0)), col(min(east, 179.999)) + 1)
        for y in range(row(min(north, 85.0)), row(max(south, -85.0)) + 1)
    ]


def tile_bounds(z: int, x: int, y: int) -> list[float]:
    """[west, south, east, north] of an XYZ tile."""
    west, north = framing.unproject(x * 256.0, y * 256.0, z - 1)
    east, south = framing.unproject((x + 1) * 256.0, (y + 1) * 256.0, z - 1)
    return [round(west, 5), round(south, 5), round(east, 5), round(north, 5)]


def basemap_layers(ctx: MapContext, view: dict, frame: MapFrame) -> list[pdk.Layer]:
    """The OSM tiles under the view as bitmaps, at the tile zoom that matches the map's zoom
    (deck.gl zoom z shows 256-px tiles of zoom z + 1 at their own size)."""
    if not ctx.basemap or not ctx.tile_url:
        return []
    zoom = max(0, min(TILE_MAX_ZOOM, round(float(view["zoom"]) + 1)))
    layers = []
    for z, x, y in tiles_for(view, frame, zoom):
        if ctx.tiles and (z, x, y) not in ctx.tiles:
            continue  # outside the extract: the sea-and-land layers show there
        url = ctx.tile_url.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))
        layer = pdk.Layer(
            "BitmapLayer", id=f"ctx-tile-{z}-{x}-{y}", bounds=tile_bounds(z, x, y), pickable=False
        )
        layer.image = url  # after construction: a string keyword would become an expression
        layers.append(layer)
    return layers


def place_rows(
    places: Mapping,
    view: dict,
    frame: MapFrame,
    presenter: bool,
    taken: Iterable[dict] = (),
    obstacles: Iterable[tuple[float, float, float]] = (),
) -> list[dict]:
    """Places worth a label at this view: shown from their zoom on, inside the frame, capitals
    first, none overprinting another, a data label in `taken` (rows with name, lon, lat) or a
    data marker in `obstacles` ((lon, lat, radius in pixels))."""
    zoom = float(view["zoom"])
    west, south, east, north = framing.visible_bounds(view, frame)
    rows = []
    for feature in places.get("features", []):
        p = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        if p["zoom"] > zoom + 0.6 or not (west < lon < east and south < lat < north):
            continue
        priority = (2 if p.get("capital") else 0) - p["rank"] / 10
        rows.append({"name": p["name"], "lon": lon, "lat": lat, "priority": priority})
    font = PLACE_FONT_PRESENTER if presenter else PLACE_FONT
    blocked = [{"name": t["name"], "lon": t["lon"], "lat": t["lat"], "priority": 99} for t in taken]
    marks = [_box_around(lon, lat, r, zoom) for lon, lat, r in obstacles]
    kept = declutter([*blocked, *rows], zoom, font, beside=True, blocked=marks)
    return [r for r in kept if r["priority"] != 99][:40]


def _box_around(lon: float, lat: float, radius: float, zoom: float) -> tuple[float, ...]:
    x, y = framing.project(lon, lat, zoom)
    return (x - radius, y - radius, x + radius, y + radius)


PLACE_FONT, PLACE_FONT_PRESENTER = 12.0, 20.0


def declutter(
    points: list[dict],
    zoom: float,
    font_px: float = 12.0,
    beside: bool = False,
    blocked: Iterable[tuple[float, ...]] = (),
) -> list[dict]:
    """The labels that fit without overprinting at `zoom`, highest `priority` first: centred
    above their point (data labels), or `beside` it, to the right (place names); `blocked`
    boxes (world pixels at `zoom`) take no label."""
    kept: list[tuple[float, ...]] = list(blocked)
    out = []
    char_w, height, gap = 0.56 * font_px, 1.2 * font_px, 3.0
    for p in sorted(points, key=lambda q: (-q["priority"], q["name"])):
        x, y = framing.project(p["lon"], p["lat"], zoom)
        w = char_w * len(p["name"])
        if beside and p["priority"] != 99:
            box = (x + 5 - gap, y - height / 2 - gap, x + 7 + w + gap, y + height / 2 + gap)
        else:
            box = (x - w / 2 - gap, y - height - 16 - gap, x + w / 2 + gap, y - 10 + gap)
        if any(
            not (box[2] < k[0] or k[2] < box[0] or box[3] < k[1] or k[3] < box[1]) for k in kept
        ):
            continue
        kept.append(box)
        out.append(p)
    return out


def place_layers(rows: list[dict], presenter: bool) -> list[pdk.Layer]:
    if not rows:
        return []
    dots = pdk.Layer(
        "ScatterplotLayer", data=rows, id="ctx-place-dots", get_position="[lon, lat]",
        get_radius=3 if presenter else 2, radius_units="'pixels'",
        get_fill_color=PLACE_TEXT, pickable=False,
    )  # fmt: skip
    labels = pdk.Layer(
        "TextLayer",
        data=rows,
        id="ctx-place-labels",
        get_position="[lon, lat]",
        get_text="name",
        get_size=PLACE_FONT_PRESENTER if presenter else PLACE_FONT,
        get_color=PLACE_TEXT,
        get_pixel_offset=[7, 0],
        get_text_anchor="'start'",
        get_alignment_baseline="'center'",
        font_family=FONT,
        character_set="'auto'",
        outline_width=2,
        outline_color=[255, 255, 255, 220],
        font_settings={"sdf": True},
        pickable=False,
    )
    return [dots, labels]


def under_layers(
    ctx: MapContext, view: dict, frame: MapFrame, highlight: Sequence[str], presenter: bool
) -> list[pdk.Layer]:
    """Every context layer that goes under the data, bottom first."""
    return [
        sea_layer(),
        *basemap_layers(ctx, view, frame),
        *land_layers(ctx, highlight, presenter),
        *water_layers(ctx),
        *province_layer(ctx),
    ]
