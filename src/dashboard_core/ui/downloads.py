"""Downloads and citation: the buttons that hand out exactly the rows on screen, and "Cite this
view" with the URL of the current view and the data version."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from dashboard_core.data import exports, filters, provenance
from dashboard_core.ui.display import lazy_expander
from dashboard_core.ui.frame import APP_TITLE, PAGE_KEY
from dashboard_core.ui.loaders import data_version, table
from dashboard_core.ui.state import page_filters

FORMAT_LABELS = {"csv": "CSV", "xlsx": "Excel", "parquet": "Parquet", "geojson": "GeoJSON"}


def current_view_url() -> str:
    """The address of this view: the page URL plus the canonical filters and page parameters."""
    page = st.session_state.get(PAGE_KEY, {})
    base = st.context.url or f"http://localhost:8501/{page.get('url_path', '')}"
    query: dict[str, list[str]] = {k: st.query_params.get_all(k) for k in st.query_params}
    query.update(filters.to_query(page_filters()))
    return provenance.view_url(base, query)


FULL_DATASET = "none: the full dataset"


def download_panel(
    df: pd.DataFrame, dataset: str, geojson: Mapping | None = None, filtered: bool = True
) -> None:
    """CSV, Excel, Parquet (and GeoJSON when given) of exactly these rows, keyed
    `dl-<dataset>-<format>`. Files are built only when their button is clicked. Pass
    `filtered=False` for a full, unfiltered dataset (the About sheet then says so)."""
    current = page_filters()
    rows = df.reset_index(drop=True)
    sources = table("sources")
    url = current_view_url()
    scope = current.describe() if filtered else FULL_DATASET
    version = data_version()

    def xlsx() -> bytes:
        about = exports.about_rows(dataset, scope, version, len(rows), view_url=url)
        return exports.to_xlsx_bytes(rows, sources, about, data_sheet=dataset)

    builders: dict[str, Callable[[], bytes]] = {
        "csv": lambda: exports.to_csv_bytes(rows),
        "xlsx": xlsx,
        "parquet": lambda: exports.to_parquet_bytes(rows),
    }
    if geojson is not None:
        builders["geojson"] = lambda: exports.to_geojson_bytes(geojson)
    what = f"exactly as filtered ({scope})" if filtered else "the full dataset, no filters"
    st.caption(
        f"Download {len(rows):,} {dataset} rows, {what}. "
        "Excel adds a Sources sheet (with licences) and an About sheet."
    )
    columns = st.columns(len(builders))
    years = current.years if filtered else None
    countries = current.countries if filtered else ()
    for column, (fmt, build) in zip(columns, builders.items(), strict=True):
        column.download_button(
            FORMAT_LABELS[fmt],
            data=build,
            file_name=exports.file_name(dataset, years, fmt, countries),
            mime=exports.MIME_TYPES[fmt],
            key=f"dl-{dataset}-{fmt}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )


def cite_box() -> None:
    """ "Cite this view": a citation with the URL of the current view and the data version."""
    box = lazy_expander("Cite this view", "cite", icon=":material/format_quote:")
    with box:
        if box.open:
            page = st.session_state.get(PAGE_KEY, {"title": APP_TITLE})
            text = provenance.citation_text(
                page.get("title", APP_TITLE),
                current_view_url(),
                data_version(),
                page_filters().describe(),
                datetime.now(UTC).date(),
            )
            st.code(text, language=None, wrap_lines=True)
            st.caption("The link reopens this page with the same filters.")
