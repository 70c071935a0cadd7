"""Compare: two to six countries side by side across trade, displacement, incidents and
corridors: the summary, the series over time, a ranking and the long table. Transforms and
charts live in dashboard_core.compare."""

import pandas as pd
import streamlit as st

from dashboard_core.compare import charts, measures, summary
from dashboard_core.compare.summary import CompareInputs, CompareView
from dashboard_core.ui import display, downloads, frame, loaders, state


@st.cache_data(show_spinner=False, max_entries=4)
def _inputs(version: str) -> CompareInputs:
    tables = loaders.tables("trade", "incidents", "countries", "displacement")
    return summary.compare_inputs(*tables.values())


@st.cache_data(show_spinner=False, max_entries=64)
def _country(version: str, iso3: str) -> pd.DataFrame:
    inputs = _inputs(version)
    return summary.country_table(
        iso3,
        inputs.trade_annual,
        inputs.displacement,
        inputs.incidents,
        loaders.table("corridors"),
        inputs.names,
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _view(version: str, countries: tuple[str, ...], years: tuple[int, int]) -> CompareView:
    inputs = _inputs(version)
    chosen = countries[: measures.MAX_COUNTRIES]
    tables = {c: _country(version, c) for c in chosen} if len(chosen) > 1 else {}
    left_out = summary.displacement_left_out(inputs.displacement, chosen, years)
    return summary.view_from_tables(tables, countries, years, left_out, inputs.names)


@display.needs_data
def side_by_side(view: CompareView, names: dict[str, str], present: bool) -> None:
    st.subheader("Side by side")
    st.dataframe(view.wide, width="stretch")
    display.caption(summary.SUMMARY_NOTE)
    display.show_chart(
        charts.corridors_by_status(view.table, view.countries, names, present),
        summary.sources_of(view.table, ["corridors"]),
    )


@display.needs_data
def over_time(view: CompareView, names: dict[str, str], present: bool) -> None:
    st.subheader("Over time")
    if view.series.empty:
        display.empty_notice("yearly figures")
        return
    display.show_chart(
        charts.small_multiples(view.series, view.countries, names, present),
        summary.sources_of(view.table, measures.TIME_MEASURES),
    )


@display.needs_data
def ranked(view: CompareView, rank_by: str, label: str, names: dict, present: bool) -> None:
    st.subheader(f"Ranked: {label}")
    order = summary.ranked(view.summary, rank_by)
    display.show_chart(
        charts.ranked_chart(order, rank_by, view.countries, names, present),
        summary.sources_of(view.table, [rank_by]),
    )


@display.needs_data
def table(view: CompareView) -> None:
    st.subheader("Table")
    display.show_table(view.table, "compare")
    downloads.download_panel(view.table, "compare")


shared, version = state.page_filters(), loaders.data_version()
frame.page_header("Compare countries", summary.INTRO)
names = _inputs(version).names  # without its tables the page says so here
labels = summary.rank_labels()
rank_by = state.sidebar_selectbox(
    "Rank countries by", list(labels), "rank", "trade_region", labels.get
)
view = _view(version, shared.countries, shared.years)
for note in view.notes:
    display.caption(note)
if len(view.countries) < measures.MIN_COUNTRIES:
    display.empty_notice("comparison (pick at least two countries in the sidebar)")
    st.stop()
if view.table.empty:
    display.empty_notice("figures for these countries")
    st.stop()

side_by_side(view, names, shared.present)
over_time(view, names, shared.present)
ranked(view, rank_by, labels[rank_by], names, shared.present)
table(view)
downloads.cite_box()
