"""Trade: flows between the selected countries and their partners. The flow map, then in tabs the
series over time, partner structure, countries compared and the mirror view, then the table.
Transforms and charts live in dashboard_core.trade."""

import streamlit as st

from dashboard_core.data import indicators
from dashboard_core.trade import charts, labels, transforms
from dashboard_core.trade.transforms import TradeContext, TradeSelection, TradeView
from dashboard_core.ui import display, downloads, frame, imports, loaders, state
from dashboard_core.viz.charts import Figure

SECTIONS = ("Over time", "Partner structure", "Countries compared", "Mirror view")


@loaders.cache_views
def _context(version: str) -> TradeContext:
    return transforms.page_context(
        imports.data_store(), *imports.tables("countries", "sources").values()
    )


@loaders.cache_views
def _view(version: str, selection: TradeSelection) -> TradeView:
    figure_rows = imports.rows("trade", indicators.TRADE_ROWS)
    return transforms.view_for(imports.data_store(), _context(version), selection, figure_rows)


@loaders.cache_figures
def _flow_map(
    version: str,
    whole: TradeSelection,
    year: int,
    present: bool,
    options: state.MapOptions,
    _drawn_from: TradeView,
) -> Figure:
    """`whole`: the selection over every year, so that the map of one year is cached whatever
    range holds it. `_drawn_from` (not part of the key): the view on screen, whose years hold
    `year`; any view holding it draws the same map."""
    map_ctx = loaders.map_context(options.basemap, options.provinces)
    return charts.map_figure(
        _drawn_from, _context(version), whole.flow, year, map_ctx, whole.countries, present,
        options.camera,
    )  # fmt: skip


@loaders.cache_figures
def _series(
    version: str, selection: TradeSelection, log: bool, show_events: bool, present: bool
) -> Figure:
    view = _view(version, selection)
    events = transforms.series_events(view, loaders.table("events"), selection, log)
    return charts.series_figure(view, events if show_events else None, log, present)


@loaders.cache_figures
def _partner_structure(version: str, selection: TradeSelection, reporter: str, present: bool):
    view, names = _view(version, selection), _context(version).names
    return charts.structure_figures(view.period, reporter, selection.flow, names, present)


@loaders.cache_figures
def _comparison(version: str, selection: TradeSelection, present: bool) -> Figure | None:
    return charts.comparison_figure(_view(version, selection), selection.flow, present)


@loaders.cache_figures
def _mirror(version: str, selection: TradeSelection, pair_key: str, present: bool):
    view, ctx = _view(version, selection), _context(version)
    return charts.mirror_figure(view, ctx, selection.flow, pair_key, present)


def choose(ctx: TradeContext, shared) -> TradeSelection:
    """The page's own sidebar filters (partners, flow, measures) on top of the shared ones."""
    partners = state.sidebar_multiselect(
        "Partners",
        ctx.partners,
        "partners",
        [],
        lambda c: labels.partner_label(c, ctx.names),
    )
    flow = state.sidebar_radio("Flow", labels.FLOWS, "flow", format_func=labels.FLOW_LABELS.get)
    st.sidebar.caption(labels.FLOW_HELP)
    measures = state.sidebar_multiselect(
        "Measure", labels.MEASURES, "measure", list(labels.MEASURES), labels.MEASURE_LABELS.get
    )
    return TradeSelection(shared.countries, shared.years, tuple(partners), flow, tuple(measures))


@display.needs_data
def flow_map(view: TradeView, selection: TradeSelection, present: bool) -> None:
    if not present:
        st.subheader("Flow map")
    if not view.years:
        display.empty_notice("observed figures to map")
        return
    map_area, controls = display.map_first(present)
    with controls:
        year = state.year_slider(view.years)
        options = state.map_options(loaders.tiles_available())
    whole = selection.over(imports.year_bounds())
    with map_area:
        display.show_figure(_flow_map(version, whole, year, present, options, view))


@display.needs_data
def over_time(selection: TradeSelection, present: bool) -> None:
    log = state.toggle("Logarithmic scale", "log")
    show_events = state.annotations_toggle("events")
    display.show_figure(_series(version, selection, log, show_events, present), name="over-time")


@display.needs_data
def partner_structure(view: TradeView, selection: TradeSelection, present: bool) -> None:
    if not view.reporters:
        st.info(labels.NO_STRUCTURE)
        return
    reporter = state.selectbox("Reporter", view.reporters, "reporter", ctx.names.get)
    pair = _partner_structure(version, selection, reporter, present)
    if pair is None:
        display.empty_notice("figures of this reporter for this flow")
        return
    for column, figure, name in zip(st.columns(2), pair, ("partners", "shares"), strict=True):
        with column:
            display.show_figure(figure, name=name)


@display.needs_data
def headline_figures(view: TradeView) -> None:
    figures = view.headline_figures()
    if figures.empty:
        return
    st.subheader("Headline figures")
    display.caption(labels.HEADLINE_NOTE)
    display.show_table(figures, "indicators", key="page-figures", hide=("source_id",))


@display.needs_data
def countries_compared(view: TradeView, selection: TradeSelection, present: bool) -> None:
    st.markdown(f"**{labels.COMPARISON_TITLE}**")
    display.show_figure(
        _comparison(version, selection, present), "trade with these counterparts", "compared"
    )
    display.caption(labels.comparison_note(view.comparison_missing))


@display.needs_data
def mirror_view(view: TradeView, selection: TradeSelection, present: bool) -> None:
    if view.mirrors.empty:
        st.info(labels.NO_MIRROR)
        return
    st.markdown(f"**{labels.MIRROR_TITLE}**")
    flows = dict(zip(view.mirrors["pair_key"], view.mirrors["label"], strict=True))
    pair_key = state.selectbox("Flow reported twice", list(flows), "mirror", flows.get)
    display.show_figure(_mirror(version, selection, pair_key, present), name="mirror")


@display.needs_data
def table(view: TradeView) -> None:
    st.subheader("Table")
    display.caption(labels.table_note(view.no_usd))
    display.show_table(view.rows, "trade")
    downloads.download_panel(view.rows, "trade")


shared, version = state.page_filters(), imports.data_version()
frame.page_header("Trade", labels.INTRO)
ctx = _context(version)  # without its tables the page says so here
selection = choose(ctx, shared)
view = _view(version, selection)
if view.rows.empty:
    display.empty_notice(f"{labels.FLOW_LABELS[selection.flow].lower()} figures")
    st.stop()


@frame.fragment
def analyses(view: TradeView, selection: TradeSelection, present: bool) -> None:
    """The tabs, in a fragment: opening another tab reruns them alone, not the map above."""
    tab_over_time, tab_structure, tab_compared, tab_mirror = state.section_tabs(SECTIONS)
    with tab_over_time:
        if tab_over_time.open:
            over_time(selection, present)
    with tab_structure:
        if tab_structure.open:
            partner_structure(view, selection, present)
    with tab_compared:
        if tab_compared.open:
            countries_compared(view, selection, present)
    with tab_mirror:
        if tab_mirror.open:
            mirror_view(view, selection, present)


# Presenters get the map first, the figures under it.
if not shared.present:
    headline_figures(view)
flow_map(view, selection, shared.present)
if shared.present:
    headline_figures(view)
analyses(view, selection, shared.present)
table(view)
downloads.cite_box()
