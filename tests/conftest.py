"""Generic fixtures for every test ring. Keep it small: domain fixtures live beside their tests."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

# The disk cache of derived frames (dashboard_core.data.disk_cache) goes to a folder of this test
# process, never the user's, and the app servers the tests start inherit it.
if "CAM_CACHE_DIR" not in os.environ:
    _TEST_CACHE = tempfile.mkdtemp(prefix="cam-test-cache-")
    os.environ["CAM_CACHE_DIR"] = _TEST_CACHE
    atexit.register(shutil.rmtree, _TEST_CACHE, ignore_errors=True)


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


@pytest.fixture
def navigation_like_the_server(monkeypatch):
    """AppTest resets `PagesManager.uses_pages_directory` before every run, so with a `pages/`
    folder next to app.py every rerun after the first takes Streamlit's old pages-folder path
    and runs the page file alone, without app.py. A real server sets the flag to False for good
    once st.navigation runs; do the same here (AppTest files: `usefixtures` it for every test)."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(scope="session", autouse=True)
def installed_components_scanned_once() -> None:
    """Every AppTest scans all installed packages for Streamlit components (about 0.35 s each);
    the installed packages do not change during a test session, so scan once."""
    import functools

    from streamlit.components.v2 import manifest_scanner

    manifest_scanner.scan_component_manifests = functools.cache(
        manifest_scanner.scan_component_manifests
    )
