"""Shared Altair pieces for time series and bar charts: axes in words, fonts for presenters,
key-event rules, colours, and `Figure` (a chart or map with its source rows, caption and legend)."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import altair as alt
import pandas as pd
import pydeck as pdk
from altair.utils import schemapi

from dashboard_core.viz.flows import MAX_CHART_ROWS
from dashboard_core.viz.palette import OKABE_ITO

P = ParamSpec("P")
R = TypeVar("R")
OTHER_GREY = "#9E9E9E"
LEGEND_LIMIT = 520  # px; on the legend itself, so presenter styling (config) cannot cut it
# Okabe-Ito without its yellow (unreadable as a thin line on white), plus Tol's wine.
SERIES_PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#000000",
    "#882255",
)
GAP_GREY = "#BDBDBD"


# Axis labels in words a policymaker reads at a glance: 1.2 bn, 300 m, 45 k.
def unit_label_expr(units: tuple[tuple[float, str], ...]) -> str:
    """Vega expression writing axis values as 1.5 bn, 300 m, 2.5 k (one decimal below 10, so
    neighbouring ticks never read the same)."""
    expr = "format(datum.value, '.0~f')"
    for size, word in reversed(units):
        scaled = f"datum.value / {size:g}"
        expr = (
            f"abs(datum.value) >= {size:g} ? format({scaled}, abs({scaled}) < 10 ? '.1~f' : "
            f"'.0~f') + ' {word}' : {expr}"
        )
    return expr


# Axis labels in words a policymaker reads at a glance: 1.2 bn, 300 m, 45 k.
USD_LABEL_EXPR = unit_label_expr(((1e9, "bn"), (1e6, "m"), (1e3, "k")))


def quick(builder: Callable[P, R]) -> Callable[P, R]:
    """Build without Altair's validation of every intermediate object (slow for layered
    charts); Streamlit still validates the finished spec once when it draws it."""

    @functools.wraps(builder)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with schemapi.debug_mode(False):
            return builder(*args, **kwargs)

    return wrapper


class TooManyPoints(ValueError):
    """A chart asked to draw more separate marks than a reader (or the browser) can take."""

    def __init__(self, count: int) -> None:
        self.count = count
        super().__init__(f"{count} rows for one chart; aggregate first (max {MAX_CHART_ROWS})")


def check_rows(frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame) > MAX_CHART_ROWS:
        raise TooManyPoints(len(frame))
    return frame


def configure(chart: alt.TopLevelMixin, presenter: bool) -> alt.TopLevelMixin:
    """Fonts: larger in presenter mode, so a shared screen stays legible. One `configure`
    call (each `configure_*` would deep-copy the whole chart again)."""
    size, title = (16, 17) if presenter else (12, 13)
    return chart.configure(
        axis=alt.AxisConfig(labelFontSize=size, titleFontSize=title, labelLimit=260),
        legend=alt.LegendConfig(
            labelFontSize=size,
            titleFontSize=title,
            labelLimit=520,
            symbolSize=160 if presenter else 90,
        ),
        header=alt.HeaderConfig(labelFontSize=title, titleFontSize=title),
        title=alt.TitleConfig(fontSize=title + 3, anchor="start"),
        view=alt.ViewConfig(stroke=None),
    )


def usd_axis(title: str = "US$ (current)") -> alt.Axis:
    return alt.Axis(title=title, labelExpr=USD_LABEL_EXPR, grid=True)


def year_axis() -> alt.Axis:
    return alt.Axis(title=None, format="d", tickMinStep=1, labelOverlap=True)


def palette(n: int) -> list[str]:
    return [SERIES_PALETTE[i % len(SERIES_PALETTE)] for i in range(n)]


def series_colours(names: list[str]) -> alt.Scale:
    domain = list(dict.fromkeys(names))
    return alt.Scale(
        domain=domain, range=[OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(domain))]
    )


def in_line(points: pd.DataFrame) -> pd.Series:
    """True for points drawn as part of a line: a segment of two or more consecutive years."""
    if points.empty or "segment" not in points:
        return pd.Series(False, index=points.index)
    segments = points["segment"].to_numpy(dtype=object)
    gaps = pd.isna(segments)
    sizes = Counter(segments[~gaps])
    drawn = [not gap and sizes[s] > 1 for s, gap in zip(segments, gaps, strict=True)]
    return pd.Series(drawn, index=points.index, dtype=bool)


def with_events(points: pd.DataFrame, events: pd.DataFrame | None, x_col: str = "year"):
    """One dataset for a chart and its key-event rules: the points (`part` = "point", with
    `in_line`) followed by one row per event (`part` = "event", `x`, `label`, `caption`).
    Charts built on a single dataset stay cheap to compose and serialise."""
    pts = points.assign(part="point", in_line=in_line(points))
    if events is None or events.empty:
        return pts
    ev = events[["x", "label", "caption"]].assign(part="event", in_line=False)
    return pd.concat([pts, ev], ignore_index=True)


def event_layers(base: alt.Chart, presenter: bool = False) -> list[alt.Chart]:
    """Numbered dashed rules at key events (rows with `part` = "event" in the chart's data).
    Numbers, not titles, so narrow small multiples stay legible; the caption under the chart
    and the tooltip spell the events out."""
    events = base.transform_filter("datum.part === 'event'")
    tooltip = [alt.Tooltip("caption:N", title="Key event")]
    rules = events.mark_rule(
        color="#555555", strokeDash=[4, 3], strokeWidth=1.5 if presenter else 1
    ).encode(x=alt.X("x:Q"), tooltip=tooltip)
    text = events.mark_text(
        align="left",
        baseline="top",
        dx=3,
        dy=2,
        color="#333333",
        fontSize=14 if presenter else 11,
        fontWeight="bold",
    ).encode(x=alt.X("x:Q"), y=alt.value(0), text=alt.Text("label:N"), tooltip=tooltip)
    return [rules, text]


def label_expr(labels: dict[str, str]) -> str:
    parts = " : ".join(f"datum.value === '{k}' ? '{v}'" for k, v in labels.items())
    return f"{parts} : datum.value"


@dataclass(frozen=True)
class Figure:
    """What a page section draws: a chart (or deck), the rows naming its sources, the words
    under it and, for a map, its legend."""

    chart: Any  # alt chart or pdk.Deck
    sources: pd.DataFrame  # source_id (+ verification) of the rows drawn
    caption: str = ""
    legend: str | None = None  # decks only
    legend_items: tuple[tuple[str, str, str], ...] = ()  # decks: (label, colour, shape) for images

    @property
    def is_deck(self) -> bool:
        return isinstance(self.chart, pdk.Deck)
