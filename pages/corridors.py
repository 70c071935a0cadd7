"""Corridors: line map, a card for one corridor, schedule, the filtered table. Thin page:
transforms in dashboard_core.corridors, charts in corridors_charts, the map in corridors_map."""

import streamlit as st

from dashboard_core import compare
from dashboard_core import corridors as cor
from dashboard_core import corridors_charts as charts
from dashboard_core import corridors_map as cmap
from dashboard_core import incidents as inc
from dashboard_core.filters import apply_filters
from dashboard_core.ui import shell


@st.cache_data(show_spinner=False, max_entries=4)
def _prepared(version: str):
    countries, sources = shell.table("countries"), shell.table("sources")
    return (
        cor.prepare(shell.table("corridors"), countries, sources),
        inc.prepare(shell.table("incidents"), countries, sources),
        compare.annual_trade(compare.relevant_trade(shell.table("trade"))),
        cor.feature_lines(shell.geojson("corridors")),
        inc.country_names(countries),
    )


f, version = shell.page_filters(), shell.data_version()
corridors, incidents, annual, lines, names = _prepared(version)
modes = shell.sidebar_multiselect(
    "Mode", cor.mode_options(corridors), "mode", [], cor.MODE_GROUP_LABELS.get
)
statuses = shell.sidebar_multiselect(
    "Status", cor.status_options(corridors), "status", [], cor.STATUS_LABELS.get
)
shell.page_header("Corridors", cor.PAGE_INTRO)
rows = cor.filter_corridors(apply_filters(corridors, "corridors", f), modes, statuses)
if rows.empty:
    shell.empty_notice("corridors")
    st.stop()
labels = dict(zip(rows["corridor_id"], rows["name"], strict=True))
pick = st.selectbox(
    "Corridor card",
    ["", *labels],
    key="corridor",
    bind="query-params",
    format_func=lambda c: labels.get(c, "None picked: show all corridors"),
)

st.subheader("Map")
deck = cmap.corridors_deck(
    rows,
    lines,
    shell.geojson("boundaries"),
    shell.table("cities"),
    pick or None,
    f.countries,
    f.present,
)
shell.show_deck(deck, rows, legend=cmap.legend_html(cmap.legend_items(rows), f.present))

if pick:
    st.subheader(labels[pick])
    km = st.select_slider(
        "Incidents within (km of the drawn line)",
        cor.DISTANCE_CHOICES_KM,
        value=50,
        key="km",
        bind="query-params",
    )
    card = cor.build_card(
        cor.row_of(rows, pick),
        lines.get(pick, []),
        incidents,
        annual,
        shell.table("events"),
        shell.table("sources"),
        km,
        f.years,
        names,
    )
    facts, sources = st.columns([3, 2])
    facts.markdown(cor.facts_markdown(card.facts))
    sources.dataframe(card.sources, hide_index=True, width="stretch")
    if card.note:
        st.expander("Notes on this entry").markdown(card.note)
    st.markdown(cor.TRADE_HEADING)
    if card.trade.empty:
        shell.empty_notice("full-year trade figures between these countries")
    else:
        shell.show_chart(charts.trade_along_chart(card.trade, f.present), card.trade_sources)
    for heading, frame, dataset, what in card.tables(km):
        st.markdown(heading)
        if frame.empty:
            shell.empty_notice(what)
        else:
            shell.show_table(frame, dataset, key=f"card-{dataset}")

st.subheader("Schedule")
bars, points, undated = cor.schedule_frame(rows)
if bars.empty and points.empty:
    shell.empty_notice("corridors with a start or completion year")
else:
    shell.show_chart(charts.schedule_chart(bars, points, pick or None, f.present), rows)
st.caption(cor.undated_note(undated))

st.subheader("Table")
table = cor.display_table(rows)
shell.show_table(table, "corridors")
geojson = cor.filtered_geojson(shell.geojson("corridors"), table)
shell.download_panel(table, "corridors", geojson=geojson)
shell.cite_box()
