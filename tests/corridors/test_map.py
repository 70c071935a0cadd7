"""Unit tests: corridor transforms, distance method, schedule, card pieces, chart and deck specs."""

from __future__ import annotations

from dashboard_core.corridors import map as cmap


def test_declutter_keeps_priority_and_drops_overlaps():
    pts = [
        {"name": "Alpha", "lon": 69.0, "lat": 34.5, "priority": 0},
        {"name": "Beta", "lon": 69.05, "lat": 34.55, "priority": 1},
        {"name": "Gamma", "lon": 75.0, "lat": 40.0, "priority": 0},
    ]
    kept = [p["name"] for p in cmap.declutter(pts, zoom=3.7)]
    assert kept == ["Beta", "Gamma"]
    assert len(cmap.declutter(pts, zoom=9)) == 3  # zoomed in, everything fits


def test_legend(prepared):
    items = cmap.legend_items(prepared)
    assert any(i["shape"] == "dash" for i in items)
    assert "Dashed: schematic" in cmap.legend_html(items)
