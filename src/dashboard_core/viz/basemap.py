"""Base map pieces shared by every page: our own boundary layer and an offline deck.

Maps never fetch tiles: `map_provider=None` and the boundaries come from data/clean.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pydeck as pdk

from dashboard_core.data.formatting import escape_html

REGION_VIEW = {"latitude": 39.0, "longitude": 66.0, "zoom": 3.7, "pitch": 0, "bearing": 0}
LAND_FOCUS = [236, 231, 220, 255]
LAND_NEIGHBOUR = [246, 244, 240, 255]
LAND_HIGHLIGHT = [255, 241, 204, 255]
BORDER_LINE = [110, 110, 110, 255]
BORDER_LINE_PRESENTER = [30, 30, 30, 255]


def boundary_layer(
    boundaries: dict, highlight: Iterable[str] = (), presenter: bool = False
) -> pdk.Layer:
    """Country polygons, focus countries shaded, the highlighted ones warmer."""
    highlighted = set(highlight)
    features = []
    for feature in boundaries.get("features", []):
        props = dict(feature.get("properties", {}))
        if props.get("iso3") in highlighted:
            props["fill"] = LAND_HIGHLIGHT
        elif props.get("group") == "focus":
            props["fill"] = LAND_FOCUS
        else:
            props["fill"] = LAND_NEIGHBOUR
        features.append({**feature, "properties": props})
    return pdk.Layer(
        "GeoJsonLayer",
        data={"type": "FeatureCollection", "features": features},
        id="boundaries",
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=BORDER_LINE_PRESENTER if presenter else BORDER_LINE,
        line_width_min_pixels=1.5 if presenter else 0.8,
        pickable=False,
    )


def label_layer(
    rows: Sequence[dict], presenter: bool = False, layer_id: str = "labels"
) -> pdk.Layer:
    """Text labels; rows need `name`, `lon`, `lat`."""
    layer = pdk.Layer(
        "TextLayer",
        data=list(rows),
        id=layer_id,
        get_position="[lon, lat]",
        get_text="name",
        get_size=18 if presenter else 12,
        get_color=[20, 20, 20, 255],
        get_pixel_offset=[0, -14],
        outline_width=3,
        outline_color=[255, 255, 255, 230],
        font_settings={"sdf": True},
        pickable=False,
    )
    # Set after construction: pydeck turns string keyword arguments into JS expressions.
    layer.font_family = '"Source Sans Pro", "DejaVu Sans", sans-serif'
    layer.character_set = "auto"  # accented place names (Mazār-e Sharīf)
    return layer


def make_deck(
    layers: Sequence[pdk.Layer],
    tooltip: dict | bool = True,
    view: dict | None = None,
    presenter: bool = False,
) -> pdk.Deck:
    """An offline deck: no basemap provider, our own boundaries underneath."""
    view_state = pdk.ViewState(**{**REGION_VIEW, **(view or {})})
    if presenter and not view:
        view_state.zoom = REGION_VIEW["zoom"] + 0.4
    return pdk.Deck(
        layers=list(layers),
        initial_view_state=view_state,
        map_provider=None,
        map_style=None,
        tooltip=tooltip,
    )


_SWATCH = "display:inline-block;vertical-align:middle;margin-right:5px;"
# Legend swatches by shape; "{c}" is the item's colour.
LEGEND_SWATCHES: dict[str, str] = {
    "line": f"<span style='{_SWATCH}width:22px;height:5px;background:{{c}};border-radius:2px'>"
    "</span>",
    "dash": f"<span style='{_SWATCH}width:22px;border-top:4px dashed {{c}}'></span>",
    "dot": f"<span style='{_SWATCH}width:9px;height:9px;border-radius:50%;background:white;"
    "border:2px solid {c}'></span>",
    "ring": f"<span style='{_SWATCH}width:12px;height:12px;border-radius:50%;"
    "border:2px solid {c}'></span>",
    "size": "<span style='display:inline-block;vertical-align:middle;margin-right:2px;width:6px;"
    "height:6px;border-radius:50%;background:{c}'></span>"
    f"<span style='{_SWATCH}width:13px;height:13px;border-radius:50%;background:{{c}}'></span>",
    "circle": f"<span style='{_SWATCH}width:12px;height:12px;border-radius:50%;"
    "background:{c}'></span>",
}


def legend_html(items: Sequence[dict], presenter: bool = False) -> str:
    """A compact HTML legend (inline styles only) for items with `label`, `colour`, `shape`."""
    parts = []
    for item in items:
        template = LEGEND_SWATCHES.get(item["shape"], LEGEND_SWATCHES["circle"])
        swatch = template.replace("{c}", escape_html(item["colour"]))
        parts.append(
            f"<span style='margin-right:14px;white-space:nowrap'>{swatch}"
            f"{escape_html(item['label'])}</span>"
        )
    size = 16 if presenter else 13
    return f"<div style='font-size:{size}px;line-height:1.9'>" + " ".join(parts) + "</div>"


# Streamlit's deck.gl component falls back to a CARTO basemap (a network fetch) whenever a MapView
# deck has no map style; this sentinel (the frontend's own placeholder, checked against Streamlit
# 1.67) is deleted by the frontend and suppresses that fallback, so the map stays offline.
NO_BASEMAP = "__MAP_STYLE__"
TOOLTIP_STYLE = {
    "backgroundColor": "white",
    "color": "#111",
    "fontSize": "13px",
    "border": "1px solid #999",
    "maxWidth": "360px",
}


def mercator_pixels(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates at `zoom` (512-px world tiles, as deck.gl's MapView)."""
    scale = 512 * 2**zoom / (2 * math.pi)
    lat = max(min(lat, 85.0), -85.0)
    x = scale * (math.radians(lon) + math.pi)
    y = scale * (math.pi - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))
    return x, y


def declutter(points: list[dict], zoom: float, font_px: float = 12.0) -> list[dict]:
    """The labels that fit without overprinting at the opening zoom, highest `priority` first.

    Every place keeps its marker and tooltip; only its text label may be left out. (deck.gl's
    CollisionFilterExtension would do this per frame, but it hides every label in Streamlit's
    bundle, checked against Streamlit 1.67.)
    """
    kept: list[tuple[float, float, float, float]] = []
    out = []
    char_w, height, gap = 0.58 * font_px, 1.25 * font_px, 2.0
    for p in sorted(points, key=lambda q: (-q["priority"], q["name"])):
        x, y = mercator_pixels(p["lon"], p["lat"], zoom)
        w = char_w * len(p["name"])
        box = (x - w / 2 - gap, y - 16 - height - gap, x + w / 2 + gap, y - 16 + gap)
        if any(
            not (box[2] < k[0] or k[2] < box[0] or box[3] < k[1] or k[3] < box[1]) for k in kept
        ):
            continue
        kept.append(box)
        out.append(p)
    return out


def text_layer(rows: list[dict], presenter: bool = False, layer_id: str = "labels") -> pdk.Layer:
    """Labels like `label_layer`, but with the glyphs the names need (`characterSet: auto`:
    deck.gl's default atlas is ASCII only, so Mazār-e Sharīf or an en dash would lose letters) and
    literal strings quoted so pydeck does not turn them into expressions."""
    return pdk.Layer(
        "TextLayer",
        data=list(rows),
        id=layer_id,
        get_position="[lon, lat]",
        get_text="name",
        get_size=17 if presenter else 12,
        get_color=[20, 20, 20, 255],
        get_pixel_offset=[0, -16],
        font_family="'Source Sans Pro, DejaVu Sans, sans-serif'",
        font_weight=600,
        character_set="'auto'",
        outline_width=3,
        outline_color=[255, 255, 255, 235],
        font_settings={"sdf": True},
        pickable=False,
    )


def offline_deck(layers: list[pdk.Layer], presenter: bool = False) -> pdk.Deck:
    """`make_deck` with the shared `{tip}` tooltip and no basemap fallback (see NO_BASEMAP)."""
    deck = make_deck(layers, tooltip={"html": "{tip}", "style": TOOLTIP_STYLE}, presenter=presenter)
    deck.map_style = NO_BASEMAP
    return deck
