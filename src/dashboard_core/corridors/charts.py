"""Charts for the corridors page (Vega-Lite specs, see `viz.specs.SpecChart`): the
schedule and the trade between a corridor's countries."""

from __future__ import annotations

import pandas as pd

from dashboard_core.corridors.transforms import STATUS_LABELS
from dashboard_core.viz.palette import STATUS_COLOURS
from dashboard_core.viz.specs import SpecChart, records, spec_chart, tip


def _status_scale(statuses: list[str]) -> dict:
    present = [s for s in STATUS_COLOURS if s in statuses]
    return {
        "domain": [STATUS_LABELS[s] for s in present],
        "range": [STATUS_COLOURS[s] for s in present],
    }


def schedule_chart(
    bars: pd.DataFrame,
    points: pd.DataFrame,
    selected: str | None = None,
    presenter: bool = False,
) -> SpecChart:
    """Each dated corridor from start to (planned or actual) completion, coloured by status.

    A bar runs from 1 January of the start year to the end of the completion year. Corridors with
    only one known year get a single mark in that year (triangle: start only; diamond: completion
    only). Undated corridors are not drawn (the page lists them in words).
    """
    statuses = sorted(set(bars.get("status", [])) | set(points.get("status", [])))
    order = list(bars["name"]) + [n for n in points.get("name", []) if n not in set(bars["name"])]
    y = {
        "field": "name",
        "type": "nominal",
        "title": None,
        "sort": order,
        "scale": {"domain": order},
        "axis": {"labelLimit": 420 if presenter else 340},
    }
    colour = {
        "field": "status_label",
        "type": "nominal",
        "title": "Status",
        "scale": _status_scale(statuses),
        "legend": {"orient": "bottom", "direction": "horizontal"},
    }
    tooltip = [
        tip("name", "nominal", "Corridor"),
        tip("status_label", "nominal", "Status"),
        tip("mode_label", "nominal", "Mode"),
        tip("years_text", "nominal", "Years"),
    ]
    cols = ["corridor_id", "name", "status_label", "mode_label", "years_text"]
    bar_data = bars.assign(picked=bars["corridor_id"] == selected)[[*cols, "x0", "x1", "picked"]]
    layers = [
        {
            "data": {"values": records(bar_data)},
            "mark": {"type": "bar", "height": {"band": 0.7}, "cornerRadius": 2},
            "encoding": {
                "y": y,
                "x": {
                    "field": "x0",
                    "type": "quantitative",
                    "title": "Year",
                    "scale": {"zero": False, "nice": False},
                    "axis": {"format": "d", "tickMinStep": 1},
                },
                "x2": {"field": "x1"},
                "color": colour,
                "stroke": {
                    "condition": {"test": "datum.picked", "value": "#111111"},
                    "value": None,
                },
                "strokeWidth": {"condition": {"test": "datum.picked", "value": 2.5}, "value": 0},
                "tooltip": tooltip,
            },
        }
    ]
    if not points.empty:
        pt_data = points.assign(
            x=points["year"].astype(int) + 0.5,
            shape=points["point_kind"]
            .str.startswith("start")
            .map({True: "triangle-right", False: "diamond"}),
        )[[*cols, "x", "shape"]]
        layers.append(
            {
                "data": {"values": records(pt_data)},
                "mark": {
                    "type": "point",
                    "filled": True,
                    "size": 220 if presenter else 140,
                    "opacity": 1,
                },
                "encoding": {
                    "y": y,
                    "x": {"field": "x", "type": "quantitative"},
                    "color": colour,
                    "shape": {"field": "shape", "type": "nominal", "scale": None},
                    "tooltip": tooltip,
                },
            }
        )
    spec = {"layer": layers, "height": {"step": 34 if presenter else 26}}
    return spec_chart(spec, presenter)


def trade_along_chart(frame: pd.DataFrame, presenter: bool = False) -> SpecChart:
    """Yearly turnover between the corridor's countries, one line per reporter and partner.

    Missing years inside a series break the line (rows with an empty value are added for them).
    """
    pieces = []
    for series, grp in frame.groupby("series", sort=True):
        years = range(int(grp["year"].min()), int(grp["year"].max()) + 1)
        g = grp.set_index(grp["year"].astype(int)).reindex(years)
        g["series"] = series
        g.index.name = "year"
        pieces.append(g.drop(columns=["year"], errors="ignore").reset_index())
    data = pd.concat(pieces, ignore_index=True) if pieces else frame
    data = data[["series", "year", "turnover_usd", "turnover_basis", "source_ids"]].assign(
        turnover_musd=data["turnover_usd"] / 1e6
    )
    encoding = {
        "x": {
            "field": "year",
            "type": "quantitative",
            "title": "Year",
            "axis": {"format": "d", "tickMinStep": 1},
        },
        "y": {"field": "turnover_musd", "type": "quantitative", "title": "Turnover, US$ million"},
        "color": {
            "field": "series",
            "type": "nominal",
            "title": None,
            "legend": {"orient": "bottom", "columns": 1, "labelLimit": 600},
        },
        "tooltip": [
            tip("series", "nominal", "Series"),
            tip("year", "quantitative", "Year", format="d"),
            tip("turnover_musd", "quantitative", "US$ million", format=",.1f"),
            tip("turnover_basis", "nominal", "Basis"),
            tip("source_ids", "nominal", "Source"),
        ],
    }
    spec = {
        "data": {"values": records(data)},
        "layer": [
            {"mark": {"type": "line"}, "encoding": encoding},
            {"mark": {"type": "point", "filled": True}, "encoding": encoding},
        ],
        "height": 380 if presenter else 320,
    }
    return spec_chart(spec, presenter)
