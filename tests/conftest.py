"""Generic fixtures for every test ring. Keep it small: domain fixtures live beside their tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (where app.py and pyproject.toml live)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the repo (override: SHARED_DIR); skips the test where it is absent."""
    path = Path(os.environ.get("SHARED_DIR", REPO_ROOT.parent / "shared")).resolve()
    if not path.is_dir():
        pytest.skip(f"shared folder not found at {path} (set SHARED_DIR to point at it)")
    return path
