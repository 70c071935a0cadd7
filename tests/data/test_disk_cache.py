"""The disk cache of derived frames: exact round trips (values, missing markers, column types),
keys that never serve another file's or another code's figures, a bad entry worked out again,
the folder bounded, and the Trade page's context read from it after a restart."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pandas as pd
import pytest

from dashboard_core.data import disk_cache, loading, paths
from dashboard_core.data.disk_cache import FrameCache
from dashboard_core.data.store import DuckStore, FrameStore, LayeredStore


def _every_kind() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "code": pd.array(["KAZ", None, "UZB", "AFG"], dtype="string"),
            "label": pd.array(["a", "b", None, "d"], dtype="str"),
            "group": pd.Categorical(
                ["x", "y", "x", None], categories=pd.Index(["x", "y", "z"], dtype="string")
            ),
            "year": pd.array([2020, None, 2022, 2023], dtype="Int64"),
            "value": [1.5, np.nan, 3.0, 4.25],
            "count": np.array([1, 2, 3, 4], dtype="int64"),
            "flag": [True, False, True, False],
            "day": pd.to_datetime(["2020-01-01", None, "2021-06-30", "2024-12-31"]).astype(
                "datetime64[ms]"
            ),
        }
    )
    # an object column whose missing values are spelt three ways, as concatenated parts give
    frame["note"] = pd.Series(["kept", pd.NA, None, float("nan")], dtype=object)
    return frame


def _assert_identical(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(left, right, check_exact=True, check_categorical=True)
    assert [str(t) for t in left.dtypes] == [str(t) for t in right.dtypes]
    for column in left.columns:
        if left[column].dtype == object:
            assert [type(v) for v in left[column]] == [type(v) for v in right[column]]


def test_frames_come_back_with_their_values_markers_and_types(tmp_path):
    cache = FrameCache(tmp_path)
    frames = {"every": _every_kind(), "empty": _every_kind().iloc[0:0].reset_index(drop=True)}
    assert cache.save("t", "file-1", frames)
    back = FrameCache(tmp_path).load("t", "file-1")
    assert back is not None and set(back) == {"every", "empty"}
    for name, frame in frames.items():
        _assert_identical(frame, back[name])
    assert isinstance(back["every"].loc[1, "note"], type(pd.NA))
    assert back["every"].loc[2, "note"] is None


def test_another_key_or_other_code_is_never_served(tmp_path, monkeypatch):
    cache = FrameCache(tmp_path)
    assert cache.save("t", "file-1", {"f": _every_kind()})
    assert cache.load("t", "file-2") is None
    assert cache.load("other", "file-1") is None
    monkeypatch.setattr(disk_cache, "code_fingerprint", lambda: "code of another release")
    assert cache.load("t", "file-1") is None


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("CAM_CACHE_DIR", "off")
    assert disk_cache.cache_dir() is None
    cache = FrameCache.default()
    assert not cache.save("t", "k", {"f": _every_kind()})
    assert cache.load("t", "k") is None
    monkeypatch.setenv("CAM_CACHE_DIR", str(tmp_path / "chosen"))
    assert disk_cache.cache_dir() == tmp_path / "chosen"
    monkeypatch.delenv("CAM_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert disk_cache.cache_dir() == tmp_path / "xdg" / "central-asia-monitor"


@pytest.mark.parametrize("damage", ["truncated frame", "manifest", "missing frame"])
def test_a_damaged_entry_is_worked_out_again_not_served(tmp_path, damage, caplog):
    cache = FrameCache(tmp_path)
    assert cache.save("t", "k", {"f": _every_kind()})
    (entry,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    if damage == "truncated frame":
        data = (entry / "f.arrow").read_bytes()
        (entry / "f.arrow").write_bytes(data[: len(data) // 2])
    elif damage == "manifest":
        (entry / disk_cache.MANIFEST).write_text("{not json")
    else:
        (entry / "f.arrow").unlink()
    assert cache.load("t", "k") is None
    assert "unreadable" in caplog.text


def test_frames_it_cannot_keep_exactly_are_not_kept(tmp_path):
    cache = FrameCache(tmp_path)
    indexed = pd.DataFrame({"a": [1, 2]}, index=[5, 6])
    assert not cache.save("t", "k", {"f": indexed})
    odd_missing = pd.DataFrame({"a": pd.Series(["x", pd.NaT], dtype=object)})
    assert not cache.save("t", "k", {"f": odd_missing})
    assert not [p for p in tmp_path.iterdir()]  # nothing half-written, no temporary folder


def test_two_processes_keeping_the_same_entry_both_succeed(tmp_path):
    first, second = FrameCache(tmp_path), FrameCache(tmp_path)
    assert first.save("t", "k", {"f": _every_kind()})
    assert second.save("t", "k", {"f": _every_kind()})  # the entry is there: nothing to do
    assert [p.name.startswith("t-") for p in tmp_path.iterdir()] == [True]
    _assert_identical(_every_kind(), second.load("t", "k")["f"])


def test_a_work_folder_left_by_a_stopped_process_is_cleared(tmp_path):
    cache = FrameCache(tmp_path)
    stale, fresh = tmp_path / ".t-stopped", tmp_path / ".t-writing"
    stale.mkdir()
    fresh.mkdir()
    os.utime(stale, (1, 1))
    assert cache.save("t", "k", {"f": _every_kind()})
    assert not stale.exists() and fresh.exists()


def test_only_the_newest_entries_of_a_name_are_kept(tmp_path):
    cache = FrameCache(tmp_path, keep=2)
    for version in range(4):
        assert cache.save("t", f"file-{version}", {"f": _every_kind()})
        os.utime(cache._entry("t", f"file-{version}"), ns=(version, version * 10**9 + 1))
    cache.save("other", "k", {"f": _every_kind()})
    assert cache.load("t", "file-3") is not None and cache.load("t", "file-2") is not None
    assert cache.load("t", "file-0") is None and cache.load("t", "file-1") is None
    assert cache.load("other", "k") is not None


def test_a_store_names_its_file_for_the_disk_cache(tmp_path):
    frame = pd.DataFrame({"a": [1]})
    assert FrameStore({"trade": frame}).fingerprint("trade") is None
    clean = tmp_path / "clean"
    clean.mkdir()
    duck = DuckStore(clean)
    assert duck.fingerprint("trade") is None  # not built
    path = clean / "trade.parquet"
    path.write_bytes(b"x")
    os.utime(path, ns=(1, 1_000_000_000))
    first = duck.fingerprint("trade")
    assert first is not None and str(path.resolve()) in first
    os.utime(path, ns=(1, 2_000_000_000))
    assert duck.fingerprint("trade") != first
    # a session's imported rows are its own: never kept on disk
    assert LayeredStore(duck, {"trade": frame}).fingerprint("trade") is None
    assert LayeredStore(duck, {}).fingerprint("trade") == duck.fingerprint("trade")


@pytest.mark.skipif(
    not (paths.clean_dir() / "trade.parquet").exists(), reason="data/clean is not built"
)
def test_a_restarted_server_reads_the_trade_context_from_disk(tmp_path, monkeypatch):
    """The whole-table parts of the Trade page's context are worked out once per file version:
    a new store (as in a restarted process) reads them back identical without scanning the
    table, and a rewritten file is scanned again."""
    from dashboard_core.trade import transforms

    monkeypatch.setenv("CAM_CACHE_DIR", str(tmp_path / "cache"))
    clean = tmp_path / "clean"
    shutil.copytree(paths.clean_dir(), clean)
    first = transforms._whole_table_figures(DuckStore(clean))

    restarted = DuckStore(clean)
    monkeypatch.setattr(restarted, "counts", _must_not_scan)
    monkeypatch.setattr(restarted, "distinct", _must_not_scan)
    again = transforms._whole_table_figures(restarted)
    assert set(again) == set(first)
    for name in first:
        _assert_identical(first[name], again[name])

    table = loading.load_table("trade", clean)
    table.iloc[:-1].to_parquet(clean / "trade.parquet")  # a new build with a row fewer
    rebuilt = DuckStore(clean)
    counted = transforms._whole_table_figures(rebuilt)
    assert counted["counts"]["row_count"].sum() == len(table) - 1


def _must_not_scan(*args, **kwargs):
    raise AssertionError("the table was scanned although its figures were on disk")


def test_a_store_names_the_one_file_its_rows_come_from(tmp_path):
    frame = pd.DataFrame({"a": [1]})
    assert FrameStore({"trade": frame}).file("trade") is None
    clean = tmp_path / "clean"
    clean.mkdir()
    duck = DuckStore(clean)
    assert duck.file("trade") is None  # not built
    (clean / "trade.parquet").write_bytes(b"x")
    assert duck.file("trade") == clean / "trade.parquet"
    assert LayeredStore(duck, {}).file("trade") == clean / "trade.parquet"
    assert LayeredStore(duck, {"trade": frame}).file("trade") is None  # a session's rows too


def test_the_content_key_follows_the_bytes_not_the_path_or_the_time(tmp_path):
    first, second = tmp_path / "a.parquet", tmp_path / "b.parquet"
    first.write_bytes(b"same bytes")
    second.write_bytes(b"same bytes")
    os.utime(second, ns=(1, 1_000_000_000))
    assert disk_cache.content_key(first) == disk_cache.content_key(second) is not None
    second.write_bytes(b"same bytez")
    assert disk_cache.content_key(first) != disk_cache.content_key(second)
    assert disk_cache.content_key(tmp_path / "missing.parquet") is None


@pytest.mark.skipif(
    not (paths.clean_dir() / "trade.parquet").exists(), reason="data/clean is not built"
)
def test_a_server_on_another_host_reads_the_prepared_context_beside_the_data(tmp_path, monkeypatch):
    """What a build keeps in <data>/derived serves a server whose own cache is empty, on a
    copy of the folder (another path, another modification time), without scanning the
    table; the same figures as working them out. A rewritten file is scanned again."""
    from dashboard_core.trade import transforms

    monkeypatch.setenv("CAM_CACHE_DIR", "off")
    built = tmp_path / "built" / "clean"
    shutil.copytree(paths.clean_dir(), built)
    assert transforms.prepare_context(built)
    entries = list((tmp_path / "built" / "derived").glob("trade-context-*"))
    assert len(entries) == 1 and entries[0].stat().st_mode & 0o055 == 0o055  # others may read

    host = tmp_path / "host" / "clean"
    shutil.copytree(built.parent, host.parent)
    os.utime(host / "trade.parquet", ns=(1, 2_000_000_000))
    served = DuckStore(host)
    monkeypatch.setattr(served, "counts", _must_not_scan)
    monkeypatch.setattr(served, "rows", _must_not_scan)
    kept = transforms._whole_table_figures(served)
    worked_out = transforms._whole_table_figures(DuckStore(built.parent / "clean"))
    assert set(kept) == set(worked_out) == {"codes", "counts", "annual"}
    for name in kept:
        _assert_identical(kept[name], worked_out[name])

    table = loading.load_table("trade", host)
    table.iloc[:-1].to_parquet(host / "trade.parquet")  # a new file under the same name
    counted = transforms._whole_table_figures(DuckStore(host))
    assert counted["counts"]["row_count"].sum() == len(table) - 1


def test_nothing_is_prepared_where_there_is_no_trade_file(tmp_path):
    from dashboard_core.trade import transforms

    (tmp_path / "clean").mkdir()
    assert transforms.prepare_context(tmp_path / "clean") is False
    assert not (tmp_path / "derived").exists()
