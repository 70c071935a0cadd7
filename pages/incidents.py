"""Border incidents: the map, the timeline, border pairs compared and the filtered table.
Transforms, charts and the map live in dashboard_core.incidents."""

import streamlit as st

from dashboard_core.data.filters import MATCH_ANY, MATCH_LABELS
from dashboard_core.incidents import charts, conflicts, transforms
from dashboard_core.incidents import map as incident_map
from dashboard_core.incidents.transforms import IncidentSelection, IncidentView
from dashboard_core.ui import display, downloads, frame, imports, loaders, state


@loaders.cache_views
def _prepared(version: str):
    tables = imports.tables("incidents", "countries", "sources")
    prepared = transforms.prepare(*tables.values())
    context = conflicts.context_for(prepared, loaders.table("conflicts"), tables["sources"])
    return prepared.assign(ucdp_context=context)


@loaders.cache_views
def _view(version: str, selection: IncidentSelection) -> IncidentView:
    return transforms.view_for(_prepared(version), selection)


@st.cache_data(show_spinner=False, max_entries=64)
def _key_events(version: str, selection: IncidentSelection, event_years: tuple[int, int]):
    return transforms.timeline_events(loaders.table("events"), selection, event_years)


def choose(shared) -> IncidentSelection:
    """The page's own sidebar filters (type, border pair, casualties, date precision)."""
    everything = _prepared(version)
    names = transforms.labels_for(
        transforms.event_type_options(everything), transforms.EVENT_TYPE_LABELS
    )
    pair_names = dict(zip(everything["border_pair"], everything["border_pair_label"], strict=True))
    types = state.sidebar_multiselect("Event type", list(names), "type", [], names.get)
    pairs = state.sidebar_multiselect(
        "Border pair", transforms.border_pair_options(everything), "border", [], pair_names.get
    )
    casualties = state.sidebar_radio(
        "Casualties",
        list(transforms.CASUALTY_OPTIONS),
        "casualties",
        "any",
        transforms.CASUALTY_OPTIONS.get,
    )
    precisions = state.sidebar_multiselect(
        "Date precision", transforms.PRECISION_OPTIONS, "precision", []
    )
    match = state.sidebar_radio(
        "Selected countries", list(MATCH_LABELS), "match", MATCH_ANY, MATCH_LABELS.get
    )
    return IncidentSelection(
        shared.countries,
        shared.years,
        tuple(types),
        tuple(pairs),
        casualties,
        tuple(precisions),
        match,
    )


@display.needs_data
def incident_map_section(view: IncidentView, present: bool) -> None:
    if not present:
        st.subheader("Map")
    dense = transforms.default_map_view(view)
    views = transforms.MAP_VIEWS
    map_area, controls = display.map_first(present)
    with controls:
        mode = state.pills("Map view", list(views), "view", dense, False, views.get) or dense
        options = state.map_options(loaders.tiles_available())
    ctx = loaders.map_context(options.basemap, options.provinces)
    figure = incident_map.map_figure(
        view, ctx, shared.countries, present, mode == "pairs", options.camera
    )
    with map_area:
        display.show_figure(figure)


@display.needs_data
def over_time(view: IncidentView, selection: IncidentSelection, present: bool) -> None:
    st.subheader("Over time")
    steps = transforms.TIMELINE_STEPS
    per = state.pills("Count per", list(steps), "per", view.granularity, False, str.capitalize)
    counts, granularity, left_out = transforms.timeline_for(view, per)
    years = charts.domain_years(counts, granularity, selection.years)
    show_events = state.annotations_toggle("events") and years
    marked = _key_events(version, selection, years) if show_events else None
    chart = charts.incidents_over_time(counts, granularity, marked, present, selection.years)
    display.show_chart(chart, view.rows, "incidents-over-time")
    killed = charts.casualties_over_time(counts, granularity, present, selection.years)
    display.show_chart(killed, view.rows, "killed-over-time")
    display.caption(transforms.timeline_note(left_out))


@display.needs_data
def border_pairs(view: IncidentView, present: bool) -> None:
    st.subheader("By border pair")
    left, right = st.columns(2)
    with left:
        display.show_chart(charts.border_pair_counts(view.pairs, present), view.rows, "pairs")
    with right:
        chart = charts.border_pair_casualties(view.pairs, present)
        display.show_chart(chart, view.rows, "pairs-killed")


@loaders.cache_figures
def _headline_figures(version: str, countries: tuple[str, ...], years: tuple[int, int]):
    tables = imports.tables("incidents", "sources", "countries")
    return transforms.headline_figures(tables, countries, years)


@display.needs_data
def headline_figures(selection: IncidentSelection) -> None:
    figures = _headline_figures(version, selection.countries, selection.years)
    if not figures.empty:
        display.show_table(figures, "indicators", key="page-figures", hide=("source_id",))


@display.needs_data
def conflict_context(selection: IncidentSelection) -> None:
    st.subheader("Conflict context (UCDP/PRIO)")
    rows = conflicts.conflict_table(
        loaders.table("conflicts"), selection.countries, selection.years
    )
    if rows.empty:
        display.empty_notice("UCDP/PRIO conflict-years in these countries and years")
        return
    display.caption(conflicts.TABLE_NOTE)
    display.show_table(rows, "conflicts")
    downloads.download_panel(rows, "conflicts")


@display.needs_data
def table(view: IncidentView) -> None:
    st.subheader("Table")
    display.show_table(view.table, "incidents")
    downloads.download_panel(view.table, "incidents", geojson=transforms.to_geojson)


shared, version = state.page_filters(), imports.data_version()
frame.page_header("Border incidents", transforms.INTRO)
selection = choose(shared)  # without its tables the page says so here
view = _view(version, selection)
if view.rows.empty:
    display.empty_notice(transforms.nothing_note(selection, loaders.country_names()))
    st.stop()
if not shared.present:
    st.markdown(transforms.headline(view) + transforms.CURATED_NOTE)
    headline_figures(selection)

incident_map_section(view, shared.present)
if shared.present:  # the map first, then the words
    st.markdown(transforms.headline(view) + transforms.CURATED_NOTE)
over_time(view, selection, shared.present)
border_pairs(view, shared.present)
conflict_context(selection)
table(view)
downloads.cite_box()
