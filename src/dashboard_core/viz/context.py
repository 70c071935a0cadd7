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

from dashboard_core.data.contract import FOCUS_ISO3 as FOCUS
from dashboard_core.viz import framing, tooltips
from dashboard_core.viz.framing import MapFrame

SEA = [214, 228, 238, 255]  # quiet blue: seas (the Caspian included) and lakes
LAND_WORLD = [241, 239, 234, 255]
LAND_NEIGHBOUR = [246, 244, 240, 255]
LAND_FOCUS = [236, 231, 220, 255]
LAND_HIGHLIGHT = [255, 241, 204, 255]
HIGHLIGHT_OVER_TILES = [255, 200, 60, 70]
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


CLEAR = [0, 0, 0, 0]
# The context files merged into one layer (one fetch, one set of sublayers), bottom first.
MERGED_PARTS: tuple[tuple[str, str], ...] = (
    ("world", "world"),
    ("boundaries", "region"),
    ("water", "water"),
    ("rivers", "river"),
)
CONTEXT_KINDS: Mapping[str, str] = {
    "world": "Country",
    "region": "Country",
    "water": "Lake or sea",
    "river": "River",
}
# What a hovered context feature names as its source (the geometry's, from the catalogue).
CONTEXT_SOURCES: Mapping[str, str] = {
    "world": "Source: Natural Earth, 1:110m countries",
    "region": "Source: Natural Earth, 1:50m countries (de facto boundaries)",
    "water": "Source: Natural Earth, 1:50m lakes",
    "river": "Source: Natural Earth, 1:10m rivers",
}


def merged_context(collections: Mapping[str, Mapping]) -> dict:
    """One FeatureCollection of the world, the region, lakes and rivers, each feature tagged
    with its `kind` (and world features of the six with `inner`: the region draws their lines),
    so a single GeoJsonLayer draws the whole context."""
    features = []
    for name, kind in MERGED_PARTS:
        for feature in collections.get(name, {}).get("features", []):
            props = dict(feature.get("properties") or {})
            props["kind"] = kind
            if kind == "world":
                props["inner"] = props.get("iso3") in FOCUS
            lines = [CONTEXT_KINDS[kind], props.get("disputed_note") if kind == "region" else ""]
            props.update(tooltips.fields(props.get("name"), lines, CONTEXT_SOURCES[kind]))
            features.append(
                {"type": "Feature", "properties": props, "geometry": feature["geometry"]}
            )
    return {"type": "FeatureCollection", "features": features}


def _fill_expression(highlight: Sequence[str], basemap: bool = False) -> str:
    """deck.gl JSON expression for a context feature's fill: world land, lakes, the focus
    countries shaded and the highlighted ones warm. The neighbours in the region file are
    clipped to a box: they stay clear, the world's countries under them draw them whole. Over
    the basemap only the highlight shows, faintly."""
    codes = sorted({c for c in highlight if c.isalpha() and len(c) == 3})
    chosen = " || ".join(f"properties.iso3 == '{code}'" for code in codes) or "false"
    if basemap:
        return f"properties.kind == 'region' && ({chosen}) ? {HIGHLIGHT_OVER_TILES} : {CLEAR}"
    region = (
        f"({chosen}) ? {LAND_HIGHLIGHT} : (properties.group == 'focus' ? {LAND_FOCUS} : {CLEAR})"
    )
    return (
        f"properties.kind == 'world' ? {LAND_WORLD} : properties.kind == 'water' ? {SEA} : "
        f"properties.kind == 'region' ? ({region}) : {CLEAR}"
    )


def _line_expression(border: list[int], basemap: bool = False) -> str:
    world = CLEAR if basemap else WORLD_LINE
    river = CLEAR if basemap else RIVER
    return (
        f"properties.kind == 'world' ? (properties.inner ? {CLEAR} : {world}) : "
        f"properties.kind == 'region' ? (properties.group == 'focus' ? {border} : {CLEAR}) : "
        f"properties.kind == 'river' ? {river} : {CLEAR}"
    )


def _width_expression(presenter: bool) -> str:
    region = 1.6 if presenter else 0.9
    return f"properties.kind == 'region' ? {region} : properties.kind == 'river' ? 1.4 : 0.6"


def feature_style(props: Mapping, style: Mapping) -> tuple[list[int], list[int], float]:
    """(fill, line, line width px) of one merged-context feature: the same rules as the deck
    expressions above, for the server-drawn map images. `style`: highlight, basemap, presenter."""
    kind, basemap = props.get("kind"), bool(style.get("basemap"))
    focus = props.get("group") == "focus"
    chosen = props.get("iso3") in set(style.get("highlight", ()))
    if basemap:
        fill = HIGHLIGHT_OVER_TILES if kind == "region" and chosen else CLEAR
    elif kind == "world":
        fill = LAND_WORLD
    elif kind == "water":
        fill = SEA
    elif kind == "region":
        fill = LAND_HIGHLIGHT if chosen else (LAND_FOCUS if focus else CLEAR)
    else:
        fill = CLEAR
    border = BORDER_LINE_PRESENTER if style.get("presenter") else BORDER_LINE
    line = {
        "world": CLEAR if basemap or props.get("inner") else WORLD_LINE,
        "region": border if focus else CLEAR,
        "river": CLEAR if basemap else RIVER,
    }.get(kind, CLEAR)
    width = {"region": 1.6 if style.get("presenter") else 0.9, "river": 1.4}.get(kind, 0.6)
    return fill, line, width


def land_layers(ctx: MapContext, highlight: Sequence[str], presenter: bool) -> list[pdk.Layer]:
    """World, region, lakes and rivers in one layer from `ctx.urls["context"]`."""
    border = BORDER_LINE_PRESENTER if presenter else BORDER_LINE
    layer = pdk.Layer(
        "GeoJsonLayer",
        data=ctx.urls["context"],
        id="ctx-land",
        filled=True,
        stroked=True,
        get_fill_color=_fill_expression(highlight, ctx.basemap),
        get_line_color=_line_expression(border, ctx.basemap),
        get_line_width=_width_expression(presenter),
        line_width_units="'pixels'",
        # Pickable (a hovered feature names itself) also lets the borders share the data paths'
        # draw pipeline: in software WebGL, a second PathLayer pipeline took about 1 s to compile.
        pickable=True,
    )
    layer.update_triggers = {"getFillColor": [sorted(set(highlight)), ctx.basemap]}
    # Read back by the image renderer (viz.images), which applies `feature_style`.
    layer.cam_style = {
        "highlight": sorted(set(highlight)), "basemap": ctx.basemap, "presenter": presenter,
    }  # fmt: skip
    return [layer]


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


LABEL_WEIGHT = 700  # place names and data labels share it (and so one font atlas)
# Each place's dot is this character drawn by a TextLayer like its name: in software WebGL (the
# headless Chromium of the tests and benchmarks) every layer type costs a shader pipeline compiled
# on its first draw, and a ScatterplotLayer for the dots cost 0.3-1 s of it on maps that draw no
# other points (scripts/trace_map_load.py).
PLACE_DOT = "\u2022"


def place_layers(rows: list[dict], presenter: bool, glyphs: str = "") -> list[pdk.Layer]:
    if not rows:
        return []
    size = PLACE_FONT_PRESENTER if presenter else PLACE_FONT
    dots = _place_text(
        [{"mark": PLACE_DOT, "lon": r["lon"], "lat": r["lat"]} for r in rows],
        "ctx-place-dots", "mark", size, [0, 0], "'middle'",
    )  # fmt: skip
    labels = _place_text(rows, "ctx-place-labels", "name", size, [7, 0], "'start'")
    chars = "".join(sorted(set(glyphs) | {PLACE_DOT})) if glyphs else ""
    for layer in (dots, labels):
        if chars:
            layer.character_set = chars  # after construction: sent as text, not an expression
    return [dots, labels]


def _place_text(
    rows: list[dict], layer_id: str, text: str, size: float, offset: list[int], anchor: str
) -> pdk.Layer:
    return pdk.Layer(
        "TextLayer",
        data=rows,
        id=layer_id,
        get_position="[lon, lat]",
        get_text=text,
        get_size=size,
        get_color=PLACE_TEXT,
        get_pixel_offset=offset,
        get_text_anchor=anchor,
        get_alignment_baseline="'center'",
        font_family=FONT,
        font_weight=LABEL_WEIGHT,
        character_set="'auto'",
        outline_width=2,
        outline_color=[255, 255, 255, 220],
        font_settings={"sdf": True},
        pickable=False,
    )


def under_layers(
    ctx: MapContext, view: dict, frame: MapFrame, highlight: Sequence[str], presenter: bool
) -> list[pdk.Layer]:
    """Every context layer that goes under the data, bottom first."""
    return [
        *basemap_layers(ctx, view, frame),
        *land_layers(ctx, highlight, presenter),
        *province_layer(ctx),
    ]
