"""Framing a map to its data: Web Mercator maths as deck.gl's MapView does it (512-pixel world
at zoom 0, pitch 0), so a view computed here shows every given point inside the frame.

The server does not know the browser's window: views are fitted to a nominal frame (`MapFrame`)
no larger than the map drawn at the smallest supported size, so every feature stays inside on
larger screens too (which then show more of the surroundings).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

WORLD_PX = 512.0
MAX_LAT = 85.05


@dataclass(frozen=True)
class MapFrame:
    """Width and height in CSS pixels the view must fit, and the margin kept free inside."""

    width: float
    height: float
    padding: float = 40.0


# Default pages: the map in the main column beside the sidebar (1280 px wide window).
FRAME = MapFrame(860.0, 520.0, 36.0)
# Presenter mode: the map below the top bar at 1280x720 (see ui/presenter.py, MAP_HEIGHT_CSS);
# 1920x1080 draws the same view larger around it.
PRESENTER_FRAME = MapFrame(1180.0, 500.0, 44.0)
MIN_ZOOM, MAX_ZOOM = 1.2, 6.0


def project(lon: float, lat: float, zoom: float = 0.0) -> tuple[float, float]:
    """World pixel coordinates (x east, y south) at `zoom`."""
    lat = max(min(lat, MAX_LAT), -MAX_LAT)
    scale = WORLD_PX * 2**zoom
    x = (lon + 180.0) / 360.0 * scale
    y = (1.0 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2.0 * scale
    return x, y


def unproject(x: float, y: float, zoom: float = 0.0) -> tuple[float, float]:
    scale = WORLD_PX * 2**zoom
    lon = x / scale * 360.0 - 180.0
    n = math.pi * (1.0 - 2.0 * y / scale)
    lat = math.degrees(math.atan(math.sinh(n)))
    return lon, lat


def fit_view(points: Iterable[tuple[float, float]], frame: MapFrame, max_zoom: float = 5.0) -> dict:
    """The MapView state (pitch 0) that shows every (lon, lat) inside `frame` minus its padding."""
    pts = [(float(x), float(y)) for x, y in points]
    if not pts:
        return {"longitude": 66.0, "latitude": 41.0, "zoom": 3.3, "pitch": 0, "bearing": 0}
    xs, ys = zip(*(project(lon, lat) for lon, lat in pts), strict=True)
    span_x = max(max(xs) - min(xs), 1e-6)
    span_y = max(max(ys) - min(ys), 1e-6)
    usable_w = max(frame.width - 2 * frame.padding, 50.0)
    usable_h = max(frame.height - 2 * frame.padding, 50.0)
    zoom = min(math.log2(usable_w / span_x), math.log2(usable_h / span_y), max_zoom)
    zoom = max(MIN_ZOOM, math.floor(zoom * 100) / 100)  # round down: never tighter than fits
    lon, lat = unproject((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
    return {
        "longitude": round(lon, 4),
        "latitude": round(lat, 4),
        "zoom": zoom,
        "pitch": 0,
        "bearing": 0,
    }


def screen_position(
    lon: float, lat: float, view: dict, width: float, height: float
) -> tuple[float, float]:
    """Pixel position of (lon, lat) in a map `width` x `height` showing `view` (pitch 0)."""
    zoom = float(view["zoom"])
    cx, cy = project(float(view["longitude"]), float(view["latitude"]), zoom)
    x, y = project(lon, lat, zoom)
    return width / 2 + (x - cx), height / 2 + (y - cy)


def visible_bounds(view: dict, frame: MapFrame) -> tuple[float, float, float, float]:
    """(west, south, east, north) shown by `view` in `frame`."""
    zoom = float(view["zoom"])
    cx, cy = project(float(view["longitude"]), float(view["latitude"]), zoom)
    west, north = unproject(cx - frame.width / 2, cy - frame.height / 2, zoom)
    east, south = unproject(cx + frame.width / 2, cy + frame.height / 2, zoom)
    return west, south, east, north


def curve(
    start: tuple[float, float], end: tuple[float, float], bend: float = 0.22, steps: int = 16
) -> list[list[float]]:
    """A flow line from `start` to `end` (lon, lat) bowed to its left, drawn flat on the map: a
    quadratic Bezier in Mercator space, so it reads as an arc at any zoom and never leaves the
    area its end points and its bow span (which the framing includes)."""
    x0, y0 = project(*start)
    x1, y1 = project(*end)
    dx, dy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 + dy * bend, (y0 + y1) / 2 - dx * bend
    out = []
    for i in range(steps + 1):
        t = i / steps
        x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1
        y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1
        lon, lat = unproject(x, y)
        out.append([round(lon, 3), round(lat, 3)])
    return out
