"""Imported layers on disk: one folder per imported file under the data folder, never in
data/clean.

    <data dir>/imported/<id>/          id = imp-<first 12 hex digits of the file's SHA-256>
        source.json                    the source entry and the import report
        <dataset>.parquet              contract-shaped rows (trade, displacement, incidents,
                                       corridors, population), written batch by batch
        corridors.geojson              lines of imported corridors, keyed by corridor_id

A layer is written into a temporary folder beside the others (`.tmp-<id>-*`) and renamed into
place only once complete, so a failed or interrupted import leaves nothing behind and never
touches what was there. The same file imported twice has the same id and is refused the second
time. `remove_layer` deletes one layer. CAM_DATA_DIR moves the data folder (data/paths.py).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard_core.data import paths
from dashboard_core.importers.base import ImportFileError, ImportReport, Progress
from dashboard_core.importers.mapping import Scope
from dashboard_core.importers.registry import layer_id, stream

SOURCE_FILE = "source.json"


def imported_dir(data_dir: Path | None = None) -> Path:
    return (data_dir or paths.data_dir()) / "imported"


class LayerExistsError(FileExistsError):
    """The same file (same SHA-256) is already imported."""


@dataclass
class Layer:
    id: str
    folder: Path
    source: dict
    report: dict

    @property
    def datasets(self) -> dict[str, int]:
        return dict(self.report.get("datasets", {}))


def _report_dict(report: ImportReport) -> dict:
    return {
        "file": report.file,
        "format": report.format.name,
        "rows_read": report.rows_read,
        "rows_kept": report.rows_kept,
        "datasets": report.datasets,
        "set_aside": [vars(s) for s in report.set_aside.values()],
        "reconciliations": [{**vars(r), "ok": r.ok} for r in report.reconciliations],
        "notes": report.notes,
    }


def add_layer(
    path: Path,
    format: str | None = None,
    progress: Progress | None = None,
    scope: Scope | None = None,
    encoding: str | None = None,
    options: dict[str, str] | None = None,
    data_dir: Path | None = None,
) -> tuple[Layer, ImportReport]:
    """Import one file as a new layer, atomically; returns the layer and the report."""
    run = stream(Path(path), format, progress, scope, encoding, options=options)
    root = imported_dir(data_dir)
    target = root / layer_id(run.source.sha256)
    if target.exists():
        raise LayerExistsError(
            f"{Path(path).name} is already imported as {target.name}: "
            f"remove it first (import --remove {target.name})"
        )
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=root))
    writers: dict[str, pq.ParquetWriter] = {}
    schemas: dict[str, pa.Schema] = {}
    features: list[dict] = []
    try:
        for chunk in run.chunks:
            table = pa.Table.from_pandas(chunk.frame, preserve_index=False)
            if chunk.dataset not in writers:
                schemas[chunk.dataset] = table.schema
                writers[chunk.dataset] = pq.ParquetWriter(
                    tmp / f"{chunk.dataset}.parquet", table.schema
                )
            else:
                table = (
                    table.cast(schemas[chunk.dataset], safe=False)
                    if not table.schema.equals(schemas[chunk.dataset])
                    else table
                )
            writers[chunk.dataset].write_table(table)
            features.extend(chunk.features or [])
        for writer in writers.values():
            writer.close()
        writers.clear()
        if run.report.rows_kept == 0:
            raise ImportFileError(
                path,
                "has no row in the region and period to import",
                expected="rows touching " + (scope or Scope()).describe(),
            )
        if features:
            doc = {"type": "FeatureCollection", "features": features}
            (tmp / "corridors.geojson").write_text(json.dumps(doc), encoding="utf-8")
        meta = {
            "id": target.name,
            "source": run.source.as_row(),
            "report": _report_dict(run.report),
        }
        (tmp / SOURCE_FILE).write_text(json.dumps(meta, indent=1, default=str), encoding="utf-8")
        tmp.rename(target)
    except BaseException:
        for writer in writers.values():
            writer.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return read_layer(target), run.report


def read_layer(folder: Path) -> Layer:
    meta = json.loads((folder / SOURCE_FILE).read_text(encoding="utf-8"))
    return Layer(meta["id"], folder, meta["source"], meta["report"])


def list_layers(data_dir: Path | None = None) -> list[Layer]:
    root = imported_dir(data_dir)
    if not root.is_dir():
        return []
    return [
        read_layer(p)
        for p in sorted(root.iterdir())
        if p.is_dir() and not p.name.startswith(".") and (p / SOURCE_FILE).is_file()
    ]


def remove_layer(layer: str, data_dir: Path | None = None) -> Path:
    """Delete one imported layer (by id); the others and data/clean stay as they are."""
    root = imported_dir(data_dir)
    target = root / layer
    if "/" in layer or layer.startswith(".") or not (target / SOURCE_FILE).is_file():
        known = ", ".join(x.id for x in list_layers(data_dir)) or "none"
        raise KeyError(f"no imported layer {layer!r} (imported layers: {known})")
    trash = root / f".tmp-removing-{layer}"
    target.rename(trash)
    shutil.rmtree(trash)
    return target
