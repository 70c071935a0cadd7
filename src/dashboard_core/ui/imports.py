"""Imported rows on the domain pages: the operator's layers (imported with the command line under
`<data dir>/imported/`, shown to everyone) and this session's uploads (the Import page; kept in
`st.session_state`, seen by this browser session alone, never written to the server's data).

Pages read their tables through here instead of `loaders`, and key their caches on
`data_version()`, which names the imported files in view (a session with uploads gets its own
cache entries, keyed on a random token of the session):

    version = imports.data_version()
    tables = imports.tables("incidents", "countries", "sources")   # clean + imported rows
    imports.geojson("corridors")                                   # clean + imported lines

Tables no importer feeds (events, energy, ...) come straight from `loaders`. The display
helpers read `sources` here too, so captions name the imported files and tables mark their rows
("⇪ Imported by you").
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard_core.data import layers, loading
from dashboard_core.data import store as stores
from dashboard_core.data.formatting import count_text
from dashboard_core.importers import store
from dashboard_core.ui import loaders

IMPORTABLE: tuple[str, ...] = ("trade", "displacement", "incidents", "corridors", "population")
_SESSION = "_cam_imports"  # id -> ImportedFile, this session's uploads in the order imported
_TOKEN = "_cam_imports_token"
_COMBINED = "_cam_imports_tables"  # dataset -> (key, combined frame) for this session
_IMPORTED_ROWS = "_cam_imports_rows"  # store table -> (key, imported rows marked) for this session
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportedFile:
    """One imported file as the pages use it: its source row (who imported it, file, format,
    SHA-256, time), the importer's report and its rows by dataset."""

    id: str
    source: dict
    report: tuple[str, ...]
    frames: dict[str, pd.DataFrame]
    geometry: dict | None = None
    years: tuple[int, int] | None = field(default=None)

    @property
    def datasets(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.frames.items()}


def imported_file(
    source: dict,
    report: Sequence[str],
    frames: dict[str, pd.DataFrame],
    geometry: dict | None,
    by: str,
    accessed: str | None = None,
) -> ImportedFile:
    """An importer's result as the pages use it (`by`: layers.BY_YOU or layers.BY_OPERATOR)."""
    frames, geometry = layers.tag_corridors(frames, geometry, str(source["sha256"])[:8])
    row = layers.as_shown(source, by, accessed)
    file_id = str(source["source_id"]).removeprefix("imported-")
    return ImportedFile(file_id, row, tuple(report), frames, geometry, layers.year_span(frames))


# --- the operator's layers (everyone sees them) ---------------------------------------------


def _layer_stamps() -> tuple[tuple[str, int], ...]:
    root = store.imported_dir()
    if not root.is_dir():
        return ()
    return tuple(
        (p.name, loaders.file_stamp(p / store.SOURCE_FILE))
        for p in sorted(root.iterdir())
        if p.is_dir() and not p.name.startswith(".") and (p / store.SOURCE_FILE).is_file()
    )


def _read_layer(folder: Path) -> ImportedFile:
    layer = store.read_layer(folder)
    frames = {
        name: pd.read_parquet(folder / f"{name}.parquet")
        for name in layer.datasets
        if (folder / f"{name}.parquet").is_file()
    }
    lines = folder / "corridors.geojson"
    geometry = json.loads(lines.read_text(encoding="utf-8")) if lines.is_file() else None
    report = [f"{key}: {value}" for key, value in layer.report.items()]
    return imported_file(layer.source, report, frames, geometry, layers.BY_OPERATOR)


@st.cache_resource(show_spinner=False, max_entries=2)
def _operator_files(stamps: tuple[tuple[str, int], ...]) -> tuple[ImportedFile, ...]:
    found = []
    for name, _ in stamps:
        try:
            found.append(_read_layer(store.imported_dir() / name))
        except Exception as error:  # noqa: BLE001 - one broken layer must not hide the rest
            _LOG.warning("imported layer %s left out: %s", name, error)
    return tuple(found)


def operator_files() -> tuple[ImportedFile, ...]:
    """The layers the operator imported with `python -m dashboard_core import` (cached until
    one is added or removed); a layer that cannot be read is left out and logged."""
    stamps = _layer_stamps()
    return _operator_files(stamps) if stamps else ()


# --- this session's uploads -----------------------------------------------------------------


def session_files() -> list[ImportedFile]:
    """What this browser session imported, oldest first."""
    return list(st.session_state.get(_SESSION, {}).values())


def has(file_id: str) -> bool:
    return file_id in st.session_state.get(_SESSION, {})


def add(file: ImportedFile) -> None:
    """Keep an imported file for the rest of the session (never on disk)."""
    st.session_state.setdefault(_TOKEN, uuid.uuid4().hex)
    st.session_state[_SESSION] = {**st.session_state.get(_SESSION, {}), file.id: file}


def set_accessed(file_id: str, accessed: str | None) -> None:
    """Record when the visitor downloaded one of their files from its publisher."""
    held = dict(st.session_state.get(_SESSION, {}))
    if file_id in held:
        file = held[file_id]
        held[file_id] = replace(file, source={**file.source, "accessed": accessed})
        st.session_state[_SESSION] = held


def remove(file_id: str) -> None:
    kept = dict(st.session_state.get(_SESSION, {}))
    kept.pop(file_id, None)
    st.session_state[_SESSION] = kept


def every_file() -> list[ImportedFile]:
    """The operator's layers, then this session's uploads (a file in both counts once)."""
    files = {f.id: f for f in operator_files()}
    for file in session_files():
        files.setdefault(file.id, file)
    return list(files.values())


# --- tables with the imported rows -----------------------------------------------------------


def _digest(parts: Sequence[object]) -> str:
    return hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:12]


def data_version() -> str:
    """The cache key of the data a page shows: the clean data's version, plus the operator's
    layers and this session's uploads when there are any."""
    parts = [loaders.data_version()]
    stamps = _layer_stamps()
    if stamps:
        parts.append(f"layers-{_digest(stamps)}")
    mine = [(f.id, f.source.get("accessed")) for f in session_files()]
    if mine:
        parts.append(f"session-{st.session_state.get(_TOKEN, '')}-{_digest(mine)}")
    return "+".join(parts)


def _parts(name: str, files: Sequence[ImportedFile]) -> list[pd.DataFrame]:
    if name == "sources":
        return [pd.DataFrame([f.source for f in files])] if files else []
    return [f.frames[name] for f in files if name in f.frames]


def _combined(name: str, files: Sequence[ImportedFile]) -> pd.DataFrame:
    base = loaders.table(name)
    parts = _parts(name, files)
    if not parts:
        return base
    sources = loaders.table("sources") if name in ("trade", "displacement") else base
    if name in ("trade", "displacement"):
        sources = layers.combine("sources", sources, _parts("sources", files), sources)
    return layers.combine(name, base, parts, sources)


@st.cache_resource(show_spinner=False, max_entries=16)
def _with_layers(name: str, stamp: int, layer_key: tuple) -> pd.DataFrame:
    return _combined(name, operator_files())


def table(name: str) -> pd.DataFrame:
    """A clean table with the imported rows after its own (for trade, displacement, incidents,
    corridors, population and sources); any other table as `loaders.table` gives it. Raises
    `loading.DatasetUnavailable` as `loaders.table` does. Treat it as read-only."""
    if name not in (*IMPORTABLE, "sources"):
        return loaders.table(name)
    stamp = loaders.file_stamp(loading.table_path(name))
    stamps = _layer_stamps()
    if not session_files():
        if not stamps:
            return loaders.table(name)
        return _with_layers(name, stamp, stamps)
    key = (stamp, stamps, data_version())
    held = st.session_state.setdefault(_COMBINED, {})
    if name in held and held[name][0] == key:
        return held[name][1]
    combined = _combined(name, every_file())
    held[name] = (key, combined)
    return combined


# --- trade through the store: the clean table stays where it lies, imported rows beside it ---


def imported_rows(name: str) -> pd.DataFrame:
    """The imported rows of a store table alone (trade), each marked `preferred` against the
    clean readings of the same questions (read from the store: only those few rows), as the
    build marks them; the clean rows keep their own marks (an imported reading answers a
    question only where no reviewed reading does)."""
    files = every_file()
    parts = _parts(name, files)
    if not parts:
        return pd.DataFrame(columns=loaders.store().columns(name))
    key = (loaders.file_stamp(loading.table_path(name)), _layer_stamps(), data_version())
    held = st.session_state.setdefault(_IMPORTED_ROWS, {})
    if name in held and held[name][0] == key:
        return held[name][1]
    extra = pd.concat(parts, ignore_index=True, sort=False)
    same_questions = stores.all_of(
        stores.isin("reporter_iso3", extra["reporter_iso3"].dropna().unique()),
        stores.isin("partner_iso3", extra["partner_iso3"].dropna().unique()),
        stores.isin("year", extra["year"].dropna().astype(int).unique()),
    )
    base = loaders.rows(name, same_questions)
    sources = layers.combine(
        "sources", loaders.table("sources"), _parts("sources", files), loaders.table("sources")
    )
    marked = layers.combine(name, base, [extra], sources).iloc[len(base) :]
    marked = marked.reset_index(drop=True)
    held[name] = (key, marked)
    return marked


def data_store() -> stores.Store:
    """The store the trade pages read: data/clean queried in place, plus this session's and the
    operator's imported trade rows when there are any."""
    extra = imported_rows("trade")
    if extra.empty:
        return loaders.store()
    return stores.LayeredStore(loaders.store(), {"trade": extra})


def rows(name: str, where: stores.Where) -> pd.DataFrame:
    """`loaders.rows` with the imported rows that meet `where` after the clean ones."""
    first = loaders.rows(name, where)
    extra = imported_rows(name)
    if extra.empty:
        return first
    kept = extra[where.mask(extra)]
    return first if kept.empty else pd.concat([first, kept], ignore_index=True, sort=False)


def tables(*names: str) -> dict[str, pd.DataFrame]:
    """Several tables at once, imported rows included: `imports.tables("incidents", "sources")`."""
    return {name: table(name) for name in names}


def geojson(name: str) -> dict:
    """A clean GeoJSON layer; `corridors` with the imported lines added."""
    base = loaders.geojson(name)
    if name != "corridors":
        return base
    files = every_file()
    return layers.merge_lines(base, [f.geometry for f in files]) if files else base


def year_bounds() -> tuple[int, int]:
    """The year filter's range: the clean tables' years, widened to the imported rows'."""
    lo, hi = loaders.year_bounds()
    for file in every_file():
        if file.years:
            lo, hi = min(lo, file.years[0]), max(hi, file.years[1])
    return lo, hi


def _imported_sources(files: Sequence[ImportedFile]) -> pd.DataFrame:
    return pd.DataFrame([f.source for f in files])


def notes(rows: pd.DataFrame | Sequence[str], filters_text: str) -> list[str]:
    """The lines naming each imported file a view draws from (see `layers.import_notes`)."""
    files = every_file()
    return layers.import_notes(rows, _imported_sources(files), filters_text) if files else []


def markers(rows: pd.DataFrame) -> pd.Series | None:
    """Per row of `rows`: "⇪ Imported by you (file.csv)" for imported rows, else None."""
    files = every_file()
    return layers.row_markers(rows, _imported_sources(files)) if files else None


PAGE_DATASETS: dict[str, tuple[str, ...]] = {
    "trade": ("trade",),
    "displacement": ("displacement", "population"),
    "incidents": ("incidents",),
    "corridors": ("corridors",),
}
RANKED = ("trade", "displacement")  # tables whose figures choose one reading per question


def page_notice(url_path: str) -> str:
    """One line under a domain page's title naming the imported files it shows (empty when
    it shows none)."""
    datasets = PAGE_DATASETS.get(url_path, ())
    named = []
    for file in every_file():
        counts = [count_text(len(file.frames[d]), f"{d} row") for d in datasets if d in file.frames]
        if counts:
            who = "you" if file.source.get("imported_by") == layers.BY_YOU else "the operator"
            named.append(f"{file.source.get('file_name')} ({', '.join(counts)}, imported by {who})")
    if not named:
        return ""
    text = (
        "⇪ Beside the dashboard's own data, this page shows rows from imported files: "
        + "; ".join(named)
        + ". They are marked ⇪ in tables and named under every chart and map."
    )
    if set(datasets) & set(RANKED):
        text += (
            " Where a reviewed source answers the same question, the figures take its reading; "
            "the table keeps both."
        )
    return text
