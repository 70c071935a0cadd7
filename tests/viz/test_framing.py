"""Framing maths (Web Mercator as deck.gl's MapView) and flat flow curves."""

from __future__ import annotations

import pytest

from dashboard_core.viz import framing
from dashboard_core.viz.framing import MapFrame


def test_project_and_unproject_round_trip() -> None:
    x, y = framing.project(69.2, 41.3, 4.0)
    lon, lat = framing.unproject(x, y, 4.0)
    assert lon == pytest.approx(69.2) and lat == pytest.approx(41.3)
    assert framing.project(-180, 0) == pytest.approx((0.0, 256.0))


@pytest.mark.parametrize(
    "points",
    [
        [(69.2, 41.3), (69.2, 34.5)],  # Tashkent to Kabul
        [(69.2, 41.3), (-77.0, 38.9)],  # Tashkent to Washington
        [(4.35, 50.85), (116.4, 39.9), (69.2, 34.5)],  # Brussels, Beijing, Kabul
    ],
)
def test_fit_view_keeps_every_point_inside_the_padded_frame(points) -> None:
    frame = MapFrame(1180, 500, 44)
    view = framing.fit_view(points, frame)
    assert view["pitch"] == 0
    for lon, lat in points:
        x, y = framing.screen_position(lon, lat, view, frame.width, frame.height)
        assert frame.padding - 1 <= x <= frame.width - frame.padding + 1
        assert frame.padding - 1 <= y <= frame.height - frame.padding + 1


def test_fit_view_is_tight_on_one_axis() -> None:
    frame = MapFrame(1000, 500, 0)
    points = [(60.0, 35.0), (80.0, 45.0)]
    view = framing.fit_view(points, frame, max_zoom=20)
    xs, ys = zip(
        *(framing.screen_position(lo, la, view, 1000, 500) for lo, la in points), strict=True
    )
    assert max(max(xs) - min(xs) - 1000, max(ys) - min(ys) - 500) > -25  # fills one side


def test_curve_runs_between_its_ends_and_bows() -> None:
    path = framing.curve((69.2, 41.3), (69.2, 34.5))
    assert path[0] == [69.2, 41.3] and path[-1] == [69.2, 34.5]
    middle = path[len(path) // 2]
    assert middle[0] != pytest.approx(69.2, abs=0.5)  # bowed, not straight
    assert framing.curve((1, 1), (5, 5))[0] != framing.curve((5, 5), (1, 1))[len(path) // 2]
