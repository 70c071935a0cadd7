"""What every importer shares: the format description, the report, the source entry, the result,
and the one error type a bad file raises (naming file, row, column and what was expected)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

# progress(done, total): bytes (or features) read so far and in all; total 0 when unknown.
Progress = Callable[[int, int], None]
ROW = "_row"  # the importer-internal column holding each row's locator until `finish` names it


@dataclass
class Probe:
    """What the first bytes of a file say about it."""

    path: Path
    kind: str  # csv | xlsx | json | geojson | gpkg | shapefile
    size: int
    encoding: str = "utf-8"
    delimiter: str = ","
    records: list[list[str]] = field(default_factory=list)  # first CSV records, decoded
    member: str | None = None  # the CSV inside a zip
    sheets: dict[str, list[list[object]]] = field(default_factory=dict)  # xlsx: first rows
    document: object = None  # json/geojson: the parsed document
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name


class ImportFileError(Exception):
    """A file the importers refuse: the message names the file, where, and what was expected."""

    def __init__(
        self,
        file: str | Path,
        problem: str,
        *,
        row: str | int | None = None,
        column: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.file = Path(file).name
        self.problem = problem
        self.row = row
        self.column = column
        self.expected = expected
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(self.row if isinstance(self.row, str) else f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        text = f"{self.file}: " + (", ".join(where) + ": " if where else "") + self.problem
        if self.expected:
            text += f" (expected {self.expected})"
        return text


@dataclass(frozen=True)
class Format:
    """A publisher layout the importers recognise."""

    name: str  # the --format value, e.g. "acled-events"
    label: str  # "ACLED event export (CSV)"
    publisher: str
    datasets: tuple[str, ...]  # the contract tables it can feed
    licence: str
    layout_source: str  # where the layout was taken from (documentation, public example)
    attribution: str = ""
    raw_rows_downloadable: bool = True  # False: shown and aggregated only (ACLED's terms)


@dataclass
class SetAside:
    reason: str
    count: int = 0
    example_row: str = ""


@dataclass
class Reconciliation:
    """A total in the file checked against the same total over the rows imported."""

    label: str
    file_total: float
    imported_total: float

    @property
    def ok(self) -> bool:
        return abs(self.file_total - self.imported_total) <= 1e-6 * max(1.0, abs(self.file_total))


@dataclass
class ImportReport:
    file: str
    format: Format
    rows_read: int = 0
    rows_kept: int = 0
    datasets: dict[str, int] = field(default_factory=dict)
    set_aside: dict[str, SetAside] = field(default_factory=dict)
    reconciliations: list[Reconciliation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def set_rows_aside(self, reason: str, rows: pd.Series) -> None:
        """Count rows set aside for `reason`; the first row's locator is the example."""
        if len(rows) == 0:
            return
        first = rows.iloc[0]
        example = f"row {first}" if isinstance(first, int | np.integer) else str(first)
        entry = self.set_aside.setdefault(reason, SetAside(reason, 0, example))
        entry.count += len(rows)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    @property
    def rows_set_aside(self) -> int:
        return sum(s.count for s in self.set_aside.values())

    def lines(self) -> list[str]:
        """The report as the command line prints it."""
        out = [
            f"{self.file}",
            f"  format        {self.format.label} [{self.format.name}]",
            f"  rows read     {self.rows_read:,}",
            f"  rows kept     {self.rows_kept:,}",
        ]
        for entry in self.set_aside.values():
            out.append(
                f"  set aside     {entry.count:,}: {entry.reason} (e.g. {entry.example_row})"
            )
        for rec in self.reconciliations:
            mark = "ok" if rec.ok else "DIFFERS"
            out.append(
                f"  reconciled    {rec.label}: file {rec.file_total:,.0f}, "
                f"imported {rec.imported_total:,.0f} [{mark}]"
            )
        feeds = ", ".join(f"{name} ({n:,} rows)" for name, n in self.datasets.items()) or "nothing"
        out.append(f"  feeds         {feeds}")
        out.extend(f"  note          {text}" for text in self.notes)
        return out


@dataclass(frozen=True)
class SourceEntry:
    """The `sources` row of one imported file (DESIGN.md: format, file name, SHA-256, time)."""

    source_id: str
    format: Format
    file_name: str
    sha256: str
    imported_at: str  # ISO 8601, UTC

    def as_row(self) -> dict[str, object]:
        fmt = self.format
        return {
            "source_id": self.source_id,
            "title": f"{fmt.label}: {self.file_name}",
            "publisher": fmt.publisher,
            "author": None,
            "published": None,
            "url": None,
            "seed_file": None,
            "licence": fmt.licence,
            "retrieved": self.imported_at,
            "kind": "imported_file",
            "format": fmt.name,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "imported_at": self.imported_at,
            "attribution": fmt.attribution,
            "raw_rows_downloadable": fmt.raw_rows_downloadable,
        }


@dataclass
class ImportResult:
    """What `read` returns: contract-shaped frames by dataset, the report and the source entry.
    `geometry` holds a GeoJSON FeatureCollection for imported corridor lines (keyed by
    corridor_id, as corridors.geojson is)."""

    frames: dict[str, pd.DataFrame]
    report: ImportReport
    source: SourceEntry
    geometry: dict | None = None


@dataclass
class Chunk:
    """A batch of mapped rows for one dataset (contract columns plus `_row`)."""

    dataset: str
    frame: pd.DataFrame
    features: list[dict] | None = None  # GeoJSON features of the rows (corridor lines)


class ReadContext:
    """What an importer sees while reading: the probed file, the report, progress, the scope,
    and the file's own totals it tallies for reconciliation."""

    def __init__(
        self,
        probe: Probe,
        report: ImportReport,
        progress: Progress | None,
        scope_mask: Callable[[pd.DataFrame, str], pd.Series],
        options: dict[str, str] | None = None,
    ) -> None:
        self.probe = probe
        self.report = report
        self.progress = progress
        self.path = probe.path
        self.scope_mask = scope_mask  # (mapped frame, dataset) -> rows in region and period
        self.file_totals: dict[str, float] = {}
        self.options = dict(options or {})  # what the user states that the file does not say

    def fail(self, problem: str, **where: object) -> ImportFileError:
        return ImportFileError(self.path, problem, **where)  # type: ignore[arg-type]

    def tally(self, totals: pd.Series) -> None:
        """Add the file's own totals (label -> sum of its cells) for reconciliation."""
        for label, value in totals.items():
            if pd.notna(value):
                self.file_totals[str(label)] = self.file_totals.get(str(label), 0.0) + float(value)


class Importer(Protocol):
    format: Format

    def matches(self, probe: Probe) -> bool:
        """True when the probed file has this importer's layout."""

    def chunks(self, ctx: ReadContext) -> Iterator[Chunk]:
        """Mapped rows in batches (bounded memory); set-aside rows go to ctx.report."""

    def imported_totals(self, frame: pd.DataFrame) -> pd.Series:
        """The same totals as the importer tallies from the file, over rows imported."""
