"""Data & sources: catalogue, how figures are verified, sources, data dictionary and full
downloads. The frames come from dashboard_core.data.catalogue."""

import pandas as pd
import streamlit as st

from dashboard_core.data import catalogue
from dashboard_core.ui import display, downloads, frame, loaders, state, upload
from dashboard_core.viz import verification


@display.needs_data
def catalogue_section(tables: dict[str, pd.DataFrame]) -> None:
    st.subheader("Catalogue")
    package, sources = loaders.datapackage(), loaders.table("sources")
    listing = catalogue.catalogue(package, tables, sources, loaders.build_times())
    display.show_table(listing, "catalogue")


@display.needs_data
def verification_section(tables: dict[str, pd.DataFrame]) -> None:
    st.subheader("How the figures are verified")
    st.markdown(catalogue.VERIFICATION_TEXT)
    shares = catalogue.verification_shares(tables)
    display.show_chart(verification.verification_chart(shares), catalogue.cited_rows(tables))


@display.needs_data
def sources_section() -> None:
    st.subheader("Sources")
    package, sources = loaders.datapackage(), loaders.table("sources")
    display.show_table(catalogue.sources_table(sources, package), "sources-list")


@display.needs_data
def dictionary_section() -> None:
    st.subheader("Data dictionary")
    display.show_table(catalogue.data_dictionary(loaders.datapackage()), "dictionary")


@display.needs_data
def full_downloads() -> None:
    st.subheader("Download a full dataset")
    choices = list(catalogue.DOWNLOADABLE)
    dataset = state.pills("Dataset", choices, key="dataset", default="trade", multi=False)
    dataset = dataset or "trade"
    # a large table stays where it lies: paged on screen, read on a download's click
    rows = loaders.all_rows(dataset) if dataset in loaders.STORE_TABLES else loaders.table(dataset)
    display.caption(catalogue.FULL_TABLE_NOTE)
    display.show_table(rows, dataset)
    lines = loaders.geojson("corridors") if dataset == "corridors" else None
    geojson = catalogue.geojson_for(dataset, rows, lines)
    downloads.download_panel(rows, dataset, geojson=geojson, filtered=False)


state.page_filters()
frame.page_header("Data & sources", catalogue.INTRO.format(version=loaders.data_version()))
tables, missing = loaders.catalogue_tables(*catalogue.DOWNLOADABLE)
for error in missing:
    display.unavailable(error)
catalogue_section(tables)
verification_section(tables)
sources_section()
upload.imported_files_section()
dictionary_section()
full_downloads()
downloads.cite_box()
