"""Downloads and citation: the buttons that hand out exactly the rows on screen (single files
and a bundle with a README and a datapackage.json), and "Cite this view" with the URL of the
current view and the data version."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from dashboard_core.data import bundle, exports, filters, provenance
from dashboard_core.data import store as stores
from dashboard_core.data.formatting import count_text
from dashboard_core.ui import imports
from dashboard_core.ui.display import caption, lazy_expander
from dashboard_core.ui.loaders import data_version
from dashboard_core.ui.session_keys import APP_TITLE, PAGE_KEY
from dashboard_core.ui.state import page_choices, page_filters

FORMAT_LABELS = {
    "csv": "CSV",
    "xlsx": "Excel",
    "parquet": "Parquet",
    "geojson": "GeoJSON",
    "zip": "Bundle (zip)",
}
FORMAT_HELP = {
    "zip": "The rows as CSV with a README (filters, sources, licences, how to cite, caveats) "
    "and a datapackage.json (Frictionless Data Package)",
    "parquet": "The README and datapackage.json travel in the file's key-value metadata",
    "xlsx": "Adds a Sources sheet (with licences) and an About sheet",
}
MIME_TYPES = {**exports.MIME_TYPES, "zip": "application/zip"}


def current_view_url() -> str:
    """The address of this view: the page URL plus the canonical filters and page parameters."""
    page = st.session_state.get(PAGE_KEY, {})
    base = st.context.url or f"http://localhost:8501/{page.get('url_path', '')}"
    query: dict[str, list[str]] = {k: st.query_params.get_all(k) for k in st.query_params}
    query.update(filters.to_query(page_filters()))
    return provenance.view_url(base, query)


FULL_DATASET = "none: the full dataset"


def _page_title() -> str:
    return st.session_state.get(PAGE_KEY, {}).get("title", APP_TITLE)


def scope_text(choices: tuple[filters.FilterChoice, ...], filtered: bool) -> str:
    """Every active filter on one line (captions, the About sheet, citations)."""
    return filters.describe_choices(choices) if filtered else FULL_DATASET


MAX_DOWNLOAD_ROWS = 1_000_000  # Excel's sheet holds 1,048,576; files are built in memory


class _OnClick:
    """The rows of a download, read once a button is clicked (a store's `Rows` stays where it
    lies until then) and kept for the other formats of the same run."""

    def __init__(self, df: pd.DataFrame | stores.Rows) -> None:
        self._source, self._rows = df, None

    def __call__(self) -> pd.DataFrame:
        if self._rows is None:
            source = self._source
            frame = source.frame() if isinstance(source, stores.Rows) else source
            self._rows = exports.withhold_restricted(frame.reset_index(drop=True))[0]
        return self._rows


def _withheld(df: pd.DataFrame | stores.Rows) -> tuple[int, int]:
    """(rows a download holds, rows withheld), counted without reading a store's rows."""
    if not isinstance(df, stores.Rows):
        kept, withheld = exports.withhold_restricted(df)
        return len(kept), withheld
    if exports.RAW_DOWNLOAD_COLUMN not in df.columns:
        return len(df), 0
    withheld = df.count(stores.equals(exports.RAW_DOWNLOAD_COLUMN, False))
    return len(df) - withheld, withheld


def download_panel(
    df: pd.DataFrame | stores.Rows,
    dataset: str,
    geojson: Mapping | Callable[[pd.DataFrame], Mapping] | None = None,
    filtered: bool = True,
) -> None:
    """CSV, Excel, Parquet (and GeoJSON when given) of exactly these rows, keyed
    `dl-<dataset>-<format>`, and the bundle `dl-<dataset>-zip` (CSV + README.md +
    datapackage.json). Files are built only when their button is clicked (a store's `Rows` is
    read then). Pass `filtered=False` for a full, unfiltered dataset (the README and About sheet
    then say so). Above MAX_DOWNLOAD_ROWS the panel asks for narrower filters instead.
    `geojson`: the features, or better a function of the rows handed out (built on click, and
    without the rows a publisher's terms keep out of downloads); a fixed collection is left out
    when rows are withheld."""
    count, withheld = _withheld(df)
    if count > MAX_DOWNLOAD_ROWS:
        what = "match" if filtered else "in the full table"
        how = (
            "Narrow the filters (years, countries, partners) to download them."
            if filtered
            else "The domain pages download exactly the rows their filters keep."
        )
        caption(
            f"{count_text(count, f'{dataset} row')} {what}: more than a download holds "
            f"({MAX_DOWNLOAD_ROWS:,} rows). {how}"
        )
        return
    rows = _OnClick(df)
    sources = imports.table("sources")  # imported files' source entries included
    choices = page_choices() if filtered else ()
    scope = scope_text(choices, filtered)
    url, version, title = current_view_url(), data_version(), _page_title()

    def context() -> bundle.BundleContext:
        now = datetime.now(UTC)
        return bundle.BundleContext(dataset, title, choices, version, now, url, filtered)

    def xlsx() -> bytes:
        about = exports.about_rows(dataset, scope, version, count, view_url=url)
        return exports.to_xlsx_bytes(rows(), sources, about, data_sheet=dataset)

    builders: dict[str, Callable[[], bytes]] = {
        "csv": lambda: exports.to_csv_bytes(rows()),
        "xlsx": xlsx,
        "parquet": lambda: bundle.parquet_with_metadata(rows(), context(), sources),
    }
    if callable(geojson):
        builders["geojson"] = lambda: exports.to_geojson_bytes(geojson(rows()))
    elif geojson is not None and not withheld:
        builders["geojson"] = lambda: exports.to_geojson_bytes(geojson)
    builders["zip"] = lambda: bundle.bundle_zip(rows(), context(), sources)
    what = f"exactly as filtered ({scope})" if filtered else "the full dataset, no filters"
    caption(
        f"Download {count_text(count, f'{dataset} row')}, {what}. The bundle adds a README "
        "(filters, sources, licences, how to cite, caveats) and a datapackage.json; Excel adds "
        "Sources and About sheets."
        + (
            f" {count_text(withheld, 'row')} shown above {'is' if withheld == 1 else 'are'} "
            "left out: the publisher's terms forbid passing its raw rows on."
            if withheld
            else ""
        )
    )
    stem = bundle.stem(context())
    columns = st.columns(len(builders))
    for column, (fmt, build) in zip(columns, builders.items(), strict=True):
        column.download_button(
            FORMAT_LABELS[fmt],
            data=build,
            file_name=f"{stem}.{fmt}",
            mime=MIME_TYPES[fmt],
            key=f"dl-{dataset}-{fmt}",
            on_click="ignore",
            icon=":material/folder_zip:" if fmt == "zip" else ":material/download:",
            help=FORMAT_HELP.get(fmt),
            width="stretch",
        )


def cite_box() -> None:
    """ "Cite this view": a citation with the URL of the current view and the data version."""
    box = lazy_expander("Cite this view", "cite", icon=":material/format_quote:")
    with box:
        if box.open:
            text = provenance.citation_text(
                _page_title(),
                current_view_url(),
                data_version(),
                filters.describe_choices(page_choices()),
                datetime.now(UTC).date(),
            )
            st.code(text, language=None, wrap_lines=True)
            st.caption("The link reopens this page with the same filters.")
