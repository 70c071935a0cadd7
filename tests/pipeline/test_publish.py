"""Publishing a build: a failure at any write, any check or any rename leaves data/clean and
data/datapackage.json byte for byte as they were."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from dashboard_core.data import loading, paths
from dashboard_core.pipeline import publish
from dashboard_core.pipeline.publish import PublishError

pytestmark = pytest.mark.skipif(
    not (paths.clean_dir() / "trade.parquet").exists(), reason="data/clean is not built"
)


@pytest.fixture(scope="module")
def new_build() -> tuple[dict[str, pd.DataFrame], dict[str, dict]]:
    """The committed tables with one change, so that a swap would show."""
    tables = {name: loading.load_table(name) for name in loading.TABLE_NAMES}
    tables["events"] = tables["events"].iloc[:-1].reset_index(drop=True)
    layers = {name: loading.load_geojson(name) for name in loading.GEOJSON_LAYERS}
    return tables, layers


def served_copy(dest: Path) -> Path:
    shutil.copytree(paths.clean_dir(), dest / "clean")
    shutil.copy2(paths.datapackage_path(), dest / "datapackage.json")
    return dest


def snapshot(data_dir: Path) -> dict[str, str]:
    """Every file under data_dir (staging folders included) with its SHA-256."""
    return {
        str(path.relative_to(data_dir)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(data_dir.rglob("*"))
        if path.is_file()
    }


class DiskFull:
    """Count every write the publisher makes (Parquet, text files, renames); make write
    number `fail_at` fail half-way, as a full disk would."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail_at: int | None = None) -> None:
        self.calls = 0
        self.fail_at = fail_at
        to_parquet, write_text = pd.DataFrame.to_parquet, Path.write_text
        rename, replace = os.rename, os.replace

        def parquet(frame, path, *args, **kwargs):
            self._count(lambda: Path(path).write_bytes(b"PAR1 half a file"))
            return to_parquet(frame, path, *args, **kwargs)

        def text(path, data, *args, **kwargs):
            self._count(lambda: write_text(path, data[: len(data) // 2], *args, **kwargs))
            return write_text(path, data, *args, **kwargs)

        monkeypatch.setattr(pd.DataFrame, "to_parquet", parquet)
        monkeypatch.setattr(Path, "write_text", text)
        monkeypatch.setattr(os, "rename", lambda a, b: self._count(None) or rename(a, b))
        monkeypatch.setattr(os, "replace", lambda a, b: self._count(None) or replace(a, b))

    def _count(self, half_write: Callable[[], object] | None) -> None:
        self.calls += 1
        if self.calls == self.fail_at:
            if half_write is not None:
                half_write()
            raise OSError(28, "No space left on device")


def test_every_write_of_a_build_is_counted(new_build, tmp_path, monkeypatch) -> None:
    data = served_copy(tmp_path)
    before = snapshot(data)
    counter = DiskFull(monkeypatch)
    publish.publish(*new_build, data)
    # 9 tables, 2 layers, datapackage.json, 2 renames and a replace
    assert counter.calls == len(loading.TABLE_NAMES) + len(loading.GEOJSON_LAYERS) + 1 + 3
    after = snapshot(data)
    assert after != before and sorted(after) == sorted(before), "swapped in, same files"


@pytest.mark.parametrize("fail_at", range(1, 16))
def test_a_build_interrupted_at_any_write_leaves_the_data_as_it_was(
    new_build, tmp_path, monkeypatch, fail_at: int
) -> None:
    data = served_copy(tmp_path)
    before = snapshot(data)
    DiskFull(monkeypatch, fail_at)
    with pytest.raises(PublishError, match="No space left on device"):
        publish.publish(*new_build, data)
    monkeypatch.undo()
    assert snapshot(data) == before
    assert not list(data.glob(f"{publish.STAGING_PREFIX}*")), "staging folder left behind"


def test_a_build_failing_validation_is_refused_with_file_row_and_column(
    new_build, tmp_path
) -> None:
    tables, layers = new_build
    trade = tables["trade"].copy()
    trade.loc[4, "source_id"] = "no-such-source"
    trade.loc[6, "flow"] = "exports"
    data = served_copy(tmp_path)
    before = snapshot(data)
    with pytest.raises(PublishError) as info:
        publish.publish({**tables, "trade": trade}, layers, data)
    message = str(info.value)
    assert "trade.parquet, row 5, column 'source_id': 'no-such-source' names no source" in message
    assert "trade.parquet, row 7, column 'flow'" in message and "'exports'" in message
    assert snapshot(data) == before


def test_a_first_build_into_an_empty_folder(new_build, tmp_path) -> None:
    version, written = publish.publish(*new_build, tmp_path)
    assert all(path.exists() for path in written)
    assert (tmp_path / "datapackage.json") in written and len(version) == 12


def test_stale_staging_folders_are_cleared(new_build, tmp_path) -> None:
    stale = tmp_path / f"{publish.STAGING_PREFIX}old"
    stale.mkdir()
    os.utime(stale, (0, 0))
    publish.publish(*new_build, tmp_path)
    assert not stale.exists()
