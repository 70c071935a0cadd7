"""Border incidents: map, timeline, border pairs and the filtered table. Thin page: transforms in
dashboard_core.incidents, charts in incidents_charts, the map in incidents_map."""

import streamlit as st

from dashboard_core import incidents as inc
from dashboard_core import incidents_charts as charts
from dashboard_core import incidents_map as imap
from dashboard_core import timeline
from dashboard_core.filters import Filters, apply_filters, row_mask
from dashboard_core.ui import shell


@st.cache_data(show_spinner=False, max_entries=4)
def _prepared(version: str):
    return inc.prepare(shell.table("incidents"), shell.table("countries"), shell.table("sources"))


@st.cache_data(show_spinner=False, max_entries=64)
def _view(version, countries, years, types, pairs, casualties, precisions):
    rows = _prepared(version)
    mask = row_mask(rows, "incidents", Filters(countries, years))
    return inc.build_view(rows, mask, types, pairs, casualties, precisions)


@st.cache_data(show_spinner=False, max_entries=64)
def _key_events(version, countries, years, event_years):
    events = inc.annotation_events(
        apply_filters(shell.table("events"), "events", Filters(countries, years))
    )
    return timeline.annotation_frame(events, event_years, countries, limit=3, x_field="period")


f, version = shell.page_filters(), shell.data_version()
everything = _prepared(version)
names = inc.labels_for(inc.event_type_options(everything), inc.EVENT_TYPE_LABELS)
pair_names = dict(zip(everything["border_pair"], everything["border_pair_label"], strict=True))
types = shell.sidebar_multiselect("Event type", list(names), "type", [], names.get)
pairs = shell.sidebar_multiselect(
    "Border pair", inc.border_pair_options(everything), "border", [], pair_names.get
)
casualties = shell.sidebar_radio(
    "Casualties", list(inc.CASUALTY_OPTIONS), "casualties", "any", inc.CASUALTY_OPTIONS.get
)
precisions = shell.sidebar_multiselect("Date precision", inc.PRECISION_OPTIONS, "precision", [])
shell.page_header(
    "Border incidents",
    "Clashes, cross-border fire and attacks on and near the "
    "region's borders, as recorded in the project's source documents.",
)
view = _view(
    version, f.countries, f.years, tuple(types), tuple(pairs), casualties, tuple(precisions)
)
if view.rows.empty:
    shell.empty_notice("incidents")
    st.stop()
st.markdown(inc.headline(view) + " A curated record, not a complete count of border incidents.")

st.subheader("Map")
opts = {"points": "Each incident", "pairs": "Per border pair"}
dense = "pairs" if len(view.rows) > inc.DENSE_POINTS else "points"
mode = shell.pills("Map view", list(opts), "view", dense, False, opts.get) or dense
deck = imap.incidents_deck(
    view.rows,
    shell.geojson("boundaries"),
    f.countries,
    f.present,
    aggregated=mode == "pairs",
    pairs=view.pairs,
)
shell.show_deck(deck, view.rows, legend=imap.legend_html(imap.legend_items(view.rows), f.present))

st.subheader("Over time")
per = shell.pills("Count per", ["month", "year"], "per", view.granularity, False, str.capitalize)
frame, gran, left_out = inc.timeline_for(view, per)
years = charts.domain_years(frame)
show_events = shell.annotations_toggle("events") and years
ann = _key_events(version, f.countries, f.years, years) if show_events else None
shell.show_chart(charts.incidents_over_time(frame, gran, ann, f.present), view.rows)
shell.show_chart(charts.casualties_over_time(frame, gran, f.present), view.rows)
st.caption(inc.timeline_note(left_out))

st.subheader("By border pair")
left, right = st.columns(2)
with left:
    shell.show_chart(charts.border_pair_counts(view.pairs, f.present), view.rows)
with right:
    shell.show_chart(charts.border_pair_casualties(view.pairs, f.present), view.rows)

st.subheader("Table")
shell.show_table(view.table, "incidents")
shell.download_panel(view.table, "incidents", geojson=inc.to_geojson(view.table))
shell.cite_box()
