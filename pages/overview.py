"""Overview: headline figures, the regional map and the key-events timeline for the filters.
Headlines and the map live in dashboard_core.overview, the timeline in dashboard_core.viz."""

import pandas as pd
import streamlit as st

from dashboard_core.data.filters import Filters
from dashboard_core.overview import headlines
from dashboard_core.overview import map as regional_map
from dashboard_core.overview.headlines import Headline
from dashboard_core.ui import display, downloads, frame, loaders, state
from dashboard_core.viz import timeline

# What the headline figures and the map read (key events have their own section).
FIGURE_TABLES = ("trade", "displacement", "incidents", "corridors", "countries")


@display.needs_data
def map_section(shared: Filters) -> None:
    """The map first for presenters (controls under it); its data is read before any control is
    drawn, so an unavailable dataset replaces the whole section."""
    if not shared.present:
        st.subheader("Regional map")
    tables = loaders.indicator_tables(*FIGURE_TABLES, "sources")
    corridor_lines = loaders.geojson("corridors")
    map_area, controls = display.map_first(shared.present)
    with controls:
        layers = state.pills(
            "Map layers",
            list(regional_map.LAYERS),
            key="layers",
            default=list(regional_map.LAYERS),
            format_func=regional_map.LAYERS.get,
        )
        flow_kind = state.pills(
            "Flows between capitals",
            list(regional_map.FLOW_KINDS),
            key="flows",
            default="trade",
            multi=False,
            format_func=regional_map.FLOW_KINDS.get,
        )
        options = state.map_options(loaders.tiles_available())
    flow_kind = flow_kind or "trade"
    deck, drawn = regional_map.overview_deck(
        tables,
        loaders.map_context(options.basemap, options.provinces),
        corridor_lines,
        shared,
        layers,
        flow_kind,
        options.camera,
    )
    with map_area:
        display.show_deck(deck, drawn, legend=regional_map.legend_items(layers, flow_kind))


@display.needs_data
def key_events(shared: Filters) -> pd.DataFrame:
    st.subheader("Key events")
    events = timeline.events_in_view(loaders.table("events"), shared)
    if events.empty:
        display.empty_notice("key events")
    else:
        chart = timeline.events_timeline(events, shared.present, loaders.table("sources"))
        display.show_chart(chart, events, "key-events")
    return events


@display.needs_data
def headline_cards(shared: Filters) -> list[Headline]:
    cards = headlines.headlines(loaders.indicator_tables(*headlines.TABLES), shared)
    display.show_headlines(cards)
    return cards


@display.needs_data
def by_country(shared: Filters) -> pd.DataFrame:
    st.subheader("Headline figures by country")
    display.caption(headlines.BY_COUNTRY_NOTE)
    figures = headlines.figures_by_country(loaders.indicator_tables(*headlines.TABLES), shared)
    if figures.empty:
        display.empty_notice("focus countries (pick one of the six in the sidebar)")
    else:
        display.show_table(figures, "indicators", key="page-indicators", hide=("source_id",))
    return figures


def as_tables(
    cards: list[Headline] | None, figures: pd.DataFrame | None, events: pd.DataFrame | None
) -> None:
    """The figures as tables and downloads, built only once the box is opened; a section whose
    data is unavailable (None) is left out."""
    box = display.lazy_expander(
        "Headline figures and key events as tables", "overview-tables", icon=":material/table:"
    )
    with box:
        if box.open:
            if figures is not None and not figures.empty:
                downloads.download_panel(figures, "indicators")
            if cards is not None:
                summary = headlines.headline_table(cards)
                display.show_table(summary, "headlines")
                downloads.download_panel(summary, "headlines")
            if events is not None:
                display.show_table(events, "events")
                downloads.download_panel(events, "events")


shared = state.page_filters()
frame.page_header("Central Asia Monitor", headlines.INTRO)
# The headline cards sit on top (presenters: under the map) but are filled last: the map and the
# timeline reach the browser first, so their chart libraries load while the figures are computed.
headline_area = st.container() if not shared.present else None
map_section(shared)
headline_area = headline_area or st.container()
events = key_events(shared)
with headline_area:
    cards = headline_cards(shared)
figures = by_country(shared)
as_tables(cards, figures, events)
downloads.cite_box()
