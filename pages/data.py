"""Data & sources: catalogue, data dictionary, sources, verification shares, full downloads."""

import streamlit as st

from dashboard_core import catalogue
from dashboard_core.ui import shell

shell.page_filters()
package = shell.datapackage()
tables = shell.tables(*catalogue.DOWNLOADABLE)
sources = tables["sources"]
shell.page_header(
    "Data & sources",
    f"What the dashboard shows, where every figure comes from and under which licence. "
    f"Data version `{shell.data_version()}`.",
)

st.subheader("Catalogue")
shell.show_table(catalogue.catalogue(package, tables, sources, shell.build_times()), "catalogue")

st.subheader("How the figures are verified")
st.markdown(
    "**Official release**: taken by the pipeline from a publisher's data file. "
    "**Verified in source document**: the figure stands at the cited line of a source document, "
    "re-checked by machine. **⚠ Reported**: from a named publication not at hand; check before "
    "quoting."
)
shares = catalogue.verification_shares(tables)
shell.show_chart(catalogue.verification_chart(shares), catalogue.cited_rows(tables))

st.subheader("Sources")
shell.show_table(catalogue.sources_table(sources, package), "sources-list")

st.subheader("Data dictionary")
shell.show_table(catalogue.data_dictionary(package), "dictionary")

st.subheader("Download a full dataset")
dataset = shell.pills(
    "Dataset", list(catalogue.DOWNLOADABLE), key="dataset", default="trade", multi=False
)
dataset = dataset or "trade"
rows = tables[dataset]
st.caption("The whole table, every row: the sidebar filters do not apply here.")
shell.show_table(rows, dataset)
shell.download_panel(
    rows,
    dataset,
    geojson=catalogue.geojson_for(dataset, rows, shell.geojson("corridors")),
    filtered=False,
)

shell.cite_box()
