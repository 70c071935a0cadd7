"""Overview: headline figures, the regional map and the key-events timeline for the filters."""

import streamlit as st

from dashboard_core import overview, overview_map, timeline
from dashboard_core.filters import apply_filters
from dashboard_core.ui import shell

filters = shell.page_filters()
tables = shell.tables("trade", "displacement", "incidents", "corridors", "events", "countries")
shell.page_header(
    "Central Asia Monitor",
    "Trade, displacement, border incidents and infrastructure corridors of Kazakhstan, "
    "Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan and Afghanistan, for the countries and "
    "years chosen in the sidebar.",
)

# The headline cards sit on top but are filled last: the map and the timeline reach the browser
# first, so their chart libraries load while the figures are computed.
headline_area = st.container()

st.subheader("Regional map")
layers = shell.pills(
    "Map layers",
    list(overview_map.LAYERS),
    key="layers",
    default=list(overview_map.LAYERS),
    format_func=overview_map.LAYERS.get,
)
flow_kind = shell.pills(
    "Flows between capitals",
    list(overview_map.FLOW_KINDS),
    key="flows",
    default="trade",
    multi=False,
    format_func=overview_map.FLOW_KINDS.get,
)
deck, drawn = overview_map.overview_deck(
    tables,
    shell.geojson("boundaries"),
    shell.geojson("corridors"),
    filters,
    layers,
    flow_kind or "trade",
)
shell.show_deck(deck, drawn, legend=overview_map.legend_items(layers, flow_kind or "trade"))

st.subheader("Key events")
events = apply_filters(tables["events"], "events", filters)
if events.empty:
    shell.empty_notice("key events")
else:
    shell.show_chart(timeline.events_timeline(events, filters.present), events)

with headline_area:
    figures = overview.headlines(tables, filters)
    shell.show_headlines(figures)

tables_box = shell.lazy_expander(
    "Headline figures and key events as tables", "overview-tables", icon=":material/table:"
)
with tables_box:
    if tables_box.open:
        summary = overview.headline_table(figures)
        shell.show_table(summary, "headlines")
        shell.download_panel(summary, "headlines")
        shell.show_table(events, "events")
        shell.download_panel(events, "events")

shell.cite_box()
