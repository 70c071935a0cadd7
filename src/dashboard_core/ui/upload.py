"""The Import page's workings: a visitor's publisher file read by the importers into this session
(never onto the server's data), the importer's report and a preview, the files imported so far
with their source entries, and the operator's layers.

The upload stays in memory (Streamlit holds it); the importers read it from a private temporary
folder that is deleted as soon as the file is read. Its size is checked against
`server.maxUploadSize` before a byte is parsed (Streamlit's uploader checks it too). The page is
on unless the operator sets `CAM_IMPORT_PAGE=off` (README, "Bringing your own files").
"""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard_core.data import layers
from dashboard_core.data.formatting import count_text, escape_markdown
from dashboard_core.importers import ImportFileError, collect, formats, stream
from dashboard_core.ui import display, imports, settings, turns

SWITCH = settings.IMPORT_PAGE  # "off" (or 0, false, no) takes the Import page out of the app
_DONE = "_cam_upload_done"  # file_id of the last upload read (a rerun must not read it again)
_OUTCOME = "_cam_upload_outcome"
ENCODINGS = {
    "": "Recognise it (UTF-8, or UTF-16)",
    "cp1251": "cp1251 (Cyrillic, Windows)",
    "cp1252": "cp1252 (Western European, Windows)",
    "latin_1": "latin_1 (Western European, ISO 8859-1)",
    "utf_16_le": "utf_16_le (UTF-16 without its mark)",
    "koi8_r": "koi8_r (Cyrillic, KOI8-R)",
}
FLOWS = {"": "The file says", "export": "Exports", "import": "Imports"}
DOMAIN_PAGES = {
    "trade": ("pages/trade.py", "Trade"),
    "displacement": ("pages/displacement.py", "Displacement"),
    "population": ("pages/displacement.py", "Displacement (hosts per 1,000)"),
    "incidents": ("pages/incidents.py", "Incidents"),
    "corridors": ("pages/corridors.py", "Corridors"),
}
_LOG = logging.getLogger(__name__)


def page_enabled() -> bool:
    """The operator's switch: `CAM_IMPORT_PAGE=off` removes the page (and its URL)."""
    return settings.import_page_enabled()


def size_limit_mb() -> int:
    return int(st.get_option("server.maxUploadSize"))


def safe_name(name: str) -> str:
    """The upload's own file name, reduced to characters safe on any file system."""
    base = Path(str(name).replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ()\[\]]+", "_", base).strip(" .")[:120]
    return base or "upload"


def in_app_words(message: str) -> str:
    """An importer's message with the command line's advice put the app's way."""
    message = re.sub(
        r"pass --encoding ([\w-]+)\.",
        r"choose the text encoding \1 under 'What the file may not say' and upload it again.",
        message,
    )
    return message if message.endswith(".") else message + "."


@dataclass
class Outcome:
    """What reading one upload gave: the imported file's id, or the message saying why not."""

    file_name: str
    file_id: str = ""
    problem: str = ""
    kind: str = "error"  # error | info (already imported) | warning (nothing to keep)
    report: tuple[str, ...] = field(default_factory=tuple)


class ProgressBar:
    """An st.progress bar fed by the importers. They report bytes read from whatever thread
    reads the file (pyarrow's CSV reader has its own), and only the script's thread may draw,
    so `record` keeps the share and `draw` (between chunks) shows it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.share = 0.0
        self.bar = st.progress(0.0, text=f"Reading {name}")

    def record(self, done: int, total: int) -> None:
        self.share = min(done / total, 1.0) if total else 0.0

    def draw(self) -> None:
        self.bar.progress(self.share, text=f"Reading {self.name}: {self.share:.0%}")

    def close(self) -> None:
        self.bar.empty()


def read_upload(upload, encoding: str, flow: str, accessed: date | None) -> Outcome:
    """Check the size, read the file with the importers and keep it in this session. Nothing is
    written to the server's data; a refused file leaves earlier imports as they were."""
    name = safe_name(upload.name)
    limit = size_limit_mb()
    if upload.size > limit * 1024 * 1024:
        return Outcome(
            name,
            problem=f"{name} is {upload.size / 1024 / 1024:,.1f} MB; this server takes files "
            f"of up to {limit} MB. Nothing was read.",
        )
    bar = ProgressBar(name)
    options = {"flow": flow} if flow else {}
    try:
        with tempfile.TemporaryDirectory(prefix="cam-upload-") as folder:
            path = Path(folder) / name
            path.write_bytes(upload.getbuffer())
            run = stream(path, progress=bar.record, encoding=encoding or None, options=options)
            with turns.PAGE_RUNS.step_aside():  # seconds for a big file: others go meanwhile
                result = collect(run, after_chunk=bar.draw)
    except (ImportFileError, ValueError) as error:
        return Outcome(name, problem=f"{in_app_words(str(error))} Nothing was imported.")
    except Exception as error:  # noqa: BLE001 - a file no guard foresaw still gets words
        _LOG.warning("upload %s could not be read", name, exc_info=True)
        return Outcome(
            name,
            problem=f"{name}: could not be read ({error.__class__.__name__}). Nothing was "
            "imported.",
        )
    finally:
        bar.close()
    report = tuple(result.report.lines())
    file_id = str(result.source.source_id).removeprefix("imported-")
    if imports.has(file_id):
        return Outcome(name, file_id, "This file (the same bytes) is already imported in this "
                       "session: see it below.", "info", report)  # fmt: skip
    if result.report.rows_kept == 0:
        return Outcome(name, problem=f"{name}: no row touches the six countries in the "
                       "period covered, so nothing was imported.", kind="warning",
                       report=report)  # fmt: skip
    imported = imports.imported_file(
        result.source.as_row(),
        report,
        result.frames,
        result.geometry,
        layers.BY_YOU,
        accessed.isoformat() if accessed else None,
    )
    imports.add(imported)
    return Outcome(name, imported.id, report=report)


def _options() -> tuple[str, str, date | None]:
    box = st.expander("What the file may not say", icon=":material/tune:")
    encoding = box.selectbox(
        "Text encoding",
        list(ENCODINGS),
        format_func=lambda code: ENCODINGS.get(code, code),
        key="import-encoding",
        accept_new_options=True,
        help="Type another Python codec name if yours is not listed (a message about the "
        "file's text names the one it looks like).",
    )
    flow = box.radio(
        "Flow of a country-pair table (stat.uz by partner)",
        list(FLOWS),
        format_func=FLOWS.get,
        horizontal=True,
        key="import-flow",
    )
    accessed = box.date_input(
        "Downloaded from the publisher on",
        value=None,
        max_value=datetime.now(UTC).date(),
        key="import-accessed",
        help="The access date ACLED asks every view of its rows to state (you can also set "
        "it below, once the file is imported).",
    )
    return encoding, flow, accessed if isinstance(accessed, date) else None


INTRO = (
    "Bring a file as its publisher ships it: an ACLED or UCDP GED event export, a UN Comtrade "
    "or national statistics extract, a UNHCR Refugee Data Finder download, IOM DTM or World "
    "Bank tables, or a GeoJSON, GeoPackage or zipped Shapefile of routes. The file is "
    "recognised by its layout, not its name. Its rows then appear on the Trade, Displacement, "
    "Incidents and Corridors pages beside the dashboard's own data, marked ⇪ *Imported by "
    "you*, for the rest of this browser session. They are never written to the server's data "
    "and no one else sees them; closing the tab forgets them."
)


def upload_section() -> None:
    """The uploader, its options, and the outcome of the last file read."""
    limit = size_limit_mb()
    st.markdown(
        f"Files up to **{limit} MB** (larger ones are refused before they are read). "
        "A file the importers cannot read gets a message naming the row and column; nothing "
        "is imported from it and your earlier imports stay as they were."
    )
    box = display.lazy_expander("Formats recognised", "import-formats", ":material/list:")
    with box:
        if box.open:
            display.show_table(format_rows(), "import-formats", key="page-import-formats")
    encoding, flow, accessed = _options()
    upload = st.file_uploader(
        "Publisher file",
        key="import-file",
        help="Your file stays in this browser session: it is read, never stored.",
    )
    if upload is not None and upload.file_id != st.session_state.get(_DONE):
        st.session_state[_DONE] = upload.file_id
        st.session_state[_OUTCOME] = read_upload(upload, encoding, flow, accessed)
    outcome: Outcome | None = st.session_state.get(_OUTCOME)
    if outcome is not None:
        show_outcome(outcome)


def show_outcome(outcome: Outcome) -> None:
    if outcome.problem:
        say = {"error": st.error, "warning": st.warning, "info": st.info}[outcome.kind]
        say(escape_markdown(outcome.problem), icon=":material/block:")
    if outcome.report:
        st.markdown("**Import report** (as `python -m dashboard_core import` prints it)")
        st.code("\n".join(outcome.report), language=None, wrap_lines=True)
    chosen = next((f for f in imports.session_files() if f.id == outcome.file_id), None)
    if chosen is not None and not outcome.problem:
        st.success(
            escape_markdown(
                f"{outcome.file_name} imported: {_feeds(chosen)}. See the rows on the pages "
                "below; they stay for this session."
            ),
            icon=":material/check_circle:",
        )
        page_links(chosen, "outcome")
        preview(chosen)


def _feeds(file: imports.ImportedFile) -> str:
    return ", ".join(f"{count_text(n, 'row')} for {name}" for name, n in file.datasets.items())


def page_links(file: imports.ImportedFile, where: str) -> None:
    """Links to the pages showing the file's rows (same session: the rows go along)."""
    row = st.container(horizontal=True, gap="small", key=f"import-links-{where}-{file.id}")
    seen = set()
    for dataset in file.frames:
        path, label = DOMAIN_PAGES.get(dataset, ("", ""))
        if path and path not in seen:
            seen.add(path)
            row.page_link(path, label=f"See them on {label}", icon=":material/arrow_forward:")


def preview(file: imports.ImportedFile) -> None:
    """The imported rows, as the domain pages' tables show them."""
    for dataset, frame in file.frames.items():
        display.caption(f"Preview: {count_text(len(frame), dataset + ' row')} from this file.")
        display.show_table(frame, dataset, key=f"preview-{file.id}-{dataset}")


def format_rows() -> pd.DataFrame:
    """The publisher formats the importers recognise, with where each layout comes from."""
    return pd.DataFrame(
        [
            {
                "format": f.label,
                "publisher": f.publisher,
                "feeds": ", ".join(f.datasets),
                "licence": f.licence,
                "layout_source": f.layout_source,
            }
            for f in formats()
        ]
    )


def _entry_rows(files: list[imports.ImportedFile]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "file_name": f.source.get("file_name"),
                "imported_by": f.source.get("imported_by"),
                "format": f.source.get("format_label"),
                "publisher": f.source.get("publisher"),
                "rows": sum(f.datasets.values()),
                "feeds": ", ".join(f.datasets),
                "imported_at": f.source.get("imported_at"),
                "sha256": f.source.get("sha256"),
                "licence": f.source.get("licence"),
            }
            for f in files
        ]
    )


def session_section() -> None:
    """This session's imports: source entries, the report again, and a remove button each."""
    files = imports.session_files()
    st.subheader("Your imports in this session")
    if not files:
        st.info("Nothing imported yet in this session.", icon=":material/upload_file:")
        return
    for file in files:
        with st.container(border=True, key=f"import-entry-{file.id}"):
            st.markdown(f"**{escape_markdown(file.source.get('file_name'))}**")
            display.caption(layers.entry_text(file.source))
            display.caption(f"SHA-256 {file.source.get('sha256')}")
            display.caption(f"Feeds {_feeds(file)}. Licence: {file.source.get('licence')}.")
            page_links(file, "entry")
            if layers.restricted(file.source):
                access_date(file)
            if st.button("Remove from this session", key=f"remove-{file.id}", type="tertiary"):
                imports.remove(file.id)
                st.rerun()


def imported_files_section() -> None:
    """Every imported file in view (the operator's and this session's), for the Data page."""
    files = imports.every_file()
    if not files:
        return
    st.subheader("Imported files")
    st.caption(
        "Files read by the importers, each with its own source entry: the operator's (everyone "
        "sees them) and yours (this browser session only). Their rows carry verification "
        "⇪ Imported."
    )
    display.show_table(_entry_rows(files), "imported-files", key="page-imported-files")


def access_date(file: imports.ImportedFile) -> None:
    """When the visitor downloaded a file whose publisher asks views to state it (ACLED)."""
    stated = file.source.get("accessed")
    chosen = st.date_input(
        escape_markdown(f"Downloaded from {file.source.get('publisher')} on"),
        value=date.fromisoformat(stated) if stated else None,
        max_value=datetime.now(UTC).date(),
        key=f"import-accessed-{file.id}",
        help="Every view of these rows states it, with the publisher's attribution.",
    )
    value = chosen.isoformat() if isinstance(chosen, date) else None
    if value != stated:
        imports.set_accessed(file.id, value)


def operator_section() -> None:
    """The layers the operator imported on the server: everyone sees them."""
    files = list(imports.operator_files())
    if not files:
        return
    st.subheader("Imported by the operator (everyone sees these)")
    st.caption(
        "Added on the server with `python -m dashboard_core import`; marked ⇪ Imported on "
        "every page, like your own."
    )
    display.show_table(_entry_rows(files), "imported-files", key="page-operator-imports")
