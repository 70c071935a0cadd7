"""Altair charts for the Displacement page. Inputs come aggregated from
`displacement.transforms` (a few hundred rows at most); builders return top-level charts."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard_core.data.formatting import format_people
from dashboard_core.displacement import flows as displacement_flows
from dashboard_core.displacement import transforms as dsp
from dashboard_core.displacement.headline import reclassification_note
from dashboard_core.displacement.map import displacement_deck, displacement_legend
from dashboard_core.viz import templates
from dashboard_core.viz.charts import (
    LEGEND_LIMIT,
    Figure,
    check_rows,
    configure,
    event_layers,
    in_line,
    label_expr,
    palette,
    quick,
    unit_label_expr,
)
from dashboard_core.viz.flows import events_caption, map_note

PEOPLE_LABEL_EXPR = unit_label_expr(((1e6, "m"), (1e3, "k")))
MARK_DOMAIN = ["annual", "other", "partial"]
MARK_LABELS = {
    "annual": "UNHCR full year (sum over partner countries)",
    "other": "Figure from a document (not summed)",
    "partial": "Date or part of a year (not joined)",
}
MARK_SHAPES = ["circle", "square", "diamond"]
GROUP_DOMAIN = ["women", "children", "men", "not broken down"]
GROUP_COLOURS = ["#CC79A7", "#E69F00", "#0072B2", "#BDBDBD"]


def people_axis(title: str | None = "People") -> alt.Axis:
    """A count of people: whole-number ticks (no "0.5 people" on a small panel)."""
    return alt.Axis(title=title, labelExpr=PEOPLE_LABEL_EXPR, tickMinStep=1)


def _series_scale(series: list[str]) -> alt.Scale:
    domain = sorted(dict.fromkeys(series))
    return alt.Scale(domain=domain, range=palette(len(domain)))


def series_chart(
    points: pd.DataFrame,
    log_scale: bool = False,
    events: pd.DataFrame | None = None,
    presenter: bool = False,
) -> alt.TopLevelMixin:
    """One panel per country (independent y scales), colour = population type and measure,
    lines only within runs of consecutive full years, key events as numbered rules in every
    panel. One faceted chart on one dataset."""
    data, shape = _series_data(points, events)
    return _series_on(data, *shape, log_scale, presenter)


def _series_data(
    points: pd.DataFrame, events: pd.DataFrame | None
) -> tuple[pd.DataFrame, tuple[tuple[str, ...], tuple[str, ...]]]:
    """(the chart's one dataset: points, then the events once per panel; (panels, series))."""
    pts = check_rows(points)
    countries = tuple(sorted(pts["country"].unique()))
    data = pts.assign(part="point", in_line=in_line(pts))
    if events is not None and not events.empty:
        ev = events[["x", "label", "caption"]]
        per_country = [ev.assign(country=c, part="event", in_line=False) for c in countries]
        data = pd.concat([data, *per_country], ignore_index=True)
    return data, (countries, tuple(sorted(dict.fromkeys(pts["series"]))))


@quick
def _series_on(
    data: pd.DataFrame,
    countries: tuple[str, ...],
    series: tuple[str, ...],
    log_scale: bool,
    presenter: bool,
) -> alt.TopLevelMixin:
    """`series_chart` on its one dataset; `countries`: the panels, `series`: the colours."""
    countries = list(countries)
    base = alt.Chart()
    x = alt.X(
        "year:Q",
        axis=alt.Axis(title=None, format="d", tickMinStep=1, labelOverlap=True),
        scale=alt.Scale(zero=False, nice=False),
    )
    y = alt.Y(
        "value:Q",
        axis=people_axis(),
        scale=alt.Scale(type="log") if log_scale else alt.Scale(zero=True),
    )
    colour = alt.Color(
        "series:N",
        title=None,
        scale=_series_scale(list(series)),
        legend=alt.Legend(labelLimit=LEGEND_LIMIT, orient="bottom", direction="vertical"),
    )
    lines = (
        base.transform_filter("datum.in_line")
        .mark_line(strokeWidth=3 if presenter else 2)
        .encode(x=x, y=y, color=colour, detail=alt.Detail("segment:N"))
    )
    dots = (
        base.transform_filter("datum.part === 'point'")
        .mark_point(filled=True, size=90 if presenter else 40, opacity=1)
        .encode(
            x=x,
            y=y,
            color=colour,
            shape=alt.Shape(
                "mark:N",
                scale=alt.Scale(domain=MARK_DOMAIN, range=MARK_SHAPES),
                title=None,
                legend=alt.Legend(
                    labelLimit=LEGEND_LIMIT,
                    orient="bottom",
                    direction="vertical",
                    labelExpr=label_expr(MARK_LABELS),
                ),
            ),
            tooltip=[alt.Tooltip("tooltip:N", title="Figure")],
        )
    )
    single = len(countries) == 1
    width = (900 if presenter else 760) if single else (520 if presenter else 380)
    layer = alt.layer(lines, dots, *event_layers(base, presenter)).properties(
        width=width, height=260 if presenter else 200
    )
    chart = layer.facet(
        facet=alt.Facet(
            "country:N",
            sort=countries,
            title=None,
            header=alt.Header(labelAnchor="start", labelFontWeight="bold", labelOrient="top"),
        ),
        columns=1 if single else 2,
        data=data,
    ).resolve_scale(y="independent", x="independent")
    return configure(chart, presenter)


@quick
def repatriation_chart(segments: pd.DataFrame, presenter: bool = False) -> alt.TopLevelMixin:
    """One bar per reported operation or cumulative figure, split into women, children and men
    where the source gives them; the rest of a stated total in grey; the total written at the
    end."""
    seg = check_rows(segments)
    order = seg.drop_duplicates("label").sort_values("order")["label"].tolist()
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=520))
    base = alt.Chart()
    bars = (
        base.mark_bar()
        .encode(
            y=y,
            x=alt.X("sum(value):Q", title="People", axis=people_axis("People")),
            color=alt.Color(
                "group:N",
                title=None,
                scale=alt.Scale(domain=GROUP_DOMAIN, range=GROUP_COLOURS),
                legend=alt.Legend(labelLimit=LEGEND_LIMIT, orient="top"),
            ),
            order=alt.Order("group_order:Q"),
            tooltip=[alt.Tooltip("tooltip:N", title="Figure")],
        )
        .transform_calculate(
            group_order="indexof(['women','children','men','not broken down'], datum.group)"
        )
    )
    totals = (
        base.transform_filter("datum.is_end")
        .mark_text(align="left", dx=4, fontSize=15 if presenter else 11)
        .encode(y=y, x=alt.X("end:Q"), text=alt.Text("total_text:N"))
    )
    height = alt.Step(34 if presenter else 24)
    return configure(alt.layer(bars, totals, data=seg).properties(height=height), presenter)


@quick
def hosts_chart(
    hosts: pd.DataFrame, per_1000: bool = True, presenter: bool = False
) -> alt.TopLevelMixin:
    """The selected hosts side by side, one bar per population type, per 1,000 inhabitants
    (hosts without a population figure are left out of this view) or in people."""
    h = check_rows(hosts)
    if per_1000:
        h = h[h["per_1000"].notna()]
        x = alt.X("per_1000:Q", title="Per 1,000 inhabitants", scale=alt.Scale(zero=True))
        label = h["per_1000"].map(lambda v: f"{v:.2f}" if v < 10 else f"{v:.1f}")
    else:
        x = alt.X("value:Q", axis=people_axis("People"), scale=alt.Scale(zero=True))
        label = h["value"].map(format_people)
    h = h.assign(label=label.to_numpy() if len(h) else [])
    types = sorted(h["type"].unique())
    base = alt.Chart().encode(
        y=alt.Y("host:N", sort="-x", title=None),
        yOffset=alt.YOffset("type:N", sort=types),
        x=x,
        tooltip=[alt.Tooltip("tooltip:N", title="Figure")],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "type:N",
            title=None,
            scale=alt.Scale(domain=types, range=palette(len(types))),
            legend=alt.Legend(labelLimit=LEGEND_LIMIT, orient="top"),
        )
    )
    text = base.mark_text(align="left", dx=3, fontSize=14 if presenter else 11).encode(
        text=alt.Text("label:N")
    )
    n = h["host"].nunique() * max(1, len(types))
    height = max(120, n * (30 if presenter else 22))
    return configure(alt.layer(bars, text, data=h).properties(height=height), presenter)


def map_figure(
    view, ctx, year: int, map_ctx, highlight, presenter: bool, camera: str = "data"
) -> Figure:
    """The movement map of one year (`map_ctx`: the shared `viz.context.MapContext`)."""
    arcs, here, total = displacement_flows.map_flows(view.prep, year, ctx.names, ctx.titles)
    deck, off_map = displacement_deck(arcs, here, map_ctx, ctx.places, highlight, presenter, camera)
    legend = displacement_legend(not here.empty) + map_note(total, len(arcs), off_map, ctx.names)
    drawn = dsp.preferred_rows(view.prep)
    caption = dsp.other_readings_note(dsp.other_readings(view.prep[view.prep["year"] == year]))
    return Figure(
        deck,
        drawn.loc[drawn["year"] == year, ["source_id", "verification"]],
        caption,
        legend=legend,
    )


def series_figure(
    series: pd.DataFrame,
    events: pd.DataFrame | None,
    log_scale: bool,
    presenter: bool,
    others: int = 0,
):
    """`series`: points from `displacement.series_frame` (or `series_in_years`); `others`: the
    rows of the selection left out (`DisplacementView.others`)."""
    if series.empty:
        return None
    data, shape = _series_data(series, events)
    chart = templates.with_rows(
        ("displacement-series", *shape, log_scale, presenter),
        data,
        lambda rows: _series_on(rows, *shape, log_scale, presenter),
    )
    caption = (
        f"{dsp.SERIES_NOTE} {dsp.other_readings_note(others)} {reclassification_note(series)} "
        f"{events_caption(events)}"
    )
    return Figure(chart, series[["source_id", "verification"]], " ".join(caption.split()))


def repatriation_figure(view, presenter: bool):
    if view.operation_segments.empty:
        return None
    chart = repatriation_chart(view.operation_segments, presenter)
    return Figure(chart, view.operations[["source_id", "verification"]], dsp.OPERATIONS_NOTE)


def hosts_figure(view, population: pd.DataFrame | None, per_1000: bool, presenter: bool):
    shown = view.hosts[view.hosts["per_1000"].notna()] if per_1000 else view.hosts
    if shown.empty:
        return None
    chart = hosts_chart(shown, per_1000, presenter)
    caption = dsp.hosts_note(view.hosts_year, view.hosts_notes)
    in_year = view.period[
        view.period["location_iso3"].isin(list(shown["location_iso3"]))
        & (view.period["year"] == view.hosts_year)
        & view.period["population_type"].isin(list(shown["population_type"]))
    ]
    caption = f"{caption} {dsp.other_readings_note(dsp.other_readings(in_year))}".strip()
    return Figure(chart, dsp.hosts_sources(shown, population), caption)
