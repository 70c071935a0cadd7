"""Cached loaders: clean tables, GeoJSON layers and the data package, read once per file change
and shared by every session (never mutate what these return), plus the page-level caches.

Tables that may be large (STORE_TABLES: trade) are never read whole: pages ask the store
(`store()`, DuckDB over the clean Parquet files) for the rows or counts they draw, and `rows`
caches small results keyed by the file's version and the condition."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard_core.data import catalogue, filters, indicators, loading, paths
from dashboard_core.data import store as stores
from dashboard_core.data.contract import FOCUS_ISO3
from dashboard_core.ui import routes
from dashboard_core.viz.context import MapContext

# The shared filter is about the region: trading partners further away are reached through the
# region's countries (a row counts when either side is selected), not selected themselves.
SELECTABLE_GROUPS: tuple[str, ...] = ("focus", "neighbour")
# Queried where they lie, never loaded whole into pandas (they may hold millions of rows).
STORE_TABLES: tuple[str, ...] = ("trade",)


def file_stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0


# Page-level caches for derived objects: read-only, shared by sessions, so a rerun with filters
# already seen rebuilds nothing. Each decorated function keeps its own cache.
cache_figures = st.cache_resource(show_spinner=False, max_entries=256)  # small figures
cache_views = st.cache_resource(show_spinner=False, max_entries=24)  # filtered tables


@st.cache_resource(show_spinner=False, max_entries=64)
def _cached_table(name: str, path: str, stamp: int) -> pd.DataFrame:
    return loading.load_table(name, Path(path).parent)


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_store(clean_dir: str) -> stores.DuckStore:
    return stores.DuckStore(Path(clean_dir))


def store() -> stores.Store:
    """The store over data/clean (DuckDB over the Parquet files, queried in place), shared by
    every session; thread-safe."""
    return _cached_store(str(paths.clean_dir()))


@st.cache_resource(show_spinner=False, max_entries=32)
def _cached_rows(
    name: str, path: str, stamp: int, key: str, _where: stores.Where, columns: tuple | None
) -> pd.DataFrame:
    return _cached_store(str(Path(path).parent)).rows(name, _where, columns)


def rows(name: str, where: stores.Where, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The rows of a clean table that meet `where`, read by the store (the condition runs where
    the table lies), cached until the file changes. For small results: never ask it for most
    of a large table. Read-only. Raises `loading.DatasetUnavailable` like `table`."""
    path = loading.table_path(name)
    stamp = file_stamp(path)
    chosen = tuple(columns) if columns is not None else None
    try:
        return _cached_rows(name, str(path), stamp, repr(where), where, chosen)
    except loading.DatasetUnavailable as error:
        raise _unavailable(error, stamp) from None


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_counts(
    name: str, path: str, stamp: int, key: str, by: tuple[str, ...], _where: stores.Where
) -> pd.DataFrame:
    return _cached_store(str(Path(path).parent)).counts(name, by, _where)


def counts(name: str, by: Sequence[str], where: stores.Where = stores.EVERY) -> pd.DataFrame:
    """Rows of a clean table per distinct value of `by` (column `row_count`), counted by the
    store, cached until the file changes. Read-only. Raises `loading.DatasetUnavailable`."""
    path = loading.table_path(name)
    stamp = file_stamp(path)
    try:
        return _cached_counts(name, str(path), stamp, repr(where), tuple(by), where)
    except loading.DatasetUnavailable as error:
        raise _unavailable(error, stamp) from None


def _columns(name: str) -> list[str]:
    """The columns of a store table; a missing or broken file raises (and is logged) now."""
    try:
        return store().columns(name)
    except loading.DatasetUnavailable as error:
        raise _unavailable(error, file_stamp(loading.table_path(name))) from None


def all_rows(name: str) -> stores.Rows:
    """Every row of a clean table, left where it lies: count it, page it, load it on a
    download's click (`display.show_table`, `downloads.download_panel` take it)."""
    _columns(name)
    return stores.Rows(store(), name)


def catalogue_tables(
    *names: str,
) -> tuple[dict[str, pd.DataFrame], list[loading.DatasetUnavailable]]:
    """`available_tables` for the catalogue: a store table (trade) as its row counts by
    `catalogue.summary_columns`, every other table whole."""
    found: dict[str, pd.DataFrame] = {}
    missing: list[loading.DatasetUnavailable] = []
    for name in names:
        try:
            if name in STORE_TABLES:
                found[name] = counts(name, catalogue.summary_columns(_columns(name)))
            else:
                found[name] = table(name)
        except loading.DatasetUnavailable as error:
            missing.append(error)
    return found, missing


def indicator_tables(*names: str) -> dict[str, pd.DataFrame]:
    """`tables(*names)` as the indicator registry reads them: trade as the rows the registry
    uses (`indicators.TRADE_ROWS`, a few thousand at most), every other table whole. Give these
    to `indicators.evaluate`, the Overview's headlines and map, and Compare."""
    return {
        name: rows(name, indicators.TRADE_ROWS) if name in STORE_TABLES else table(name)
        for name in names
    }


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_geojson(name: str, path: str, stamp: int) -> dict:
    return loading.load_geojson(name, Path(path).parent)


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_package(path: str, stamp: int) -> dict:
    return loading.load_datapackage(Path(path))


_LOG = logging.getLogger(__name__)
_REPORTED: set[tuple[str, int]] = set()


def _unavailable(error: loading.DatasetUnavailable, stamp: int) -> loading.DatasetUnavailable:
    """Log the operator's detail (with the server path) once per file version; the page gets
    the error, whose words for visitors name the dataset only."""
    if (error.dataset, stamp) not in _REPORTED:
        _REPORTED.add((error.dataset, stamp))
        _LOG.warning("dataset %s unavailable: %s", error.dataset, error)
    return error


def table(name: str) -> pd.DataFrame:
    """A clean table from data/clean, cached until its file changes. Treat it as read-only.
    Raises `loading.DatasetUnavailable` when the file is missing or broken: the section (or
    page) drawing it then says so in words (`display.needs_data`)."""
    path = loading.table_path(name)
    stamp = file_stamp(path)
    try:
        return _cached_table(name, str(path), stamp)
    except loading.DatasetUnavailable as error:
        raise _unavailable(error, stamp) from None


def tables(*names: str) -> dict[str, pd.DataFrame]:
    """Several cached tables at once: `loaders.tables("displacement", "countries")` (not
    STORE_TABLES: see `indicator_tables`, `rows`, `counts`)."""
    return {name: table(name) for name in names}


def available_tables(
    *names: str,
) -> tuple[dict[str, pd.DataFrame], list[loading.DatasetUnavailable]]:
    """The tables that can be read, and what stops the others (for pages that list them all)."""
    found: dict[str, pd.DataFrame] = {}
    missing: list[loading.DatasetUnavailable] = []
    for name in names:
        try:
            found[name] = table(name)
        except loading.DatasetUnavailable as error:
            missing.append(error)
    return found, missing


def geojson(name: str) -> dict:
    """A clean GeoJSON layer (`boundaries`, `corridors`), cached. Treat it as read-only."""
    path = paths.clean_dir() / f"{name}.geojson"
    stamp = file_stamp(path)
    try:
        return _cached_geojson(name, str(path), stamp)
    except loading.DatasetUnavailable as error:
        raise _unavailable(error, stamp) from None


def datapackage() -> dict:
    path = paths.datapackage_path()
    stamp = file_stamp(path)
    try:
        return _cached_package(str(path), stamp)
    except loading.DatasetUnavailable as error:
        raise _unavailable(error, stamp) from None


def map_context(basemap: bool = False, provinces: bool = False) -> MapContext:
    """What every map draws underneath: layer URLs on the app's own routes (versioned, so the
    browser fetches each once per data version), the places for labels, the optional layers."""
    version = data_version()
    return MapContext(
        urls={name: routes.layer_url(name, version) for name in routes.SERVED_LAYERS},
        places=geojson("places"),
        tile_url=routes.TILE_URL if routes.tiles_available() else "",
        basemap=basemap and routes.tiles_available(),
        provinces=provinces,
        tiles=routes.tile_keys() if basemap else frozenset(),
    )


def tiles_available() -> bool:
    return routes.tiles_available()


def data_version() -> str:
    """The data version (datapackage.json); "unavailable" when that file is missing or broken
    (pages key their caches on it, citations quote it)."""
    try:
        return loading.data_version(datapackage())
    except loading.DatasetUnavailable:
        return "unavailable"


def build_time(name: str) -> datetime | None:
    """When a clean file was last written (the pipeline stamps no time inside the files)."""
    path = paths.clean_dir() / name
    stamp = file_stamp(path)
    return datetime.fromtimestamp(stamp / 1e9, tz=UTC) if stamp else None


def build_times() -> dict[str, datetime | None]:
    """Last write time of every datapackage resource's file, keyed by resource name."""
    return {  # datapackage() raises DatasetUnavailable, like a table
        resource.get("name", ""): build_time(Path(resource.get("path", "")).name)
        for resource in datapackage().get("resources", [])
    }


@st.cache_resource(show_spinner=False, max_entries=4)
def _country_choices(stamp: int) -> tuple[tuple[str, ...], dict[str, str]]:
    try:
        countries = loading.load_table("countries")
    except loading.DatasetUnavailable:
        return FOCUS_ISO3, {}
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    rank = {group: i for i, group in enumerate(SELECTABLE_GROUPS)}
    offered = countries[countries["group"].isin(SELECTABLE_GROUPS)]
    offered = offered.assign(
        _focus=offered["iso3"].map({c: i for i, c in enumerate(FOCUS_ISO3)}).fillna(99),
        _group=offered["group"].map(rank),
    ).sort_values(["_group", "_focus", "name"])
    return tuple(offered["iso3"]), names


def country_options() -> tuple[str, ...]:
    """ISO3 codes the sidebar offers: the focus countries, then their neighbours."""
    return _country_choices(file_stamp(loading.table_path("countries")))[0]


def country_names() -> dict[str, str]:
    return _country_choices(file_stamp(loading.table_path("countries")))[1]


@st.cache_resource(show_spinner=False, max_entries=4)
def _bounds(stamp: tuple[int, ...]) -> tuple[int, int]:
    tables = {}
    for name, columns in filters.YEAR_COLUMNS.items():
        try:
            if name in STORE_TABLES:  # its earliest and latest values stand for the table
                ends = {c: store().bounds(name, c) for c in columns}
                tables[name] = pd.DataFrame({c: list(e or ()) for c, e in ends.items()})
            else:
                tables[name] = loading.load_table(name)
        except loading.DatasetUnavailable:
            continue
    return filters.year_bounds(tables)


def year_bounds() -> tuple[int, int]:
    """Earliest and latest year across the fact tables (clamping range of the year filter)."""
    stamps = tuple(file_stamp(loading.table_path(n)) for n in filters.YEAR_COLUMNS)
    return _bounds(stamps)


def warm_caches(tables: Sequence[str], layers: Sequence[str]) -> None:
    """Load clean tables, GeoJSON layers and the sidebar's choices into the shared caches
    (run by the server's warm-up before the first visitor; safe to run at any time)."""
    loads = [(table, name) for name in tables if name not in STORE_TABLES]
    loads += [(indicator_tables, name) for name in tables if name in STORE_TABLES]
    loads += [(geojson, name) for name in layers]
    for load, name in [*loads, (lambda _: datapackage(), "")]:
        with contextlib.suppress(loading.DatasetUnavailable):  # the pages say so themselves
            load(name)
    country_options()
    year_bounds()
