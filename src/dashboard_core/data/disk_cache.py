"""Derived frames kept on disk between server starts, so a restarted server does not work out
again what it worked out from the same file with the same code (the Trade page's context reads
the whole trade table: about a second of CPU at ten million rows, on the first visitor's path).

An entry is keyed by what it was derived from (a file's path, size and modification time, from
`Store.fingerprint`) and by this package's code and library versions, so any change to either
makes a new entry; nothing is ever served from an entry of another key. Stored as Arrow IPC
files (plain data, nothing that runs on loading) with the pandas column types beside them in
JSON. Written to a temporary folder and renamed into place, so a reader never sees half an
entry; unreadable entries are reported in the log and worked out again.

`CAM_CACHE_DIR` chooses the folder (default `$XDG_CACHE_HOME/central-asia-monitor`, else
`~/.cache/central-asia-monitor`); `CAM_CACHE_DIR=off` turns the cache off.

`beside_data` is the same kind of store in the data folder itself (`<data>/derived`), written
by whatever writes the clean files (`python -m dashboard_core build`, the scale benchmark's
`write`) and only read by servers: every host that shares the folder, and a server whose own
cache is empty, find the frames there. Its entries are keyed by the file's content (`content_key`),
which survives a copy to another host, where the path and modification time do not.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

_LOG = logging.getLogger(__name__)

CACHE_ENV = "CAM_CACHE_DIR"
OFF_VALUES = frozenset({"off", "0", "none", "false", "no"})
FORMAT = 1  # bump when the layout of an entry changes
KEEP_PER_NAME = 4  # entries kept per name (older file versions are dropped)
STALE_WORK_S = 3600  # a work folder this old belongs to a process that stopped while writing
MANIFEST = "manifest.json"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def cache_dir() -> Path | None:
    """The cache folder, or None when `CAM_CACHE_DIR` turns the cache off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        if chosen.strip().lower() in OFF_VALUES or not chosen.strip():
            return None
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "central-asia-monitor"


def content_key(path: Path) -> str | None:
    """The file's size and SHA-256 (0.16 s for a 180 MB file here), or None if unreadable."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(8 * 2**20):
                digest.update(block)
            size = os.fstat(handle.fileno()).st_size
        return f"{size}|sha256:{digest.hexdigest()}"
    except OSError:
        return None


DERIVED_DIR = "derived"  # beside `clean/` in the data folder


def derived_dir(clean_dir: Path) -> Path:
    return Path(clean_dir).parent / DERIVED_DIR


@functools.cache
def code_fingerprint() -> str:
    """This package's Python sources and the versions of the libraries that shape a frame."""
    digest = hashlib.sha256(
        f"format {FORMAT} pandas {pd.__version__} pyarrow {pa.__version__}".encode()
    )
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        digest.update(str(path.relative_to(PACKAGE_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class FrameCache:
    """Named sets of frames on disk under a key (see the module docstring)."""

    def __init__(
        self, directory: Path | None, keep: int = KEEP_PER_NAME, shared: bool = False
    ) -> None:
        self.directory = directory
        self.keep = keep
        # shared: readable by every user (a data folder); else the owner's alone (a cache)
        self.mode = 0o755 if shared else 0o700

    @classmethod
    def default(cls) -> FrameCache:
        return cls(cache_dir())

    @classmethod
    def beside_data(cls, clean_dir: Path) -> FrameCache:
        """The frames kept in the data folder for the clean files of `clean_dir`."""
        return cls(derived_dir(clean_dir), shared=True)

    def _entry(self, name: str, key: str) -> Path | None:
        if self.directory is None:
            return None
        digest = hashlib.sha256(f"{key}|{code_fingerprint()}".encode()).hexdigest()[:32]
        return self.directory / f"{name}-{digest}"

    def load(self, name: str, key: str) -> dict[str, pd.DataFrame] | None:
        """The frames saved under (name, key) with their column types, or None."""
        entry = self._entry(name, key)
        if entry is None or not entry.is_dir():
            return None
        try:
            manifest = json.loads((entry / MANIFEST).read_text())
            if manifest.get("key") != key or manifest.get("code") != code_fingerprint():
                return None
            return {
                frame: _restored(feather.read_feather(entry / f"{frame}.arrow"), types)
                for frame, types in manifest["frames"].items()
            }
        except Exception:  # noqa: BLE001 - a bad entry is worked out again, never served
            _LOG.warning("cache entry %s is unreadable; working it out again", entry, exc_info=True)
            return None

    def save(self, name: str, key: str, frames: Mapping[str, pd.DataFrame]) -> bool:
        """Keep `frames` under (name, key); False (and nothing written) when it cannot."""
        entry = self._entry(name, key)
        if entry is None or not all(_storable(f) for f in frames.values()):
            return False
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=self.mode)
            work = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=self.directory))
            work.chmod(self.mode)
            try:
                types = {}
                for frame, data in frames.items():
                    stored, types[frame] = _stored(data)
                    feather.write_feather(stored, work / f"{frame}.arrow", compression="lz4")
                manifest = {"key": key, "code": code_fingerprint(), "frames": types}
                (work / MANIFEST).write_text(json.dumps(manifest))
                try:
                    work.rename(entry)
                except OSError:
                    if not entry.is_dir():
                        raise
                    return True  # another process (a second worker) kept the same entry first
            finally:
                shutil.rmtree(work, ignore_errors=True)
        except (OSError, TypeError, ValueError, pa.ArrowException):
            _LOG.warning("could not keep %s in %s", name, self.directory, exc_info=True)
            return False
        self._prune(name)
        return True

    def _prune(self, name: str) -> None:
        """Drop all but the newest `keep` entries of `name`, and work folders left behind by
        a process that stopped while writing (older than STALE_WORK_S)."""
        try:
            entries = sorted(
                ((p.stat().st_mtime_ns, p) for p in self.directory.glob(f"{name}-*") if p.is_dir()),
                reverse=True,
            )
            for _, old in entries[self.keep :]:
                shutil.rmtree(old, ignore_errors=True)
            cutoff = time.time() - STALE_WORK_S
            for work in self.directory.glob(f".{name}-*"):
                if work.stat().st_mtime < cutoff:
                    shutil.rmtree(work, ignore_errors=True)
        except OSError:  # another process pruning at the same time
            _LOG.debug("pruning %s in %s stopped early", name, self.directory, exc_info=True)


def _storable(frame: pd.DataFrame) -> bool:
    """Arrow files keep plain, uniquely named string columns over a default index."""
    return (
        isinstance(frame.index, pd.RangeIndex)
        and frame.index.start == 0
        and frame.index.step == 1
        and all(isinstance(c, str) for c in frame.columns)
        and frame.columns.is_unique
    )


MISSING_MARKERS: tuple[object, ...] = (pd.NA, None, float("nan"))
MISSING_PREFIX = "__missing__"  # a stored column saying which marker each missing value was


def _stored(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, dict[str, object]]]:
    """The frame as Arrow keeps it, and its pandas column types. Arrow keeps only that a value
    is missing, so object columns bring a column of marker numbers (see MISSING_MARKERS)."""
    types: dict[str, dict[str, object]] = {}
    markers: dict[str, list[int]] = {}
    for column, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            categories = dtype.categories.tolist()
            if not all(isinstance(c, str) for c in categories):
                raise TypeError(f"column {column!r} has categories that are not text")
            types[column] = {
                "category": str(dtype.categories.dtype),
                "categories": categories,  # Arrow drops the unused ones
                "ordered": bool(dtype.ordered),
            }
        elif pd.api.types.is_object_dtype(dtype):
            types[column] = {"dtype": "object"}
            markers[MISSING_PREFIX + column] = [_marker(v) for v in frame[column]]
        else:
            types[column] = {"dtype": str(dtype)}
    if any(name in frame.columns for name in markers):
        raise ValueError(f"a column name starts with {MISSING_PREFIX!r}")
    extra = pd.DataFrame({name: pd.array(codes, dtype="int8") for name, codes in markers.items()})
    return pd.concat([frame, extra], axis=1) if markers else frame, types


def _marker(value: object) -> int:
    """0 for a value, else 1 + the index of its missing marker."""
    if value is pd.NA:
        return 1
    if value is None:
        return 2
    if isinstance(value, float) and value != value:
        return 3
    if value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        raise TypeError(f"missing value {value!r} of type {type(value).__name__} is not kept")
    return 0


def _restored(stored: pd.DataFrame, types: Mapping[str, Mapping[str, object]]) -> pd.DataFrame:
    """The saved frame with its pandas column types (see `_stored`)."""
    markers = [c for c in stored.columns if c.startswith(MISSING_PREFIX)]
    frame = stored.drop(columns=markers)
    if list(frame.columns) != list(types):
        raise ValueError(f"columns {list(frame.columns)} do not match the manifest")
    for column, wanted in types.items():
        values = frame[column]
        if "category" in wanted:
            categories = pd.Index(wanted["categories"], dtype=str(wanted["category"]))
            dtype = pd.CategoricalDtype(categories, ordered=bool(wanted["ordered"]))
            values = values.cat.set_categories(categories.astype(values.cat.categories.dtype))
        else:
            dtype = pd.api.types.pandas_dtype(str(wanted["dtype"]))
        if values.dtype != dtype:
            values = values.astype(dtype)
        marker_column = MISSING_PREFIX + column
        if marker_column in stored:
            codes = stored[marker_column].to_numpy()
            values = values.to_numpy(dtype=object, copy=True)
            for code, marker in enumerate(MISSING_MARKERS, start=1):
                values[codes == code] = marker
            values = pd.Series(values, index=frame.index, dtype=object)
        frame[column] = values
    return frame
