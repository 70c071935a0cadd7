"""Figures as image files for slides and print, drawn on the server with no network: charts by
vl-convert (Vega-Lite to PNG and SVG), maps by matplotlib from the deck's own layers and the
clean context files. Each image carries its title, legend, source line, data version and date.

Built only when a download button is clicked (the libraries are imported then, never at start-up).
"""

from __future__ import annotations

import copy
import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard_core.viz import framing
from dashboard_core.viz.context import MERGED_PARTS, feature_style, merged_context

SLIDE = (1920, 1080)  # px, 16:9
PRINT = (3508, 2480)  # px, A4 landscape at 300 dpi
FONT = "DejaVu Sans"


@dataclass(frozen=True)
class Caption:
    """What every image states besides the figure."""

    title: str
    sources: str  # "Sources: ..." line
    version: str  # data version
    date: str  # ISO date the image was drawn
    legend: Sequence[tuple[str, str, str]] = field(default_factory=tuple)  # (label, colour, shape)
    legend_text: str = ""

    @property
    def footer(self) -> str:
        return f"{self.sources}  ·  Data version {self.version}  ·  Drawn {self.date}"


# --- charts -----------------------------------------------------------------------------------


CHART_PLOT = (1480, 620)  # px of the plot area on a slide (single-view charts)
COMPOSED = ("facet", "hconcat", "vconcat", "concat", "repeat")


def chart_spec(spec: Mapping[str, Any], caption: Caption) -> dict:
    """The Vega-Lite spec laid out for a slide: the caption as title and subtitle, type sized
    for the back of a room, a single-view chart stretched over the slide (composed charts keep
    their panels' sizes); `chart_png` scales the whole for print."""
    out = _plain_json(copy.deepcopy(dict(spec)))
    out.pop("$schema", None)
    scale = 1.0
    if not any(key in out for key in COMPOSED):
        out["width"], out["height"] = CHART_PLOT
    old = out.get("title")
    heading = old.get("text") if isinstance(old, dict) else old
    out["title"] = {
        "text": caption.title if not heading else f"{caption.title}: {heading}",
        "subtitle": [caption.sources, f"Data version {caption.version} · drawn {caption.date}"],
        "anchor": "start",
        "fontSize": round(30 * scale),
        "subtitleFontSize": round(17 * scale),
        "subtitleColor": "#333333",
        "offset": round(14 * scale),
    }
    config = out.setdefault("config", {})
    for part in ("axis", "legend", "header"):
        config.setdefault(part, {})
    config["axis"].update(labelFontSize=round(18 * scale), titleFontSize=round(20 * scale))
    config["legend"].update(
        labelFontSize=round(18 * scale), titleFontSize=round(19 * scale), labelLimit=0
    )
    config["header"].update(labelFontSize=round(18 * scale), titleFontSize=round(19 * scale))
    config["background"] = "white"
    config.setdefault("font", FONT)
    return out


def _plain_json(value: Any) -> Any:
    """The spec as plain JSON values: data frames the chart templates keep as datasets become
    rows (dates as ISO text, as Altair would send them)."""
    if hasattr(value, "to_json") and hasattr(value, "columns"):
        return json.loads(value.to_json(orient="records", date_format="iso"))
    if isinstance(value, dict):
        return {k: _plain_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_json(v) for v in value]
    return value


def chart_png(spec: Mapping[str, Any], caption: Caption, size: tuple[int, int] = SLIDE) -> bytes:
    """A PNG of exactly `size` pixels: the chart rendered, then fitted on a white page."""
    import vl_convert as vlc

    raw = vlc.vegalite_to_png(chart_spec(spec, caption), scale=size[0] / SLIDE[0])
    return _on_page(raw, size)


def chart_svg(spec: Mapping[str, Any], caption: Caption, size: tuple[int, int] = SLIDE) -> bytes:
    """An SVG whose root states `size` (width and height) and scales the chart into it."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(chart_spec(spec, caption))
    return _sized_svg(svg, size).encode("utf-8")


def _sized_svg(svg: str, size: tuple[int, int]) -> str:
    head = re.search(r"<svg\b[^>]*>", svg)
    if not head:
        raise ValueError("vl-convert returned no <svg> element")
    tag = head.group(0)
    width = float(re.search(r'\bwidth="([\d.]+)', tag).group(1))
    height = float(re.search(r'\bheight="([\d.]+)', tag).group(1))
    new = re.sub(r'\s(width|height|viewBox|preserveAspectRatio)="[^"]*"', "", tag)
    new = new.replace(
        "<svg",
        f'<svg width="{size[0]}" height="{size[1]}" viewBox="0 0 {width:g} {height:g}" '
        'preserveAspectRatio="xMidYMid meet"',
        1,
    )
    return svg.replace(tag, new, 1)


def _on_page(png: bytes, size: tuple[int, int]) -> bytes:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    margin = round(size[0] * 0.02)
    box = (size[0] - 2 * margin, size[1] - 2 * margin)
    if image.width > box[0] or image.height > box[1]:
        image.thumbnail(box, Image.Resampling.LANCZOS)
    page = Image.new("RGB", size, "white")
    page.paste(image, ((size[0] - image.width) // 2, (size[1] - image.height) // 2))
    out = io.BytesIO()
    page.save(out, format="PNG", optimize=True)
    return out.getvalue()


# --- maps -------------------------------------------------------------------------------------


def _rgba(colour: Any, fallback=(0.5, 0.5, 0.5, 1.0)) -> tuple[float, ...]:
    if isinstance(colour, list | tuple) and len(colour) in (3, 4):
        alpha = colour[3] if len(colour) == 4 else 255
        return (colour[0] / 255, colour[1] / 255, colour[2] / 255, alpha / 255)
    return fallback


def _field(spec: Any) -> str | None:
    """The record field an accessor reads (pydeck sends `@@=name`), else None."""
    if isinstance(spec, str) and spec.startswith("@@="):
        name = spec[3:].strip()
        return name if re.fullmatch(r"\w+", name) else None
    return None


def _value(record: Mapping, spec: Any, default: Any = None) -> Any:
    name = _field(spec)
    if name is not None:
        return record.get(name, default)
    return default if spec is None or isinstance(spec, str) else spec


def _position(record: Mapping) -> tuple[float, float] | None:
    if "lon" in record and "lat" in record:
        return float(record["lon"]), float(record["lat"])
    return None


def _xy(lon: float, lat: float) -> tuple[float, float]:
    x, y = framing.project(lon, lat)
    return x, -y  # y up for matplotlib


class _MapPainter:
    """Draws deck layers (as pydeck serialises them) into matplotlib axes in Web Mercator."""

    def __init__(self, ax, px: float, clean_dir: Path, tiles: Mapping | None) -> None:
        self.ax, self.px, self.clean_dir, self.tiles = ax, px, clean_dir, tiles or {}

    def pt(self, pixels: float) -> float:
        """Deck pixels -> points on the image (`px`: points per deck pixel)."""
        return pixels * self.px

    def draw(self, layer: Mapping) -> None:
        kind = layer.get("@@type")
        handler = getattr(self, f"_{kind}", None)
        if handler is not None:
            handler(layer)

    def _SolidPolygonLayer(self, layer: Mapping) -> None:
        from matplotlib.patches import Polygon

        for record in layer.get("data") or []:
            ring = [_xy(*p) for p in record["polygon"]]
            colour = _rgba(_value(record, layer.get("getFillColor")))
            self.ax.add_patch(Polygon(ring, closed=True, facecolor=colour, edgecolor="none"))

    def _GeoJsonLayer(self, layer: Mapping) -> None:
        from matplotlib.collections import LineCollection, PolyCollection

        data = layer.get("data")
        if not isinstance(data, str):
            return
        collection = _context_file(self.clean_dir, data)
        if collection is None:
            return
        fill, line = layer.get("getFillColor"), layer.get("getLineColor")
        style = layer.get("camStyle")
        filled = layer.get("filled", True) and fill is not None
        stroked = layer.get("stroked", True)
        base_width = float(layer.get("lineWidthMinPixels") or 1.0)
        polys, faces, edges, widths, lines, line_colours = [], [], [], [], [], []
        for feature in collection["features"]:
            props = feature.get("properties") or {}
            geom = feature.get("geometry") or {}
            if style is not None:
                face_rgb, edge_rgb, width = feature_style(props, style)
                face, edge = _rgba(face_rgb), _rgba(edge_rgb)
            else:
                face, edge, width = _rgba(fill), _rgba(line), base_width
            if geom.get("type") in ("Polygon", "MultiPolygon"):
                parts = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
                for part in parts:
                    for ring in part:
                        polys.append([_xy(*p) for p in ring])
                        faces.append(face if filled else (0, 0, 0, 0))
                        edges.append(edge if stroked else (0, 0, 0, 0))
                        widths.append(self.pt(width))
            elif geom.get("type") in ("LineString", "MultiLineString"):
                kind = geom["type"]
                parts = [geom["coordinates"]] if kind == "LineString" else geom["coordinates"]
                for part in parts:
                    lines.append([_xy(*p) for p in part])
                    line_colours.append(edge)
        if polys:
            self.ax.add_collection(
                PolyCollection(polys, facecolors=faces, edgecolors=edges, linewidths=widths)
            )
        if lines:
            self.ax.add_collection(
                LineCollection(lines, colors=line_colours, linewidths=self.pt(1.4))
            )

    def _BitmapLayer(self, layer: Mapping) -> None:
        found = re.search(r"map-tiles/(\d+)/(\d+)/(\d+)\.png", str(layer.get("image", "")))
        png = self.tiles.get(tuple(int(v) for v in found.groups())) if found else None
        if png is None:
            return
        import matplotlib.image as mpimg

        west, south, east, north = layer["bounds"]
        x0, y0 = _xy(west, north)
        x1, y1 = _xy(east, south)
        image = mpimg.imread(io.BytesIO(png), format="png")
        self.ax.imshow(image, extent=(x0, x1, y1, y0), interpolation="bilinear", zorder=0.5)

    def _PathLayer(self, layer: Mapping) -> None:
        from matplotlib.collections import LineCollection

        segments, colours, widths = [], [], []
        for record in layer.get("data") or []:
            path = [_xy(*p) for p in _value(record, layer.get("getPath"), record.get("path"))]
            colour = _value(record, layer.get("getColor"), [80, 80, 80, 255])
            width = self.pt(float(_value(record, layer.get("getWidth"), 2.0)))
            per_vertex = isinstance(colour, list) and colour and isinstance(colour[0], list)
            for i in range(len(path) - 1):
                segments.append([path[i], path[i + 1]])
                colours.append(_rgba(colour[i] if per_vertex else colour))
                widths.append(width)
        if segments:
            self.ax.add_collection(
                LineCollection(segments, colors=colours, linewidths=widths, capstyle="butt")
            )

    def _ScatterplotLayer(self, layer: Mapping) -> None:
        xs, ys, sizes, faces, edges = [], [], [], [], []
        filled = layer.get("filled", True)
        for record in layer.get("data") or []:
            pos = _position(record)
            if pos is None:
                continue
            x, y = _xy(*pos)
            radius = self.pt(float(_value(record, layer.get("getRadius"), 4.0)))
            xs.append(x)
            ys.append(y)
            sizes.append(math.pi * radius**2)
            fill = _value(record, layer.get("getFillColor"), [0, 0, 0, 255])
            faces.append(_rgba(fill) if filled else (0, 0, 0, 0))
            stroke = _value(record, layer.get("getLineColor"), [255, 255, 255, 255])
            edges.append(_rgba(stroke) if layer.get("stroked") else (0, 0, 0, 0))
        if xs:
            self.ax.scatter(xs, ys, s=sizes, c=faces, edgecolors=edges, linewidths=self.pt(1.2),
                            zorder=3)  # fmt: skip

    def _TextLayer(self, layer: Mapping) -> None:
        import matplotlib.patheffects as effects

        anchor = str(layer.get("getTextAnchor", "")).strip("'")
        baseline = str(layer.get("getAlignmentBaseline", "")).strip("'")
        offset = layer.get("getPixelOffset") or [0, 0]
        for record in layer.get("data") or []:
            pos = _position(record)
            if pos is None:
                continue
            x, y = _xy(*pos)
            size = self.pt(float(_value(record, layer.get("getSize"), 12)))
            colour = _rgba(_value(record, layer.get("getColor"), [20, 20, 20, 255]))
            self.ax.annotate(
                str(_value(record, layer.get("getText"), "")),
                (x, y),
                xytext=(self.pt(offset[0]), -self.pt(offset[1])),
                textcoords="offset points",
                ha="left" if anchor == "start" else "center",
                va="center" if anchor == "start" or baseline == "center" else "bottom",
                fontsize=size,
                color=colour,
                fontweight="bold" if layer.get("fontWeight", 400) >= 600 else "normal",
                zorder=4,
                path_effects=[effects.withStroke(linewidth=self.pt(3), foreground="white")],
            )


def _sea_patch():
    from matplotlib.patches import Rectangle

    from dashboard_core.viz.context import SEA

    x0, y0 = _xy(-180.0, 85.0)
    x1, y1 = _xy(180.0, -85.0)
    return Rectangle((x0, y1), x1 - x0, y0 - y1, facecolor=_rgba(SEA), edgecolor="none", zorder=0)


def _context_file(clean_dir: Path, url: str) -> dict | None:
    """The collection a context layer's URL serves (see ui/routes.py), read from data/clean."""
    name = re.search(r"map-data/(\w+)\.geojson", url)
    if not name:
        return None
    names = [n for n, _ in MERGED_PARTS] if name.group(1) == "context" else [name.group(1)]
    paths_ = [clean_dir / f"{n}.geojson" for n in names]
    if not all(p.exists() for p in paths_):
        return None
    loaded = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in paths_}
    return merged_context(loaded) if name.group(1) == "context" else loaded[name.group(1)]


def map_png(
    deck_json: str,
    caption: Caption,
    clean_dir: Path,
    frame: framing.MapFrame,
    tiles: Mapping | None = None,
    size: tuple[int, int] = SLIDE,
) -> bytes:
    """A PNG of exactly `size` pixels: title, the map drawn from the deck's layers (the same
    view, the frame it was fitted to kept whole), legend and footer."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    spec = json.loads(deck_json)
    view = spec["initialViewState"]
    dpi = 100 * size[0] / SLIDE[0]
    fig = plt.figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi, facecolor="white")
    top, bottom = 0.095, 0.135  # fractions of the height: title above, legend and footer below
    ax = fig.add_axes((0.02, bottom, 0.96, 1 - top - bottom))
    area_w, area_h = 0.96 * size[0], (1 - top - bottom) * size[1]
    scale = min(area_w / frame.width, area_h / frame.height)  # image px per deck px
    zoom = float(view["zoom"])
    cx, cy = framing.project(float(view["longitude"]), float(view["latitude"]))
    half_w = area_w / scale / 2 / 2**zoom
    half_h = area_h / scale / 2 / 2**zoom
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(-(cy + half_h), -(cy - half_h))
    ax.set_axis_off()
    ax.add_patch(_sea_patch())
    painter = _MapPainter(ax, scale * 72 / dpi, clean_dir, tiles)
    for layer in spec.get("layers", []):
        painter.draw(layer)
    fig.text(0.02, 1 - 0.045, caption.title, fontsize=30 * 72 / 100, fontweight="bold",
             va="center", family=FONT)  # fmt: skip
    handles = [
        Line2D([], [], color=colour, marker=None if shape in ("line", "dash") else "o",
               linestyle={"line": "-", "dash": "--"}.get(shape, "none"), linewidth=4,
               markersize=11, markerfacecolor="none" if shape in ("ring", "dot") else colour,
               label=label)
        for label, colour, shape in caption.legend
    ]  # fmt: skip
    if handles:
        fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.02, 0.045),
                   ncol=min(4, len(handles)), frameon=False, fontsize=17 * 72 / 100)  # fmt: skip
    elif caption.legend_text:
        fig.text(0.02, 0.085, _wrapped(caption.legend_text, 150), fontsize=17 * 72 / 100,
                 va="center", family=FONT)  # fmt: skip
    fig.text(0.02, 0.012, _wrapped(caption.footer, 190), fontsize=13 * 72 / 100,
             color="#333333", va="bottom", family=FONT)  # fmt: skip
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, facecolor="white")
    plt.close(fig)
    return out.getvalue()


def _wrapped(text: str, width: int, lines: int = 2) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, max_lines=lines, placeholder=" …"))


def plain_legend(markup: str) -> str:
    """A legend written as Markdown/HTML, as one line of plain text."""
    text = re.sub(r"<[^>]+>", " ", markup or "")
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()
