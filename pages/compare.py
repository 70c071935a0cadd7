"""Compare: two to six countries side by side across trade, displacement, incidents and
corridors: the summary, the series over time, a ranking and the long table. Transforms and
charts live in dashboard_core.compare."""

import streamlit as st

from dashboard_core.compare import charts, measures, summary
from dashboard_core.compare.summary import CompareInputs, CompareView
from dashboard_core.ui import display, downloads, frame, loaders, state


@st.cache_data(show_spinner=False, max_entries=4)
def _inputs(version: str) -> CompareInputs:
    tables = loaders.indicator_tables(*measures.TABLES, "sources")
    return summary.compare_inputs(tables, loaders.table("countries"))


@st.cache_data(show_spinner=False, max_entries=32)
def _view(version: str, countries: tuple[str, ...], years: tuple[int, int]) -> CompareView:
    return summary.build_view(_inputs(version), countries, years)


@display.needs_data
def side_by_side(view: CompareView, names: dict[str, str], present: bool) -> None:
    st.subheader("Side by side")
    display.show_table(view.wide.reset_index(), "compare-summary")
    display.caption(summary.SUMMARY_NOTE)
    display.show_table(view.figures, "indicators", key="page-figures", hide=("source_id",))
    display.show_chart(
        charts.corridors_by_status(view.table, view.countries, names, present),
        summary.sources_of(view.table, ["corridors"]),
    )


@display.needs_data
def conflict_context(view: CompareView, names: dict[str, str]) -> None:
    st.subheader("Conflict context (UCDP/PRIO)")
    rows = summary.conflict_context(
        loaders.table("conflicts"), view.countries, shared.years, names, loaders.table("sources")
    )
    if rows.empty:
        display.empty_notice("UCDP/PRIO conflict-years in these countries and years")
        return
    display.caption(summary.CONFLICT_NOTE)
    display.show_table(rows, "conflicts-by-country", hide=("source_id",))


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
view = _view(version, shared.countries, shared.years)
labels = summary.rank_labels()
rank_by = state.sidebar_selectbox(
    "Rank countries by",
    list(labels),
    "rank",
    summary.default_rank(view.summary),
    labels.get,
    describes_rows=False,
)
for note in view.notes:
    display.caption(note)
if len(view.countries) < measures.MIN_COUNTRIES:
    display.empty_notice("comparison (pick at least two countries in the sidebar)")
    st.stop()
if view.table.empty:
    display.empty_notice("figures for these countries")
    st.stop()

side_by_side(view, names, shared.present)
conflict_context(view, names)
over_time(view, names, shared.present)
ranked(view, rank_by, labels[rank_by], names, shared.present)
table(view)
downloads.cite_box()
