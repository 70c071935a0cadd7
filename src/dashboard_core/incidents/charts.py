"""Charts for the incidents page, as Vega-Lite specs behind Altair's chart interface.

Inputs are already aggregated (a few hundred rows at most). Casualty ranges are drawn as two
stacked segments: a solid bar up to the lowest count the sources give, a pale bar from there to the
highest. Where the sources agree the pale part has zero height.

Why plain specs (`SpecChart`): building these charts through Altair's API and validating them cost
100-250 ms per chart on every filter change; a dict costs well under a millisecond. `SpecChart` is
an `alt.Chart` for Streamlit and the shell (`to_dict`, `configure_*`, `properties`); the unit tests
validate every spec against the Vega-Lite schema (`to_dict(validate=True)`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard_core.incidents.transforms import range_text
from dashboard_core.viz.specs import SpecChart, layer, records, spec_chart, tip

INCIDENT_COLOUR = "#0072B2"
KILLED_LOW_COLOUR = "#D55E00"
KILLED_HIGH_COLOUR = "#F4B183"
ANNOTATION_COLOUR = "#555555"
SEGMENT_LOW = "Killed (lowest count given)"
SEGMENT_HIGH = "Killed (highest count given)"


def _axis_extra(presenter: bool) -> dict:
    return {"labelLimit": 300 if presenter else 240}


def _segments(frame: pd.DataFrame, keys: Sequence[str]) -> list[dict]:
    """Rows of (key..., segment, y0, y1, killed, unknown_tolls) for rows with any known count."""
    out = []
    lows, highs = frame["fatalities_low"], frame["fatalities_high"]
    known = frame.loc[lows.notna() | highs.notna()]
    for rec in records(
        known, list(dict.fromkeys([*keys, "fatalities_low", "fatalities_high", "unknown_tolls"]))
    ):
        low = rec["fatalities_low"] if rec["fatalities_low"] is not None else 0.0
        high = rec["fatalities_high"] if rec["fatalities_high"] is not None else low
        base = {k: rec[k] for k in keys}
        base["killed"] = range_text(rec["fatalities_low"], rec["fatalities_high"])
        base["unknown_tolls"] = int(rec.get("unknown_tolls") or 0)
        out.append({**base, "segment": SEGMENT_LOW, "y0": 0.0, "y1": float(low)})
        out.append({**base, "segment": SEGMENT_HIGH, "y0": float(low), "y1": float(high)})
    return out


def _segment_colour(direction: str = "horizontal") -> dict:
    return {
        "field": "segment",
        "type": "nominal",
        "title": None,
        "scale": {
            "domain": [SEGMENT_LOW, SEGMENT_HIGH],
            "range": [KILLED_LOW_COLOUR, KILLED_HIGH_COLOUR],
        },
        "legend": {"orient": "bottom", "direction": direction, "labelLimit": 260},
    }


MIN_YEARS_SHOWN = 5  # a yearly axis spans at least this many years, so one bar is not a block
BAR_INSET = 0.12  # share of a period left empty on each side of its bar
MAX_YEAR_TICKS = 12
MAX_MONTH_TICKS = 8
YEAR_STEPS: tuple[int, ...] = (1, 2, 5, 10, 20, 50)
MONTH_STEPS: tuple[int, ...] = (1, 2, 3, 6, 12)
PLOT_WIDTH_PX = 640  # the narrowest plot the labels must fit (a 1280-pixel screen)
LABEL_CHAR_PX = 6.0  # average width of a 10-pixel label character
LABEL_ROWS = 3
LABEL_ROW_PX = 13
LABEL_HEADROOM = 1.35  # the y scale reaches this many times the tallest bar under key events


def _dt(iso: str) -> dict:
    year, month, day = (int(x) for x in iso.split("-"))
    return {"year": year, "month": month, "date": day}


def time_domain(
    frame: pd.DataFrame, granularity: str = "month", limits: tuple[int, int] | None = None
) -> list[str] | None:
    """Whole calendar years around the periods drawn (1 Jan of the first, 1 Jan after the last),
    shared by both timeline charts and by the key-event layer. A yearly axis spans at least
    `MIN_YEARS_SHOWN` years, widened evenly around the data but never beyond `limits` (the
    selected years), so a single year is one bar among empty years, not a solid block."""
    if frame.empty:
        return None
    first, last = pd.Timestamp(frame["period"].min()), pd.Timestamp(frame["period"].max())
    lo, hi = first.year, last.year + 1  # hi: exclusive
    if granularity == "year":
        floor, ceiling = (limits[0], limits[1] + 1) if limits else (lo - 99, hi + 99)
        floor, ceiling = min(floor, lo), max(ceiling, hi)
        grow_low = True
        while hi - lo < MIN_YEARS_SHOWN and (lo > floor or hi < ceiling):
            if (grow_low and lo > floor) or hi >= ceiling:
                lo -= 1
            else:
                hi += 1
            grow_low = not grow_low
    return [f"{lo}-01-01", f"{hi}-01-01"]


def domain_years(
    frame: pd.DataFrame, granularity: str = "month", limits: tuple[int, int] | None = None
) -> tuple[int, int] | None:
    """The calendar years `time_domain` covers (for filtering the key events to annotate)."""
    domain = time_domain(frame, granularity, limits)
    return None if domain is None else (int(domain[0][:4]), int(domain[1][:4]) - 1)


def _step(count: int, steps: Sequence[int], most: int) -> int:
    return next((s for s in steps if count / s <= most), steps[-1])


def tick_values(domain: list[str], granularity: str) -> list[dict]:
    """Axis ticks in the middle of the periods they name (a year's label under its bar), thinned
    to a step that keeps the labels apart: every year up to 12 years, then every 2nd, 5th..."""
    lo, hi = pd.Timestamp(domain[0]), pd.Timestamp(domain[1])
    if granularity == "year":
        years = list(range(lo.year, hi.year))
        step = _step(len(years), YEAR_STEPS, MAX_YEAR_TICKS)
        return [{"year": y, "month": 7, "date": 1} for y in years if y % step == 0 or step == 1]
    months = pd.date_range(lo, hi, freq="MS", inclusive="left")
    step = _step(len(months), MONTH_STEPS, MAX_MONTH_TICKS)
    return [
        {"year": m.year, "month": m.month, "date": 15} for m in months if (m.month - 1) % step == 0
    ]


def _time_x(granularity: str, domain: list[str] | None, presenter: bool) -> dict:
    x = {
        "field": "bar_start",
        "type": "temporal",
        "title": None,
        "axis": {
            "format": "%b %Y" if granularity == "month" else "%Y",
            "labelAngle": 0,
            "labelOverlap": True,
            "grid": False,
            **_axis_extra(presenter),
        },
    }
    if domain:
        x["scale"] = {"domain": [_dt(d) for d in domain]}
        x["axis"]["values"] = tick_values(domain, granularity)
    return x


def with_bar_edges(frame: pd.DataFrame) -> pd.DataFrame:
    """`bar_start`/`bar_end`: each period's bar, inset so neighbouring bars stay apart."""
    if frame.empty:
        return frame.assign(bar_start=frame.get("period"), bar_end=frame.get("period_end"))
    start = pd.to_datetime(frame["period"])
    length = pd.to_datetime(frame["period_end"]) - start
    return frame.assign(
        bar_start=start + length * BAR_INSET, bar_end=start + length * (1 - BAR_INSET)
    )


def stagger_labels(
    positions: Sequence[float],
    widths_px: Sequence[float],
    plot_px: float = PLOT_WIDTH_PX,
    rows: int = LABEL_ROWS,
) -> list[int | None]:
    """A row for each label so that no two overlap (None: no room, the label is left out and
    its event keeps its rule and tooltip). `positions` run from 0 to 1 across the plot; a label
    runs right of its rule in the left half, left of it in the right half."""
    taken: list[list[tuple[float, float]]] = [[] for _ in range(rows)]
    out: list[int | None] = []
    gap = 8.0
    for pos, width in zip(positions, widths_px, strict=True):
        x = pos * plot_px
        span = (x - width - gap, x) if pos > 0.5 else (x, x + width + gap)
        row = next(
            (r for r in range(rows) if all(span[1] <= a or span[0] >= b for a, b in taken[r])),
            None,
        )
        if row is not None:
            taken[row].append(span)
        out.append(row)
    return out


def annotation_layer(
    ann: pd.DataFrame | None, domain: list[str] | None, presenter: bool = False
) -> dict | None:
    """Key-event rules and labels from `timeline.annotation_frame(..., x_field="period")`.

    Drawn here rather than with `timeline.event_annotations` so the labels can be clipped to the
    plot and turned to the left in its right half: a label running past the plot would make
    Streamlit's fit-to-width shrink this chart and misalign it with the killed chart below.
    """
    if ann is None or ann.empty or domain is None:
        return None
    lo, hi = pd.Timestamp(domain[0]), pd.Timestamp(domain[1])
    data = ann.loc[ann["period"].between(lo, hi), ["period", "label", "title", "when"]]
    if data.empty:
        return None
    data = data.sort_values("period")
    positions = [(p - lo) / (hi - lo) for p in data["period"]]
    char_px = LABEL_CHAR_PX * (1.4 if presenter else 1.0)
    rows = stagger_labels(positions, [len(t) * char_px for t in data["label"]])
    row_px = LABEL_ROW_PX * (1.4 if presenter else 1.0)
    data = data.assign(
        right=[p > 0.5 for p in positions],
        label=[t if r is not None else "" for t, r in zip(data["label"], rows, strict=True)],
        label_y=[6 + row_px * (r or 0) for r in rows],
    )
    tooltip = [tip("when", "nominal", "Date"), tip("title", "nominal", "Key event")]
    x = {"field": "period", "type": "temporal"}
    y = {"field": "label_y", "type": "quantitative", "scale": None, "axis": None}
    text = {
        "type": "text",
        "baseline": "top",
        "fontSize": 14 if presenter else 10,
        "color": ANNOTATION_COLOUR,
        "clip": True,
    }
    return {
        "data": {"values": records(data)},
        "layer": [
            {
                "mark": {
                    "type": "rule",
                    "color": ANNOTATION_COLOUR,
                    "strokeDash": [4, 3],
                    "opacity": 0.7,
                },
                "encoding": {"x": x, "tooltip": tooltip},
            },
            {
                "mark": {**text, "align": "left", "dx": 3},
                "transform": [{"filter": "!datum.right"}],
                "encoding": {
                    "x": x,
                    "y": y,
                    "text": {"field": "label", "type": "nominal"},
                    "tooltip": tooltip,
                },
            },
            {
                "mark": {**text, "align": "right", "dx": -3},
                "transform": [{"filter": "datum.right"}],
                "encoding": {
                    "x": x,
                    "y": y,
                    "text": {"field": "label", "type": "nominal"},
                    "tooltip": tooltip,
                },
            },
        ],
    }


def incidents_over_time(
    frame: pd.DataFrame,
    granularity: str,
    annotations: pd.DataFrame | None = None,
    presenter: bool = False,
    years: tuple[int, int] | None = None,
) -> SpecChart:
    """Bars: incidents per month or year; `annotations` is `timeline.annotation_frame(...,
    x_field="period")` (key events, already chosen; their labels are placed here so none
    overlaps). `years`: the selected years, which a short axis may widen into."""
    domain = time_domain(frame, granularity, years)
    recorded = frame[frame["incidents"].fillna(0) > 0] if len(frame) else frame
    bars = {
        "data": {
            "values": records(
                with_bar_edges(recorded), ["bar_start", "bar_end", "period_label", "incidents"]
            )
        },
        "mark": {"type": "rect", "color": INCIDENT_COLOUR, "stroke": "white", "strokeWidth": 0.5},
        "encoding": {
            "x": _time_x(granularity, domain, presenter),
            "x2": {"field": "bar_end"},
            "y": {
                "field": "incidents",
                "type": "quantitative",
                "title": "Incidents",
                "scale": {"domainMin": 0},
                "axis": {
                    "tickMinStep": 1,
                    "format": "d",
                    "minExtent": 44,
                    **_axis_extra(presenter),
                },
            },
            "y2": {"datum": 0},
            "tooltip": [
                tip("period_label", "nominal", "Period"),
                tip("incidents", "quantitative", "Incidents"),
            ],
        },
    }
    ann = annotation_layer(annotations, domain, presenter)
    spec = layer(bars, ann) if ann else bars
    if ann:
        spec["resolve"] = {"scale": {"y": "independent"}}
        # headroom above the tallest bar for the key-event labels (three rows at the top)
        tallest = float(frame["incidents"].max()) if len(frame) else 1.0
        bars["encoding"]["y"]["scale"]["domainMax"] = max(1.0, tallest) * LABEL_HEADROOM
    spec.update(height=320 if presenter else 250, title="Incidents")
    return spec_chart(spec, presenter)


def casualties_over_time(
    frame: pd.DataFrame,
    granularity: str,
    presenter: bool = False,
    years: tuple[int, int] | None = None,
) -> SpecChart:
    """Killed per month or year as a range (lowest to highest count the sources give)."""
    domain = time_domain(frame, granularity, years)
    spec = {
        "data": {
            "values": _segments(with_bar_edges(frame), ["bar_start", "bar_end", "period_label"])
        },
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 0.5},
        "encoding": {
            "x": _time_x(granularity, domain, presenter),
            "x2": {"field": "bar_end"},
            "y": {
                "field": "y0",
                "type": "quantitative",
                "title": "Killed",
                "axis": {
                    "format": "d",
                    "tickMinStep": 1,
                    "minExtent": 44,
                    **_axis_extra(presenter),
                },
            },
            "y2": {"field": "y1"},
            "color": _segment_colour(),
            "tooltip": [
                tip("period_label", "nominal", "Period"),
                tip("killed", "nominal", "Killed (range)"),
                tip("unknown_tolls", "quantitative", "Incidents with unknown toll"),
            ],
        },
        "height": 320 if presenter else 250,
        "title": "Killed",
    }
    return spec_chart(spec, presenter)


def border_pair_counts(frame: pd.DataFrame, presenter: bool = False) -> SpecChart:
    """Incidents per border pair (bars), most first."""
    order = list(frame["border_pair_label"])
    data = frame[["border_pair_label", "incidents", "unknown_tolls"]].assign(
        killed=[
            range_text(lo, hi)
            for lo, hi in zip(frame["fatalities_low"], frame["fatalities_high"], strict=False)
        ]
    )
    y = {
        "field": "border_pair_label",
        "type": "nominal",
        "title": None,
        "sort": order,
        "axis": _axis_extra(presenter),
    }
    x = {
        "field": "incidents",
        "type": "quantitative",
        "title": "Incidents",
        "axis": {"tickMinStep": 1, "format": "d", **_axis_extra(presenter)},
    }
    spec = {
        "data": {"values": records(data)},
        "layer": [
            {
                "mark": {"type": "bar", "color": INCIDENT_COLOUR},
                "encoding": {
                    "y": y,
                    "x": x,
                    "tooltip": [
                        tip("border_pair_label", "nominal", "Border"),
                        tip("incidents", "quantitative", "Incidents"),
                        tip("killed", "nominal", "Killed (range)"),
                    ],
                },
            },
            {
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 4,
                    "fontSize": 16 if presenter else 11,
                },
                "encoding": {
                    "y": y,
                    "x": x,
                    "text": {"field": "incidents", "type": "quantitative"},
                },
            },
        ],
        "height": {"step": 36 if presenter else 26},
        "title": "Incidents by border",
    }
    return spec_chart(spec, presenter)


def border_pair_casualties(frame: pd.DataFrame, presenter: bool = False) -> SpecChart:
    """Killed per border pair as a range, same order as `border_pair_counts`."""
    order = list(frame["border_pair_label"])
    spec = {
        "data": {"values": _segments(frame, ["border_pair_label"])},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {
                "field": "border_pair_label",
                "type": "nominal",
                "title": None,
                "sort": order,
                "scale": {"domain": order},
                "axis": _axis_extra(presenter),
            },
            "x": {
                "field": "y0",
                "type": "quantitative",
                "title": "Killed",
                "axis": {"format": "d", "tickMinStep": 1, **_axis_extra(presenter)},
            },
            "x2": {"field": "y1"},
            "color": _segment_colour("vertical"),
            "tooltip": [
                tip("border_pair_label", "nominal", "Border"),
                tip("killed", "nominal", "Killed (range)"),
                tip("unknown_tolls", "quantitative", "Incidents with unknown toll"),
            ],
        },
        "height": {"step": 36 if presenter else 26},
        "title": "Killed by border",
    }
    return spec_chart(spec, presenter)
