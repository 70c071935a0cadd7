"""Reading the clean tables the app shows. Plain pandas: the UI layer adds caching on top."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from dashboard_core.data import paths
from dashboard_core.data.contract import TABLE_COLUMNS

TABLE_NAMES: tuple[str, ...] = tuple(TABLE_COLUMNS)
GEOJSON_LAYERS: tuple[str, ...] = (
    "boundaries", "corridors", "world", "water", "rivers", "places", "provinces",
)  # fmt: skip
# Layers drawn under every map (world context); the app serves them by URL (ui/routes.py).
CONTEXT_LAYERS: tuple[str, ...] = ("world", "boundaries", "water", "rivers", "places", "provinces")


# What a visitor is told is missing, per clean file (never the file's path).
DATASET_LABELS: dict[str, str] = {
    "trade": "trade",
    "displacement": "displacement",
    "incidents": "border incidents",
    "corridors": "corridors",
    "events": "key events",
    "sources": "sources",
    "countries": "countries",
    "population": "population",
    "cities": "places",
    "energy": "energy plants and fields",
    "conflicts": "UCDP/PRIO conflict-years",
    "boundaries.geojson": "country boundaries (map layer)",
    "corridors.geojson": "corridor lines (map layer)",
    "world.geojson": "countries of the world (map background)",
    "water.geojson": "lakes (map background)",
    "rivers.geojson": "rivers (map background)",
    "places.geojson": "place names (map background)",
    "provinces.geojson": "provinces (map layer)",
    "datapackage.json": "data package (catalogue)",
}


class DatasetUnavailable(Exception):  # noqa: N818 - reads as what it says
    """A clean file is missing, cannot be read, or lacks columns of the contract. `dataset`
    names it for visitors; `str(error)` is the operator's detail (with the server path)."""

    def __init__(self, dataset: str, detail: str) -> None:
        self.dataset = dataset
        super().__init__(detail)

    @property
    def label(self) -> str:
        return DATASET_LABELS.get(self.dataset, self.dataset)


class DataNotBuiltError(DatasetUnavailable, FileNotFoundError):
    """The clean file is missing: the pipeline has not been run."""


def table_path(name: str, clean_dir: Path | None = None) -> Path:
    if name not in TABLE_NAMES:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(TABLE_NAMES)}")
    return (clean_dir or paths.clean_dir()) / f"{name}.parquet"


def unreadable(dataset: str, path: Path, error: Exception) -> DatasetUnavailable:
    return DatasetUnavailable(
        dataset,
        f"{path} cannot be read ({type(error).__name__}: {error}); check it with "
        "`uv run python -m dashboard_core validate` and rebuild with "
        "`uv run python -m dashboard_core build`",
    )


def load_table(name: str, clean_dir: Path | None = None) -> pd.DataFrame:
    """A clean table; DatasetUnavailable when its file is missing, unreadable or lacks a
    contract column (the pages then say so instead of failing on a missing key)."""
    path = table_path(name, clean_dir)
    if not path.exists():
        raise DataNotBuiltError(
            name, f"{path} is missing: run `uv run python -m dashboard_core build` to create it"
        )
    try:
        frame = pd.read_parquet(path)
    except Exception as error:  # noqa: BLE001 - any unreadable file is the same to a reader
        raise unreadable(name, path, error) from error
    missing = [c for c in TABLE_COLUMNS[name] if c not in frame.columns]
    if missing:
        raise DatasetUnavailable(
            name, f"{path} lacks the column(s) {', '.join(missing)}: rebuild it"
        )
    return frame


def load_geojson(name: str, clean_dir: Path | None = None) -> dict:
    if name not in GEOJSON_LAYERS:
        raise KeyError(f"unknown layer {name!r}; known layers: {', '.join(GEOJSON_LAYERS)}")
    path = (clean_dir or paths.clean_dir()) / f"{name}.geojson"
    return _load_json(f"{name}.geojson", path, "features")


def load_datapackage(path: Path | None = None) -> dict:
    return _load_json("datapackage.json", path or paths.datapackage_path(), "resources")


def _load_json(dataset: str, path: Path, required_list: str) -> dict:
    if not path.exists():
        raise DataNotBuiltError(
            dataset, f"{path} is missing: run `uv run python -m dashboard_core build`"
        )
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except Exception as error:  # noqa: BLE001
        raise unreadable(dataset, path, error) from error
    if not isinstance(value, dict) or not isinstance(value.get(required_list), list):
        raise DatasetUnavailable(dataset, f"{path} has no '{required_list}' list: rebuild it")
    return value


_VERSION = re.compile(r"[A-Za-z0-9._-]{1,40}")


def data_version(package: dict | None = None) -> str:
    """The content hash the pipeline stamps into datapackage.json (same inputs, same version);
    "unknown" when the file holds anything else (it is shown on pages and in citations)."""
    package = package if package is not None else load_datapackage()
    version = str(package.get("version", ""))
    return version if _VERSION.fullmatch(version) else "unknown"


def split_list(value: object, sep: str = ";") -> list[str]:
    """Split a ';'-joined list cell; empty or missing gives []."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return []
    return [item.strip() for item in str(value).split(sep) if item.strip()]
