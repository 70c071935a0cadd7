"""Charts for the corridors page (Vega-Lite specs, see `viz.specs.SpecChart`): the
schedule and the trade between a corridor's countries."""

from __future__ import annotations

import pandas as pd

from dashboard_core.corridors.transforms import STATUS_LABELS
from dashboard_core.data.formatting import format_usd
from dashboard_core.viz.palette import STATUS_COLOURS
from dashboard_core.viz.specs import SpecChart, records, spec_chart, tip


def _status_scale(statuses: list[str]) -> dict:
    present = [s for s in STATUS_COLOURS if s in statuses]
    return {
        "domain": [STATUS_LABELS[s] for s in present],
        "range": [STATUS_COLOURS[s] for s in present],
    }


UNKNOWN_DASH = [3, 4]
UNDATED_WORDS = "years not given"


def schedule_domain(
    bars: pd.DataFrame, points: pd.DataFrame, fallback: tuple[int, int] | None = None
) -> tuple[int, int]:
    """The years the schedule spans (end exclusive): one year either side of every known year;
    with no year known, the selected years."""
    known = [*bars.get("x0", []), *bars.get("x1", [])]
    known += [*points.get("year", []), *(y + 1 for y in points.get("year", []))]
    if known:
        return int(min(known)) - 1, int(max(known)) + 1
    lo, hi = fallback or (2000, 2030)
    return int(lo), int(hi) + 1


def unknown_spans(
    points: pd.DataFrame, undated: pd.DataFrame, domain: tuple[int, int]
) -> pd.DataFrame:
    """Dashed lines for the years the sources do not give: from a known start to the edge (no
    completion year), from the edge to a known completion (no start year), the whole width for a
    corridor with neither."""
    lo, hi = domain
    cols = ["corridor_id", "name", "status", "status_label", "mode_label", "years_text"]
    parts = []
    if not points.empty:
        start_only = points["point_kind"].str.startswith("start")
        ends = points.assign(
            u0=[y + 0.5 if s else lo for y, s in zip(points["year"], start_only, strict=True)],
            u1=[hi if s else y + 0.5 for y, s in zip(points["year"], start_only, strict=True)],
        )
        parts.append(ends[[*cols, "u0", "u1"]])
    if not undated.empty:
        parts.append(undated[cols].assign(u0=lo, u1=hi))
    if not parts:
        return pd.DataFrame(columns=[*cols, "u0", "u1"])
    return pd.concat(parts, ignore_index=True)


def schedule_order(bars: pd.DataFrame, points: pd.DataFrame, undated: pd.DataFrame) -> list[str]:
    """Every corridor: dated ones by start, then those with one known year, then those with
    none (by status, then name)."""
    rank = {s: i for i, s in enumerate(STATUS_LABELS)}
    rest = undated.assign(_r=undated["status"].map(rank)).sort_values(["_r", "name"])
    order = [*bars["name"], *points.sort_values("year")["name"], *rest["name"]]
    return list(dict.fromkeys(order))


def schedule_chart(
    bars: pd.DataFrame,
    points: pd.DataFrame,
    selected: str | None = None,
    presenter: bool = False,
    undated: pd.DataFrame | None = None,
    years: tuple[int, int] | None = None,
) -> SpecChart:
    """Every corridor on its own row, coloured by status: a bar from 1 January of the start year
    to the end of the completion year; a single known year as a mark (triangle: start only;
    diamond: completion only) with a dashed line towards the year the sources do not give; a
    corridor with no year at all as a dashed line across the whole chart ("years not given").
    Nothing is invented: dashed means unknown."""
    undated = undated if undated is not None else bars.iloc[0:0]
    statuses = sorted(
        set(bars.get("status", [])) | set(points.get("status", [])) | set(undated.get("status", []))
    )
    order = schedule_order(bars, points, undated)
    domain = schedule_domain(bars, points, years)
    y = {
        "field": "name",
        "type": "nominal",
        "title": None,
        "sort": order,
        "scale": {"domain": order},
        "axis": {"labelLimit": 420 if presenter else 340},
    }
    x_scale = {"domain": list(domain), "zero": False, "nice": False}
    colour = {
        "field": "status_label",
        "type": "nominal",
        "title": "Status",
        "scale": _status_scale(statuses),
        "legend": {"orient": "bottom", "direction": "horizontal", "columns": 3},
    }
    tooltip = [
        tip("name", "nominal", "Corridor"),
        tip("status_label", "nominal", "Status"),
        tip("mode_label", "nominal", "Mode"),
        tip("years_text", "nominal", "Years"),
    ]
    cols = ["corridor_id", "name", "status_label", "mode_label", "years_text"]
    spans = unknown_spans(points, undated, domain)
    layers = [
        {
            "data": {"values": records(spans[[*cols, "u0", "u1"]])},
            "mark": {
                "type": "rule",
                "strokeDash": UNKNOWN_DASH,
                "strokeWidth": 3 if presenter else 2,
                "opacity": 0.55,
            },
            "encoding": {
                "y": y,
                "x": {
                    "field": "u0",
                    "type": "quantitative",
                    "title": "Year (dashed: not given by the sources)",
                    "scale": x_scale,
                    "axis": {"format": "d", "tickMinStep": 1},
                },
                "x2": {"field": "u1"},
                "color": colour,
                "tooltip": tooltip,
            },
        }
    ]
    bar_data = bars.assign(picked=bars["corridor_id"] == selected)[[*cols, "x0", "x1", "picked"]]
    layers.append(
        {
            "data": {"values": records(bar_data)},
            "mark": {"type": "bar", "height": {"band": 0.7}, "cornerRadius": 2},
            "encoding": {
                "y": y,
                "x": {"field": "x0", "type": "quantitative", "scale": x_scale},
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
    )
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
                    "x": {"field": "x", "type": "quantitative", "scale": x_scale},
                    "color": colour,
                    "shape": {"field": "shape", "type": "nominal", "scale": None},
                    "tooltip": tooltip,
                },
            }
        )
    if not undated.empty:
        words = undated[cols].assign(x=(domain[0] + domain[1]) / 2, words=UNDATED_WORDS)
        layers.append(
            {
                "data": {"values": records(words)},
                "mark": {
                    "type": "text",
                    "fontSize": 14 if presenter else 10,
                    "fontStyle": "italic",
                    "color": "#555555",
                    "dy": -7 if presenter else -6,
                },
                "encoding": {
                    "y": y,
                    "x": {"field": "x", "type": "quantitative", "scale": x_scale},
                    "text": {"field": "words", "type": "nominal"},
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
        turnover_musd=data["turnover_usd"] / 1e6,
        turnover_text=[format_usd(v, missing="no figure") for v in data["turnover_usd"]],
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
            tip("turnover_text", "nominal", "Turnover"),
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
