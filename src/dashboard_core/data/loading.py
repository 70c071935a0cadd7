"""Reading the clean tables the app shows. Plain pandas: the UI layer adds caching on top."""

from __future__ import annotations

import json
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


class DataNotBuiltError(FileNotFoundError):
    """The clean data is missing: the pipeline has not been run."""


def table_path(name: str, clean_dir: Path | None = None) -> Path:
    if name not in TABLE_NAMES:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(TABLE_NAMES)}")
    return (clean_dir or paths.clean_dir()) / f"{name}.parquet"


def load_table(name: str, clean_dir: Path | None = None) -> pd.DataFrame:
    path = table_path(name, clean_dir)
    if not path.exists():
        raise DataNotBuiltError(
            f"{path} is missing: run `uv run python -m dashboard_core build` to create it"
        )
    return pd.read_parquet(path)


def load_geojson(name: str, clean_dir: Path | None = None) -> dict:
    if name not in GEOJSON_LAYERS:
        raise KeyError(f"unknown layer {name!r}; known layers: {', '.join(GEOJSON_LAYERS)}")
    path = (clean_dir or paths.clean_dir()) / f"{name}.geojson"
    if not path.exists():
        raise DataNotBuiltError(f"{path} is missing: run `uv run python -m dashboard_core build`")
    return json.loads(path.read_text(encoding="utf-8"))


def load_datapackage(path: Path | None = None) -> dict:
    path = path or paths.datapackage_path()
    if not path.exists():
        raise DataNotBuiltError(f"{path} is missing: run `uv run python -m dashboard_core build`")
    return json.loads(path.read_text(encoding="utf-8"))


def data_version(package: dict | None = None) -> str:
    """The content hash the pipeline stamps into datapackage.json (same inputs, same version)."""
    package = package if package is not None else load_datapackage()
    return str(package.get("version", "unknown"))


def split_list(value: object, sep: str = ";") -> list[str]:
    """Split a ';'-joined list cell; empty or missing gives []."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return []
    return [item.strip() for item in str(value).split(sep) if item.strip()]
