"""Compare: two to six countries side by side across trade, displacement, incidents and
corridors. Thin page: transforms in dashboard_core.compare, charts in compare_charts."""

import streamlit as st

from dashboard_core import compare
from dashboard_core import compare_charts as charts
from dashboard_core import incidents as inc
from dashboard_core.ui import shell


@st.cache_data(show_spinner=False, max_entries=4)
def _inputs(version: str):
    return (
        compare.annual_trade(compare.relevant_trade(shell.table("trade"))),
        inc.prepare(shell.table("incidents")),
        inc.country_names(shell.table("countries")),
        compare.prepare_displacement(shell.table("displacement")),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _country(version: str, iso3: str):
    annual, incidents, names, displacement = _inputs(version)
    corridors = shell.table("corridors")
    return compare.country_table(iso3, annual, displacement, incidents, corridors, names)


@st.cache_data(show_spinner=False, max_entries=32)
def _view(version: str, countries: tuple[str, ...], years: tuple[int, int]):
    names, displacement = _inputs(version)[2:]
    chosen = countries[: compare.MAX_COUNTRIES]
    tables = {c: _country(version, c) for c in chosen} if len(chosen) > 1 else {}
    left_out = compare.displacement_left_out(displacement, chosen, years)
    return compare.view_from_tables(tables, countries, years, left_out, names)


f, version = shell.page_filters(), shell.data_version()
names = _inputs(version)[2]
labels = {m: v[0] for m, v in compare.MEASURES.items()}
rank_by = shell.sidebar_selectbox(
    "Rank countries by", list(labels), "rank", "trade_region", labels.get
)
shell.page_header(
    "Compare countries",
    "Two to six countries side by side: trade, refugees and "
    "returns, border incidents and corridors, for the selected years.",
)
view = _view(version, f.countries, f.years)
for note in view.notes:
    st.caption(note)
if len(view.countries) < compare.MIN_COUNTRIES:
    shell.empty_notice("comparison (pick at least two countries in the sidebar)")
    st.stop()
if view.table.empty:
    shell.empty_notice("figures for these countries")
    st.stop()

st.subheader("Side by side")
st.dataframe(view.wide, width="stretch")
st.caption(compare.SUMMARY_NOTE)
shell.show_chart(
    charts.corridors_by_status(view.table, view.countries, names, f.present),
    compare.sources_of(view.table, ["corridors"]),
)

st.subheader("Over time")
if view.series.empty:
    shell.empty_notice("yearly figures")
else:
    shell.show_chart(
        charts.small_multiples(view.series, view.countries, names, f.present),
        compare.sources_of(view.table, compare.TIME_MEASURES),
    )

st.subheader(f"Ranked: {labels[rank_by]}")
ranked = compare.ranked(view.summary, rank_by)
shell.show_chart(
    charts.ranked_chart(ranked, rank_by, view.countries, names, f.present),
    compare.sources_of(view.table, [rank_by]),
)

st.subheader("Table")
shell.show_table(view.table, "compare")
shell.download_panel(view.table, "compare")
shell.cite_box()
