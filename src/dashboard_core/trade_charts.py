"""Altair charts for the Trade page. Every builder takes frames already aggregated by
`dashboard_core.trade` (never more than a few hundred rows) and returns a top-level chart."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import altair as alt
import pandas as pd
import pydeck as pdk
from altair.utils import schemapi

from dashboard_core import chart_templates, trade
from dashboard_core.flows import MAX_CHART_ROWS, events_caption, map_note
from dashboard_core.palette import COUNTRY_COLOURS, OKABE_ITO
from dashboard_core.trade_map import trade_deck, trade_legend

P = ParamSpec("P")
R = TypeVar("R")
MARK_DOMAIN = ["annual", "partial", "alt", "target"]
MARK_LABELS = {
    "annual": "Full year",
    "partial": "Part of a year (not joined)",
    "alt": "Other reading, same year",
    "target": "Target",
}
MARK_SHAPES = ["circle", "diamond", "square", "triangle-up"]
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


def check_rows(frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame) > MAX_CHART_ROWS:
        raise ValueError(f"{len(frame)} rows for one chart; aggregate first (max {MAX_CHART_ROWS})")
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
    size = points.groupby("segment", dropna=True)["year"].transform("size")
    return size.fillna(0).gt(1).astype(bool)


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


def time_series_chart(
    points: pd.DataFrame,
    log_scale: bool = False,
    events: pd.DataFrame | None = None,
    presenter: bool = False,
    height: int | None = None,
) -> alt.TopLevelMixin:
    """Lines for full-year runs (broken at every missing year), points for every figure, other
    shapes for part-year figures, other readings and targets; key events (`flows.key_events`)
    as numbered dashed rules."""
    data = with_events(check_rows(points), events)
    return _time_series_on(data, _series_names(points), log_scale, presenter, height)


def _series_names(points: pd.DataFrame) -> tuple[str, ...]:
    return tuple(dict.fromkeys(points["series"]))


@quick
def _time_series_on(
    data: pd.DataFrame,
    series: tuple[str, ...],
    log_scale: bool,
    presenter: bool,
    height: int | None,
) -> alt.TopLevelMixin:
    """`time_series_chart` on its one dataset (points and events, see `with_events`); `series`:
    the colour domain, in order."""
    base = alt.Chart()
    colour = alt.Color(
        "series:N",
        title=None,
        scale=series_colours(list(series)),
        legend=alt.Legend(labelLimit=LEGEND_LIMIT, orient="right", symbolType="stroke"),
    )
    y = alt.Y(
        "value_usd:Q",
        axis=usd_axis(),
        scale=alt.Scale(type="log") if log_scale else alt.Scale(zero=True),
    )
    x = alt.X("year:Q", axis=year_axis(), scale=alt.Scale(zero=False, nice=False))
    lines = (
        base.transform_filter("datum.in_line")
        .mark_line(strokeWidth=3 if presenter else 2)
        .encode(x=x, y=y, color=colour, detail=alt.Detail("segment:N"))
    )
    shape = alt.Shape(
        "mark:N",
        title=None,
        scale=alt.Scale(domain=MARK_DOMAIN, range=MARK_SHAPES),
        legend=alt.Legend(
            labelLimit=LEGEND_LIMIT, orient="right", labelExpr=_label_expr(MARK_LABELS)
        ),
    )
    dots = (
        base.transform_filter("datum.part === 'point'")
        .mark_point(
            filled=True,
            size=110 if presenter else 60,
            opacity=1,
            stroke="#222222",
            strokeWidth=0.6,
        )
        .encode(
            x=x,
            y=y,
            color=colour,
            shape=shape,
            tooltip=[alt.Tooltip("tooltip:N", title="Figure")],
        )
    )
    chart = alt.layer(lines, dots, *event_layers(base, presenter), data=data)
    chart = chart.properties(height=height or (460 if presenter else 360))
    return configure(chart, presenter)


def _label_expr(labels: dict[str, str]) -> str:
    parts = " : ".join(f"datum.value === '{k}' ? '{v}'" for k, v in labels.items())
    return f"{parts} : datum.value"


@quick
def partner_bars_chart(bars: pd.DataFrame, presenter: bool = False) -> alt.TopLevelMixin:
    """Top partners of one reporter in one year, largest on top, value and share labelled."""
    b = check_rows(bars)
    base = alt.Chart().encode(
        y=alt.Y("partner:N", sort="-x", title=None),
        x=alt.X("value_usd:Q", axis=usd_axis(), scale=alt.Scale(zero=True)),
        tooltip=[
            alt.Tooltip("partner:N", title="Partner"),
            alt.Tooltip("value_label:N", title="Value (share)"),
            alt.Tooltip("year:Q", title="Year", format="d"),
        ],
    )
    bar = base.mark_bar(color=SERIES_PALETTE[0])
    text = base.mark_text(align="left", dx=4, fontSize=15 if presenter else 11).encode(
        text=alt.Text("value_label:N")
    )
    chart = alt.layer(bar, text, data=b).properties(height=alt.Step(36 if presenter else 28))
    return configure(chart, presenter)


@quick
def partner_shares_chart(shares: pd.DataFrame, presenter: bool = False) -> alt.TopLevelMixin:
    """Share of each top partner in every year (stacked to 100%), others in grey. Bars, so a
    missing year is a missing bar, never a bridged line."""
    s = check_rows(shares)
    ordered = s.sort_values("order")["partner"].drop_duplicates().tolist()
    colours = [
        OTHER_GREY if p == "All other partners" else SERIES_PALETTE[i % len(SERIES_PALETTE)]
        for i, p in enumerate(ordered)
    ]
    chart = (
        alt.Chart(s)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
            y=alt.Y("share:Q", stack="normalize", axis=alt.Axis(format="%", title="Share")),
            color=alt.Color(
                "partner:N",
                title=None,
                scale=alt.Scale(domain=ordered, range=colours),
                legend=alt.Legend(labelLimit=LEGEND_LIMIT, orient="right"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("partner:N", title="Partner"),
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .properties(height=380 if presenter else 300)
    )
    return configure(chart, presenter)


COUNTERPART_ORDER = ["Afghanistan", "China", "Russia", "EU"]


@quick
def comparison_chart(comp: pd.DataFrame, presenter: bool = False) -> alt.TopLevelMixin:
    """Small multiples: one panel per counterpart (Afghanistan, China, Russia, EU), the selected
    countries ranked in each, each bar labelled with the year of its figure (the latest full
    year available). One faceted chart, independent scales."""
    c = check_rows(comp)
    c = c.assign(bar=[f"{n} · {y}" for n, y in zip(c["country"], c["year"], strict=True)])
    domain = sorted(c["country"].unique())
    by_name = dict(zip(c["country"], c["country_iso3"], strict=False))
    colours = [COUNTRY_COLOURS.get(by_name[n], SERIES_PALETTE[i % 8]) for i, n in enumerate(domain)]
    order = [p for p in COUNTERPART_ORDER if p in set(c["counterpart"])]
    order += sorted(set(c["counterpart"]) - set(order))
    chart = (
        alt.Chart(c)
        .mark_bar()
        .encode(
            y=alt.Y("bar:N", sort="-x", title=None),
            x=alt.X("value_usd:Q", axis=usd_axis(None), scale=alt.Scale(zero=True)),
            color=alt.Color(
                "country:N", scale=alt.Scale(domain=domain, range=colours), legend=None
            ),
            facet=alt.Facet(
                "counterpart:N",
                sort=order,
                columns=2,
                title=None,
                header=alt.Header(
                    labelExpr="'with ' + datum.value", labelAnchor="start", labelFontWeight="bold"
                ),
            ),
            tooltip=[alt.Tooltip("tooltip:N", title="Figure")],
        )
        .properties(width=340 if presenter else 250, height=alt.Step(34 if presenter else 26))
        .resolve_scale(x="independent", y="independent")
    )
    return configure(chart, presenter)


@quick
def mirror_chart(
    points: pd.DataFrame, gaps: pd.DataFrame, presenter: bool = False
) -> alt.TopLevelMixin:
    """Both sides of one flow on one chart; a grey bar spans the gap in every year where both
    give a figure."""
    p, g = check_rows(points), check_rows(gaps)
    data = pd.concat(
        [p.assign(part="point", in_line=in_line(p)), g.assign(part="gap", in_line=False)],
        ignore_index=True,
    )
    base = alt.Chart()
    colour = alt.Color(
        "series:N",
        title=None,
        scale=series_colours(list(p["series"])),
        legend=alt.Legend(labelLimit=LEGEND_LIMIT, orient="top", direction="vertical"),
    )
    x = alt.X("year:Q", axis=year_axis(), scale=alt.Scale(zero=False, nice=False))
    y = alt.Y("value_usd:Q", axis=usd_axis(), scale=alt.Scale(zero=True))
    gap = (
        base.transform_filter("datum.part === 'gap'")
        .mark_rule(color=GAP_GREY, strokeWidth=10 if presenter else 7, opacity=0.8)
        .encode(
            x=x,
            y=alt.Y("low:Q", axis=usd_axis()),
            y2=alt.Y2("high:Q"),
            tooltip=[alt.Tooltip("tooltip:N", title="Gap")],
        )
    )
    lines = (
        base.transform_filter("datum.in_line")
        .mark_line(strokeWidth=3 if presenter else 2)
        .encode(x=x, y=y, color=colour, detail=alt.Detail("segment:N"))
    )
    dots = (
        base.transform_filter("datum.part === 'point'")
        .mark_point(filled=True, size=110 if presenter else 60, opacity=1)
        .encode(x=x, y=y, color=colour, tooltip=[alt.Tooltip("tooltip:N", title="Figure")])
    )
    chart = alt.layer(gap, lines, dots, data=data).properties(height=400 if presenter else 320)
    return configure(chart, presenter)


# --------------------------------------------------------------------------------------------
# Figures: chart (or deck) + the rows naming its sources + words under it, per page section
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    chart: Any  # alt chart or pdk.Deck
    sources: pd.DataFrame  # source_id (+ verification) of the rows drawn
    caption: str = ""
    legend: str | None = None  # decks only

    @property
    def is_deck(self) -> bool:
        return isinstance(self.chart, pdk.Deck)


def map_figure(view, ctx, flow: str, year: int, boundaries: dict, highlight, presenter: bool):
    arcs, total = trade.map_flows(view.ori, year, ctx.names, ctx.sources, flow)
    deck, off_map = trade_deck(arcs, boundaries, ctx.places, highlight, flow, presenter)
    legend = trade_legend(flow) + map_note(total, len(arcs), off_map, ctx.names)
    return Figure(deck, trade.source_rows(arcs), legend=legend)


def series_figure(view, events: pd.DataFrame | None, log_scale: bool, presenter: bool):
    series = view.series_for(log_scale)
    data = with_events(check_rows(series.frame), events)
    names = _series_names(series.frame)
    chart = chart_templates.with_rows(
        ("trade-series", names, log_scale, presenter),
        data,
        lambda rows: _time_series_on(rows, names, log_scale, presenter, None),
    )
    caption = f"{trade.series_note(series)} {events_caption(events)}".strip()
    return Figure(chart, trade.source_rows(series.frame), caption)


def structure_figures(annual_period, reporter: str, flow: str, names, presenter: bool):
    """(bars, shares) figures of one reporter's partners, or None without figures."""
    bars, shares, _ = trade.partner_structure(annual_period, reporter, flow, names)
    if bars.empty:
        return None
    sources = trade.source_rows(bars)
    return (
        Figure(partner_bars_chart(bars, presenter), sources),
        Figure(partner_shares_chart(shares, presenter), sources),
    )


def comparison_figure(view, presenter: bool):
    if view.comparison.empty:
        return None
    chart = comparison_chart(view.comparison, presenter)
    return Figure(chart, trade.source_rows(view.comparison))


def mirror_figure(view, ctx, flow: str, pair_key: str, presenter: bool):
    pts, gaps = trade.mirror_frames(view.ori, flow, pair_key, ctx.names, ctx.sources)
    if pts.empty:
        return None
    chart = mirror_chart(pts, gaps, presenter)
    return Figure(chart, trade.source_rows(pts), trade.mirror_summary(gaps))
