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


def map_section(tables: dict[str, pd.DataFrame], shared: Filters) -> None:
    st.subheader("Regional map")
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
    flow_kind = flow_kind or "trade"
    deck, drawn = regional_map.overview_deck(
        tables,
        loaders.geojson("boundaries"),
        loaders.geojson("corridors"),
        shared,
        layers,
        flow_kind,
    )
    display.show_deck(deck, drawn, legend=regional_map.legend_items(layers, flow_kind))


def key_events(events: pd.DataFrame, present: bool) -> None:
    st.subheader("Key events")
    if events.empty:
        display.empty_notice("key events")
    else:
        display.show_chart(timeline.events_timeline(events, present), events)


def by_country(tables: dict[str, pd.DataFrame], shared: Filters) -> None:
    st.subheader("Headline figures by country")
    st.caption(headlines.BY_COUNTRY_NOTE)
    figures = headlines.figures_by_country(tables, shared)
    if figures.empty:
        display.empty_notice("focus countries (pick one of the six in the sidebar)")
        return
    display.show_table(figures.drop(columns="source_id"), "indicators", key="page-indicators")


def as_tables(cards: list[Headline], events: pd.DataFrame) -> None:
    """The figures as tables and downloads, built only once the box is opened."""
    box = display.lazy_expander(
        "Headline figures and key events as tables", "overview-tables", icon=":material/table:"
    )
    with box:
        if box.open:
            downloads.download_panel(headlines.figures_by_country(tables, shared), "indicators")
            summary = headlines.headline_table(cards)
            display.show_table(summary, "headlines")
            downloads.download_panel(summary, "headlines")
            display.show_table(events, "events")
            downloads.download_panel(events, "events")


shared = state.page_filters()
tables = loaders.tables(*headlines.TABLES)
frame.page_header("Central Asia Monitor", headlines.INTRO)
# The headline cards sit on top but are filled last: the map and the timeline reach the browser
# first, so their chart libraries load while the figures are computed.
headline_area = st.container()
map_section(tables, shared)
events = timeline.events_in_view(tables["events"], shared)
key_events(events, shared.present)
with headline_area:
    cards = headlines.headlines(tables, shared)
    display.show_headlines(cards)
by_country(tables, shared)
as_tables(cards, events)
downloads.cite_box()
