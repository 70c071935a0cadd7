"""The shared base of every map: an offline deck (no tile provider) framed to its data, with the
cartographic context underneath (`viz.context`), one tooltip template (`viz.tooltips`) and the
legend and label pieces the domain maps share.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pydeck as pdk

from dashboard_core.data.formatting import escape_html
from dashboard_core.viz import context, framing, tooltips
from dashboard_core.viz.context import MapContext
from dashboard_core.viz.framing import FRAME, PRESENTER_FRAME, MapFrame

# Streamlit's deck.gl component falls back to a CARTO basemap (a network fetch) whenever a MapView
# deck has no map style; this sentinel (the frontend's own placeholder, checked against Streamlit
# 1.67) is deleted by the frontend and suppresses that fallback, so the map stays offline.
NO_BASEMAP = "__MAP_STYLE__"
LABEL_FONT = "'Source Sans Pro, DejaVu Sans, sans-serif'"
LABEL_SIZE, LABEL_SIZE_PRESENTER = 13, 22
# Camera presets a scene can keep: fitted to what the map shows, or a fixed stretch of land.
CAMERAS: dict[str, str] = {
    "data": "Fit to the data",
    "six": "Central Asia and Afghanistan",
    "wide": "Europe to East Asia",
}
CAMERA_EXTENTS: dict[str, list[tuple[float, float]]] = {
    "six": [(46.5, 29.4), (87.3, 55.4)],
    "wide": [(-5.0, 8.0), (125.0, 62.0)],
}
REGION_EXTENT = CAMERA_EXTENTS["six"]


def frame_for(presenter: bool) -> MapFrame:
    return PRESENTER_FRAME if presenter else FRAME


def view_for(
    points: Iterable[tuple[float, float]],
    presenter: bool,
    camera: str = "data",
    margin: float = 0.0,
) -> dict:
    """The opening view: fitted to `points` (the features drawn), or to a camera preset; an
    empty map shows the region. `margin`: pixels more to keep free (the largest marker)."""
    pts = list(points)
    extent = CAMERA_EXTENTS.get(camera) or pts or REGION_EXTENT
    frame = frame_for(presenter)
    frame = MapFrame(frame.width, frame.height, frame.padding + margin)
    return framing.fit_view(extent, frame)


def text_layer(
    rows: Sequence[dict], presenter: bool = False, layer_id: str = "labels"
) -> pdk.Layer:
    """Bold labels over the data (rows need `name`, `lon`, `lat`), with the glyphs the names
    need (`characterSet: auto`: accented place names and dashes) and literal strings quoted so
    pydeck does not turn them into expressions."""
    return pdk.Layer(
        "TextLayer",
        data=list(rows),
        id=layer_id,
        get_position="[lon, lat]",
        get_text="name",
        get_size=LABEL_SIZE_PRESENTER if presenter else LABEL_SIZE,
        get_color=[20, 20, 20, 255],
        get_pixel_offset=[0, -16],
        font_family=LABEL_FONT,
        font_weight=context.LABEL_WEIGHT,
        character_set="'auto'",
        outline_width=3,
        outline_color=[255, 255, 255, 235],
        font_settings={"sdf": True},
        pickable=False,
    )


def map_deck(
    ctx: MapContext,
    data_layers: Sequence[pdk.Layer],
    points: Iterable[tuple[float, float]],
    highlight: Sequence[str] = (),
    presenter: bool = False,
    labels: Sequence[dict] = (),
    camera: str = "data",
    markers: Sequence[tuple[float, float, float]] = (),
) -> pdk.Deck:
    """An offline deck: context under the data, place names that collide neither with the data's
    own `labels` (drawn on top) nor with its `markers` ((lon, lat, radius px)), opened on the
    view that frames `points` (and the markers whole)."""
    frame = frame_for(presenter)
    margin = max((r for _, _, r in markers), default=0.0)
    view = view_for(points, presenter, camera, margin)
    font = LABEL_SIZE_PRESENTER if presenter else LABEL_SIZE
    chosen = set(highlight)
    ranked = [{**r, "priority": r.get("priority", 0) + (5 if r.get("code") in chosen else 0)}
              for r in labels]  # fmt: skip
    labels = [
        {k: r[k] for k in ("name", "lon", "lat")}
        for r in context.declutter(ranked, float(view["zoom"]), font)
    ]
    places = context.place_rows(ctx.places, view, frame, presenter, labels, markers)
    # One glyph set for both label layers: deck.gl then builds one font atlas, not two.
    glyphs = "".join(sorted({ch for r in [*places, *labels] for ch in r["name"]}))
    if places:
        glyphs = "".join(sorted(set(glyphs) | {context.PLACE_DOT}))
    layers = [
        *context.under_layers(ctx, view, frame, highlight, presenter),
        *context.place_layers(places, presenter, glyphs),
        *data_layers,
    ]
    if labels:
        layer = text_layer(labels, presenter, "data-labels")
        layer.character_set = glyphs  # set after construction: sent as text, not an expression
        layers.append(layer)
    deck = pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(**view),
        map_provider=None,
        map_style=None,
        tooltip=tooltips.spec(presenter),
    )
    deck.map_style = NO_BASEMAP
    return deck


def deck_view(deck: pdk.Deck) -> dict:
    """The deck's opening view as a plain dict (longitude, latitude, zoom, pitch, bearing)."""
    state = deck.initial_view_state
    return {
        "longitude": state.longitude,
        "latitude": state.latitude,
        "zoom": state.zoom,
        "pitch": state.pitch or 0,
        "bearing": state.bearing or 0,
    }


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
    "diamond": f"<span style='{_SWATCH}width:11px;height:11px;transform:rotate(45deg);"
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
    size = 20 if presenter else 13
    return (
        f"<div class='cam-map-legend' style='font-size:{size}px;line-height:1.7'>"
        + " ".join(parts)
        + "</div>"
    )
