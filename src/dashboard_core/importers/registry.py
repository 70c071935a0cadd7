"""The importers' public calls: which formats exist, which one a file has, and reading it.

    detect(path) -> Format
    read(path, format=None, progress=None, scope=Scope()) -> ImportResult
    stream(path, ...) -> Stream (report, source, chunks): the same in bounded memory
    collect(stream, after_chunk=None) -> ImportResult: a stream's chunks gathered

A file is recognised by its layout (its header, sheets or JSON keys), never by its name. The
first importer whose layout matches wins; `format=` forces one (and then a file that does not
have its layout is refused with what was expected).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from dashboard_core.importers import acled, comtrade, dtm, geometry, nso, ucdp, unhcr, worldbank
from dashboard_core.importers.base import (
    Chunk,
    Format,
    Importer,
    ImportFileError,
    ImportReport,
    ImportResult,
    Progress,
    ReadContext,
    Reconciliation,
    SourceEntry,
)
from dashboard_core.importers.files import Probe, probe
from dashboard_core.importers.mapping import Scope, finish, in_scope

IMPORTERS: tuple[Importer, ...] = (
    *unhcr.IMPORTERS,
    *comtrade.IMPORTERS,
    *nso.IMPORTERS,
    *acled.IMPORTERS,
    *ucdp.IMPORTERS,
    *dtm.IMPORTERS,
    *worldbank.IMPORTERS,
    *geometry.IMPORTERS,
)


def formats() -> list[Format]:
    return [imp.format for imp in IMPORTERS]


def _by_name(name: str) -> Importer:
    for imp in IMPORTERS:
        if imp.format.name == name:
            return imp
    known = ", ".join(f.name for f in formats())
    raise ValueError(f"unknown format {name!r}; known formats: {known}")


def _choose(looked: Probe, name: str | None) -> Importer:
    if name:
        imp = _by_name(name)
        if not imp.matches(looked):
            raise ImportFileError(
                looked.path,
                f"does not have the {imp.format.label} layout",
                expected=f"the columns of {imp.format.label} ({imp.format.layout_source})",
            )
        return imp
    for imp in IMPORTERS:
        if imp.matches(looked):
            return imp
    first = looked.records[0][:6] if looked.records else list(looked.sheets)[:6]
    raise ImportFileError(
        looked.path,
        f"has a layout no importer knows (a {looked.kind} file starting {first})",
        expected="the layout of one of: " + ", ".join(f.name for f in formats()),
    )


def detect(path: Path, encoding: str | None = None) -> Format:
    """The publisher format of a file, recognised by its layout."""
    return _choose(probe(Path(path), encoding), None).format


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def layer_id(sha256: str) -> str:
    """The id of an imported file: the same bytes always get the same id."""
    return f"imp-{sha256[:12]}"


@dataclass
class Stream:
    """An import in progress: iterate `chunks` (contract-shaped, provenance added); the report
    is complete once they are exhausted."""

    report: ImportReport
    source: SourceEntry
    chunks: Iterator[Chunk]


def stream(
    path: Path,
    format: str | None = None,
    progress: Progress | None = None,
    scope: Scope | None = None,
    encoding: str | None = None,
    imported_at: datetime | None = None,
    options: dict[str, str] | None = None,
) -> Stream:
    """Open a file and map it chunk by chunk (bounded memory)."""
    path = Path(path)
    scope = scope or Scope()
    looked = probe(path, encoding)
    imp = _choose(looked, format)
    report = ImportReport(file=path.name, format=imp.format, notes=list(looked.notes))
    sha = sha256_of(path)
    when = (imported_at or datetime.now(UTC)).replace(microsecond=0).isoformat()
    source = SourceEntry(f"imported-{layer_id(sha)}", imp.format, path.name, sha, when)

    def scope_mask(frame: pd.DataFrame, dataset: str) -> pd.Series:
        silent = ImportReport(file="", format=imp.format)
        kept = in_scope(frame, dataset, scope, silent)
        return frame.index.isin(kept.index)

    ctx = ReadContext(looked, report, progress, scope_mask, options)

    def chunks() -> Iterator[Chunk]:
        imported: dict[str, float] = {}
        for chunk in imp.chunks(ctx):
            kept = in_scope(chunk.frame, chunk.dataset, scope, report)
            if kept.empty:
                continue
            done = finish(kept, chunk.dataset, source.source_id, imp.format.raw_rows_downloadable)
            report.rows_kept += len(done)
            report.datasets[chunk.dataset] = report.datasets.get(chunk.dataset, 0) + len(done)
            for label, value in imp.imported_totals(done).items():
                imported[str(label)] = imported.get(str(label), 0.0) + float(value)
            features = None
            if chunk.features is not None:
                keep = set(done["corridor_id"])
                features = [f for f in chunk.features if f["properties"]["corridor_id"] in keep]
            yield Chunk(chunk.dataset, done, features)
        report.reconciliations += [
            Reconciliation(label, ctx.file_totals.get(label, 0.0), imported.get(label, 0.0))
            for label in sorted(set(ctx.file_totals) | set(imported))
        ]
        if not imp.format.raw_rows_downloadable:
            report.note(
                f"{imp.format.publisher}'s terms: rows are shown and aggregated, never offered "
                "as raw-row downloads (raw_download_allowed = false)"
            )

    return Stream(report, source, chunks())


def read(
    path: Path,
    format: str | None = None,
    progress: Progress | None = None,
    scope: Scope | None = None,
    encoding: str | None = None,
    options: dict[str, str] | None = None,
) -> ImportResult:
    """Read a whole file into contract-shaped frames by dataset (for files that fit in
    memory: an upload, a preview; the command line writes big files chunk by chunk)."""
    return collect(stream(path, format, progress, scope, encoding, options=options))


def collect(run: Stream, after_chunk: Callable[[], None] | None = None) -> ImportResult:
    """Every chunk of a stream gathered into frames by dataset. `after_chunk` runs between
    chunks on the caller's thread (the app redraws its progress bar there: `progress` may be
    called from the CSV reader's own threads)."""
    parts: dict[str, list[pd.DataFrame]] = {}
    features: list[dict] = []
    for chunk in run.chunks:
        parts.setdefault(chunk.dataset, []).append(chunk.frame)
        features.extend(chunk.features or [])
        if after_chunk is not None:
            after_chunk()
    frames = {name: pd.concat(frames, ignore_index=True) for name, frames in parts.items()}
    geometry_doc = {"type": "FeatureCollection", "features": features} if features else None
    return ImportResult(frames, run.report, run.source, geometry_doc)
