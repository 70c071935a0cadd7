"""Data & sources: catalogue, how figures are verified, sources, data dictionary and full
downloads. The frames come from dashboard_core.data.catalogue."""

import pandas as pd
import streamlit as st

from dashboard_core.data import catalogue
from dashboard_core.ui import display, downloads, frame, loaders, state
from dashboard_core.viz import verification


def catalogue_section(package: dict, tables: dict[str, pd.DataFrame]) -> None:
    st.subheader("Catalogue")
    listing = catalogue.catalogue(package, tables, tables["sources"], loaders.build_times())
    display.show_table(listing, "catalogue")


def verification_section(tables: dict[str, pd.DataFrame]) -> None:
    st.subheader("How the figures are verified")
    st.markdown(catalogue.VERIFICATION_TEXT)
    shares = catalogue.verification_shares(tables)
    display.show_chart(verification.verification_chart(shares), catalogue.cited_rows(tables))


def sources_section(package: dict, sources: pd.DataFrame) -> None:
    st.subheader("Sources")
    display.show_table(catalogue.sources_table(sources, package), "sources-list")


def dictionary_section(package: dict) -> None:
    st.subheader("Data dictionary")
    display.show_table(catalogue.data_dictionary(package), "dictionary")


def full_downloads(tables: dict[str, pd.DataFrame]) -> None:
    st.subheader("Download a full dataset")
    choices = list(catalogue.DOWNLOADABLE)
    dataset = state.pills("Dataset", choices, key="dataset", default="trade", multi=False)
    dataset = dataset or "trade"
    rows = tables[dataset]
    display.caption(catalogue.FULL_TABLE_NOTE)
    display.show_table(rows, dataset)
    geojson = catalogue.geojson_for(dataset, rows, loaders.geojson("corridors"))
    downloads.download_panel(rows, dataset, geojson=geojson, filtered=False)


state.page_filters()
package = loaders.datapackage()
tables = loaders.tables(*catalogue.DOWNLOADABLE)
frame.page_header("Data & sources", catalogue.INTRO.format(version=loaders.data_version()))
catalogue_section(package, tables)
verification_section(tables)
sources_section(package, tables["sources"])
dictionary_section(package)
full_downloads(tables)
downloads.cite_box()
