"""Trade: flows between the selected countries and their partners. Thin page: transforms in
dashboard_core.trade, charts and figures in trade_charts, the map in trade_map."""

import streamlit as st

from dashboard_core import flows, trade
from dashboard_core import trade_charts as charts
from dashboard_core.filters import Filters, apply_filters
from dashboard_core.ui import shell


@shell.cache_views
def _context(version: str) -> trade.TradeContext:
    return trade.page_context(*(shell.table(n) for n in ("trade", "countries", "sources")))


@shell.cache_views
def _view(version: str, args: tuple) -> trade.TradeView:
    ctx, rows = _context(version), shell.table("trade")
    rows = apply_filters(rows, "trade", Filters(args[0], args[1]))
    return trade.build_view(rows, ctx.annual, *args[:-1], ctx.names, ctx.sources, args[-1])


@shell.cache_figures
def _figure(kind: str, version: str, args: tuple, *extra):
    view, ctx, (countries, years, _, flow, _, log) = _view(version, args), _context(version), args
    if kind == "map":
        boundaries = shell.geojson("boundaries")
        return charts.map_figure(view, ctx, flow, extra[0], boundaries, countries, extra[1])
    if kind == "series":
        span = flows.span_of(view.series.frame, years)
        events = flows.key_events(shell.table("events"), countries, span, trade.EVENT_CATEGORIES)
        return charts.series_figure(view, events if extra[0] else None, log, extra[1])
    if kind == "structure":
        period = trade.in_years(ctx.annual, years)
        return charts.structure_figures(period, extra[0], flow, ctx.names, extra[1])
    if kind == "comparison":
        return charts.comparison_figure(view, *extra)
    return charts.mirror_figure(view, ctx, flow, *extra)


def _show(figure, empty: str = "figures") -> None:
    if figure is None:
        shell.empty_notice(empty)
    elif figure.is_deck:
        shell.show_deck(figure.chart, figure.sources, legend=figure.legend)
    else:
        shell.show_chart(figure.chart, figure.sources)
    if figure is not None and figure.caption:
        st.caption(figure.caption)


def _url(widget, label, options, key, **kw):
    return widget(label, options, key=key, bind="query-params", **kw)


f, version = shell.page_filters(), shell.data_version()
ctx = _context(version)
partners = shell.sidebar_multiselect(
    "Partners (none = all; focus, neighbours, EU, others)",
    ctx.partners,
    "partners",
    [],
    lambda c: trade.partner_label(c, ctx.names),
)
flow = shell.sidebar_radio("Flow", trade.FLOWS, "flow", format_func=trade.FLOW_LABELS.get)
st.sidebar.caption(trade.FLOW_HELP)
measures = shell.sidebar_multiselect(
    "Measure", trade.MEASURES, "measure", list(trade.MEASURES), trade.MEASURE_LABELS.get
)
shell.page_header("Trade", trade.INTRO)
log = st.toggle("Logarithmic scale", key="log", bind="query-params")
args = (f.countries, f.years, tuple(partners), flow, tuple(measures), log)
view = _view(version, args)
if view.rows.empty:
    shell.empty_notice(f"{trade.FLOW_LABELS[flow].lower()} figures")
    st.stop()

st.subheader("Flow map")
year = (
    _url(st.select_slider, "Map year", view.years, "year", value=view.years[-1])
    if (len(view.years) > 1)
    else view.years[0]
)
_show(_figure("map", version, args, year, f.present))

st.subheader("Over time")
_show(_figure("series", version, args, shell.annotations_toggle("events"), f.present))

st.subheader("Partner structure")
if view.reporters:
    reporter = _url(st.selectbox, "Reporter", view.reporters, "reporter", format_func=ctx.names.get)
    pair = _figure("structure", version, args, reporter, f.present)
    if pair is None:
        shell.empty_notice("figures of this reporter for this flow")
    for column, figure in zip(st.columns(2) if pair else (), pair or (), strict=True):
        with column:
            _show(figure)
else:
    st.info(trade.NO_STRUCTURE)

st.subheader("Countries compared: trade with Afghanistan, China, Russia and the EU")
_show(_figure("comparison", version, args, f.present), "trade with these counterparts")
st.caption(trade.comparison_note(view.comparison_missing))

st.subheader("Mirror view: the same flow reported twice")
if view.mirrors.empty:
    st.info(trade.NO_MIRROR)
else:
    labels = dict(zip(view.mirrors["pair_key"], view.mirrors["label"], strict=True))
    key = _url(st.selectbox, "Flow reported twice", list(labels), "mirror", format_func=labels.get)
    _show(_figure("mirror", version, args, key, f.present))

st.subheader("Table")
st.caption(trade.table_note(view.no_usd))
shell.show_table(view.rows, "trade")
shell.download_panel(view.rows, "trade")
shell.cite_box()
