"""Altair charts for the Trade page. Every builder takes frames already aggregated by
`dashboard_core.trade` (never more than a few hundred rows) and returns a top-level chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard_core.trade import analyses, figures
from dashboard_core.trade.map import trade_deck, trade_legend
from dashboard_core.viz import templates
from dashboard_core.viz.charts import (
    GAP_GREY,
    LEGEND_LIMIT,
    OTHER_GREY,
    SERIES_PALETTE,
    Figure,
    check_rows,
    configure,
    event_layers,
    in_line,
    label_expr,
    quick,
    series_colours,
    usd_axis,
    with_events,
    year_axis,
)
from dashboard_core.viz.flows import events_caption, map_note
from dashboard_core.viz.palette import COUNTRY_COLOURS

MARK_DOMAIN = ["annual", "partial", "target"]
MARK_LABELS = {
    "annual": "Full year (preferred reading)",
    "partial": "Part of a year (not joined)",
    "target": "Target",
}
MARK_SHAPES = ["circle", "diamond", "triangle-up"]


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
            labelLimit=LEGEND_LIMIT, orient="right", labelExpr=label_expr(MARK_LABELS)
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
    tooltip = [alt.Tooltip("tooltip:N", title="Figure")]
    # filled: the preferred reading (drawn on the other charts); hollow rings, larger and on
    # top, the others, so a reading equal to the preferred one still shows around it
    preferred = (
        base.transform_filter("datum.part === 'point' && datum.preferred")
        .mark_point(filled=True, size=110 if presenter else 60, opacity=1)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    others = (
        base.transform_filter("datum.part === 'point' && !datum.preferred")
        .mark_point(filled=False, size=260 if presenter else 150, opacity=1, strokeWidth=2)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    chart = alt.layer(gap, lines, preferred, others, data=data)
    chart = chart.properties(height=400 if presenter else 320)
    return configure(chart, presenter)


def map_figure(
    view, ctx, flow: str, year: int, map_ctx, highlight, presenter: bool, camera: str = "data"
):
    """The flow map of one year (`map_ctx`: the shared `viz.context.MapContext`)."""
    arcs, total = analyses.map_flows(view.ori, year, ctx.names, ctx.titles, flow)
    deck, off_map = trade_deck(arcs, map_ctx, ctx.places, highlight, flow, presenter, camera)
    legend = trade_legend(flow) + map_note(total, len(arcs), off_map, ctx.names)
    shown_year = view.ori[view.ori["year"] == year]
    caption = analyses.map_caption(figures.other_readings(shown_year))
    return Figure(deck, figures.source_rows(arcs), caption, legend=legend)


def series_figure(view, events: pd.DataFrame | None, log_scale: bool, presenter: bool):
    series = view.series_for(log_scale)
    data = with_events(check_rows(series.frame), events)
    names = _series_names(series.frame)
    chart = templates.with_rows(
        ("trade-series", names, log_scale, presenter),
        data,
        lambda rows: _time_series_on(rows, names, log_scale, presenter, None),
    )
    caption = f"{analyses.series_note(series)} {events_caption(events)}".strip()
    return Figure(chart, figures.source_rows(series.frame), caption)


def structure_figures(annual_period, reporter: str, flow: str, names, presenter: bool):
    """(bars, shares) figures of one reporter's partners, or None without figures."""
    bars, shares, _ = analyses.partner_structure(annual_period, reporter, flow, names)
    if bars.empty:
        return None
    sources = figures.source_rows(bars)
    note = analyses.structure_note(annual_period, reporter, flow)
    return (
        Figure(partner_bars_chart(bars, presenter), sources, note),
        Figure(partner_shares_chart(shares, presenter), sources),
    )


def comparison_figure(view, flow: str, presenter: bool):
    if view.comparison.empty:
        return None
    chart = comparison_chart(view.comparison, presenter)
    others = analyses.readings_left_out(view.period, view.comparison, flow)
    return Figure(chart, figures.source_rows(view.comparison), analyses.other_readings_note(others))


def mirror_figure(view, ctx, flow: str, pair_key: str, presenter: bool):
    pts, gaps = analyses.mirror_frames(view.ori, flow, pair_key, ctx.names, ctx.sources)
    if pts.empty:
        return None
    chart = mirror_chart(pts, gaps, presenter)
    return Figure(chart, figures.source_rows(pts), analyses.mirror_summary(gaps))
