"""Where the project's data lives. `CAM_DATA_DIR` overrides the data folder (tests, benchmarks)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_REALDATA = PROJECT_ROOT.parent / "shared" / "realdata"
DEFAULT_SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"


def data_dir() -> Path:
    override = os.environ.get("CAM_DATA_DIR")
    return Path(override) if override else PROJECT_ROOT / "data"


def raw_dir() -> Path:
    return data_dir() / "raw"


def clean_dir() -> Path:
    return data_dir() / "clean"


def datapackage_path() -> Path:
    return data_dir() / "datapackage.json"
