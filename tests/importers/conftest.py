from __future__ import annotations

import pytest


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """An empty data folder through CAM_DATA_DIR (no clean boundaries: countries of lines
    stay empty unless a test builds them)."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("CAM_DATA_DIR", str(folder))
    return folder
