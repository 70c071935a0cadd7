"""Corridors: the line map, a card for one corridor (with the trade, incidents and events along
it), the schedule and the filtered table. Transforms, the card, charts and the map live in
dashboard_core.corridors."""

import pandas as pd
import streamlit as st

from dashboard_core.corridors import card, charts, transforms
from dashboard_core.corridors import map as corridor_map
from dashboard_core.corridors.card import CardInputs
from dashboard_core.data.filters import MATCH_ANY, MATCH_LABELS, apply_filters
from dashboard_core.ui import display, downloads, frame, imports, loaders, state


@st.cache_data(show_spinner=False, max_entries=16)
def _prepared(version: str) -> tuple[pd.DataFrame, dict]:
    tables = imports.tables("corridors", "countries", "sources")
    corridors = transforms.prepare(tables["corridors"], tables["countries"], tables["sources"])
    return corridors, transforms.feature_lines(imports.geojson("corridors"))


@st.cache_data(show_spinner=False, max_entries=16)
def _card_inputs(version: str) -> CardInputs:
    """What a corridor card reads besides the corridor: trade and incidents along it."""
    tables = imports.tables("incidents", "countries", "sources")
    trade = imports.rows("trade", card.TRADE_ROWS)  # the few trade rows the cards read
    return card.card_inputs(trade, tables["incidents"], tables["countries"], tables["sources"])


def choose(corridors: pd.DataFrame) -> tuple[list[str], list[str], str]:
    """The page's own sidebar filters: mode, status, and how corridors meet the countries."""
    modes = state.sidebar_multiselect(
        "Mode", transforms.mode_options(corridors), "mode", [], transforms.MODE_GROUP_LABELS.get
    )
    statuses = state.sidebar_multiselect(
        "Status", transforms.status_options(corridors), "status", [], transforms.STATUS_LABELS.get
    )
    match = state.sidebar_radio(
        "Selected countries", list(MATCH_LABELS), "match", MATCH_ANY, MATCH_LABELS.get
    )
    return modes, statuses, match


def pick_corridor(names: dict[str, str]) -> str:
    """The corridor whose card is open ("" for none), kept in the URL."""
    return st.selectbox(
        "Corridor card",
        ["", *names],
        key="corridor",
        bind="query-params",
        format_func=lambda c: names.get(c, "None picked: show all corridors"),
    )


@display.needs_data
def line_map(rows: pd.DataFrame, lines: dict, names: dict[str, str]) -> str:
    """The map (with the energy layer when on) and, under it for presenters, the corridor
    pick; returns the picked corridor ("" for none)."""
    if not shared.present:
        st.subheader("Map")
    map_area, controls = display.map_first(shared.present)
    with controls:
        pick = pick_corridor(names)
        show_energy = state.toggle("Energy plants and fields", "energy", value=True)
        options = state.map_options(loaders.tiles_available())
    assets = None
    if show_energy:
        assets = apply_filters(loaders.table("energy"), "energy", shared)
    figure = corridor_map.map_figure(
        rows,
        lines,
        loaders.map_context(options.basemap, options.provinces),
        loaders.table("cities"),
        pick or None,
        shared.countries,
        shared.present,
        assets,
        options.camera,
        loaders.table("sources"),
    )
    with map_area:
        display.show_figure(figure)
    return pick


@display.needs_data
def corridor_card(rows: pd.DataFrame, lines: dict, pick: str) -> None:
    display.heading(transforms.names_by_id(rows)[pick])
    inputs = _card_inputs(version)
    km = st.select_slider(
        "Incidents within (km of the drawn line)",
        card.DISTANCE_CHOICES_KM,
        value=50,
        key="km",
        bind="query-params",
    )
    events, sources = loaders.table("events"), imports.table("sources")
    shown = card.card_for(rows, pick, lines, inputs, events, sources, km, shared.years)
    facts, cited = st.columns([3, 2])
    facts.markdown(card.facts_markdown(shown.facts))
    with cited:
        display.show_table(shown.sources, "sources", key="card-sources")
    if shown.note:
        st.expander("Notes on this entry").markdown(shown.note)
    st.markdown(card.TRADE_HEADING)
    if shown.trade.empty:
        display.empty_notice("full-year trade figures between these countries")
    else:
        chart = charts.trade_along_chart(shown.trade, shared.present)
        display.show_chart(chart, shown.trade_sources, "trade-along")
    for heading, found, dataset, what in shown.tables(km):
        st.markdown(heading)
        if found.empty:
            display.empty_notice(what)
        else:
            display.show_table(found, dataset, key=f"card-{dataset}")
        if dataset == "incidents" and shown.left_out_note:
            display.caption(shown.left_out_note)


@display.needs_data
def schedule(rows: pd.DataFrame, pick: str) -> None:
    st.subheader("Schedule")
    bars, points, undated = transforms.schedule_frame(rows)
    chart = charts.schedule_chart(
        bars, points, pick or None, shared.present, undated=undated, years=shared.years
    )
    display.show_chart(chart, rows, "schedule")
    display.caption(transforms.schedule_note(bars, points, undated))


@display.needs_data
def table(rows: pd.DataFrame) -> None:
    st.subheader("Table")
    shown = transforms.display_table(rows)
    display.show_table(shown, "corridors")
    geojson = transforms.filtered_geojson(imports.geojson("corridors"), shown)
    downloads.download_panel(shown, "corridors", geojson=geojson)


shared, version = state.page_filters(), imports.data_version()
frame.page_header("Corridors", transforms.PAGE_INTRO)
corridors, lines = _prepared(version)  # without its tables the page says so here
modes, statuses, match = choose(corridors)
rows = transforms.rows_for(corridors, shared, modes, statuses, match)
if rows.empty:
    display.empty_notice(transforms.nothing_note(match, shared.countries, loaders.country_names()))
    st.stop()
pick = line_map(rows, lines, transforms.names_by_id(rows)) or ""
if pick:
    corridor_card(rows, lines, pick)
schedule(rows, pick)
table(rows)
downloads.cite_box()
