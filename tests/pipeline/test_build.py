"""The pipeline: same inputs give byte-identical files, equal to the committed ones."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from dashboard_core.data import paths
from dashboard_core.pipeline.build import BuildError, build

REALDATA = paths.DEFAULT_REALDATA


needs_realdata = pytest.mark.skipif(
    not REALDATA.is_dir(), reason=f"publisher files not found at {REALDATA}: rebuild test skipped"
)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not REALDATA.is_dir():
        pytest.skip(f"publisher files not found at {REALDATA}")
    out = tmp_path_factory.mktemp("data")
    shutil.copytree(paths.raw_dir(), out / "raw")
    build(out / "raw", REALDATA, out)
    return out


@needs_realdata
def test_rebuild_matches_the_committed_clean_files(rebuilt: Path) -> None:
    committed = sorted(p.name for p in paths.clean_dir().iterdir())
    assert committed == sorted(p.name for p in (rebuilt / "clean").iterdir())
    _, mismatch, errors = filecmp.cmpfiles(
        paths.clean_dir(), rebuilt / "clean", committed, shallow=False
    )
    assert not mismatch and not errors, f"differ from a fresh build: {mismatch + errors}"
    assert filecmp.cmp(paths.datapackage_path(), rebuilt / "datapackage.json", shallow=False)


@needs_realdata
def test_second_build_is_byte_identical(rebuilt: Path, tmp_path: Path) -> None:
    shutil.copytree(rebuilt / "raw", tmp_path / "raw")
    build(tmp_path / "raw", REALDATA, tmp_path)
    names = sorted(p.name for p in (rebuilt / "clean").iterdir())
    _, mismatch, errors = filecmp.cmpfiles(
        rebuilt / "clean", tmp_path / "clean", names, shallow=False
    )
    assert not mismatch and not errors


def test_missing_realdata_gives_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="--realdata"):
        build(paths.raw_dir(), tmp_path / "nowhere", tmp_path)
