"""`TradeView`: everything the Trade page shows for one selection, computed once per selection
(the rows, oriented annual figures and map years) or on first use (series, comparison, mirror
list, partner-structure reporters); and `TradeContext`, what the page derives once per data
version."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from dashboard_core.data import disk_cache, indicators
from dashboard_core.data.contract import FOCUS_ISO3
from dashboard_core.data.filters import Filters, store_where
from dashboard_core.data.memo import IdentityMemo
from dashboard_core.data.naming import country_names, map_source_titles, short_source_names
from dashboard_core.data.periods import span_of
from dashboard_core.data.store import EVERY, ROW_COUNT, Rows, Store, tallies
from dashboard_core.trade.analyses import (
    Series,
    comparison,
    map_years,
    mirror_candidates,
    registry_comparison,
    series_frame,
    structure_reporters,
)
from dashboard_core.trade.figures import (
    ANNUAL_INPUTS,
    ANNUAL_ROWS,
    NO_USD,
    TALLY_COLUMNS,
    annual,
    in_years,
    oriented,
    selection_mask,
    selection_where,
)
from dashboard_core.trade.labels import EVENT_CATEGORIES, partner_options
from dashboard_core.viz.flows import capitals, key_events


@dataclass(frozen=True)
class TradeSelection:
    """What the Trade page is asked to show: the shared filters plus its own sidebar choices."""

    countries: tuple[str, ...]
    years: tuple[int, int]
    partners: tuple[str, ...]
    flow: str
    measures: tuple[str, ...]

    def over(self, years: tuple[int, int]) -> TradeSelection:
        """The same selection over other years (the map of one year ignores the range)."""
        return replace(self, years=years)


# The selection's oriented figures over every year, per annual table: a change of years slices
# them (orientation is row by row) instead of filtering and orienting the table again.
_ORIENTED: IdentityMemo[pd.DataFrame] = IdentityMemo(8)


def oriented_in_years(
    annual_all: pd.DataFrame,
    countries: Sequence[str],
    partners: Sequence[str],
    flow: str,
    measures: Sequence[str],
    years: Sequence[int] | None,
) -> pd.DataFrame:
    """`oriented` annual figures of the selection in the years (every year without `years`)."""
    key = (tuple(countries), tuple(partners), flow, tuple(measures))

    def every_year() -> pd.DataFrame:
        chosen = selection_mask(annual_all, countries, partners, flow, measures)
        return oriented(annual_all[chosen], flow, countries)

    ori = _ORIENTED.get((annual_all,), every_year, *key)
    if not years:
        return ori
    ori = ori[ori["year"].between(min(years), max(years)).to_numpy(dtype=bool)]
    return ori if len(ori) else oriented(annual_all.iloc[:0], flow, countries)


class TradeView:
    """Everything the page shows for one selection. The oriented annual figures and the map
    years are computed at once; the table rows stay where the table lies (`rows`, a lazy
    `Rows`: counted, paged, loaded whole only for a download); the time series, the country
    comparison, the mirror list and the partner-structure reporters on first use, so a page
    section that is not drawn costs nothing. Read-only once built (the UI layer shares it
    between sessions)."""

    def __init__(
        self,
        rows: pd.DataFrame | Rows,
        annual_all: pd.DataFrame,
        countries: Sequence[str],
        years: Sequence[int] | None,
        partners: Sequence[str],
        flow: str,
        measures: Sequence[str],
        names: Mapping[str, str],
        source_names: Mapping[str, str],
        log_scale: bool = False,
        counts: pd.DataFrame | None = None,
    ) -> None:
        """`rows`: the clean rows after the shared filters (a frame, or a store's `Rows`);
        `counts`: the table's `Store.counts` by TALLY_COLUMNS, to count the selection's rows
        without a scan."""
        if isinstance(rows, pd.DataFrame):
            rows = Rows.of(rows, "trade")
        shown = rows.narrowed(selection_where(countries, partners, flow, measures))
        if counts is not None:
            every, no_usd = tallies(counts, shown.where, (ROW_COUNT, "no_usd"))
            shown = shown.with_counts({EVERY: every, NO_USD: no_usd})
        self.rows = shown  # shown and downloaded
        self.ori = oriented_in_years(annual_all, countries, partners, flow, measures, years)
        self.years = map_years(self.ori)  # years the map can show
        self._annual, self._span = annual_all, tuple(years or ())
        self._countries, self._flow = tuple(countries), flow
        self._names, self._sources, self._log = names, source_names, log_scale
        self._trade: pd.DataFrame | None = None
        self._source_table: pd.DataFrame | None = None
        self._names_full: Mapping[str, str] = names

    @cached_property
    def no_usd(self) -> int:
        """Rows in the table without a US$ value (listed, not drawn)."""
        return self.rows.count(NO_USD) if "value_usd" in self.rows.columns else 0

    @cached_property
    def period(self) -> pd.DataFrame:
        """Annual figures of every reporter in the years (comparison and partner structure)."""
        return in_years(self._annual, self._span)

    @property
    def series(self) -> Series:
        return self.series_for(self._log)

    def series_for(self, log_scale: bool) -> Series:
        """Time-series points; on a log scale, figures of zero or less are left out."""
        return self._log_series if log_scale else self._linear_series

    @cached_property
    def _linear_series(self) -> Series:
        return series_frame(self.ori, self._names, self._sources, self._flow)

    @cached_property
    def _log_series(self) -> Series:
        return series_frame(self.ori, self._names, self._sources, self._flow, log_scale=True)

    @cached_property
    def _comparison(self) -> tuple[pd.DataFrame, list[str]]:
        if self._flow == "turnover" and self._trade is not None and self._span:
            years = (min(self._span), max(self._span))
            return registry_comparison(
                self._trade, self._countries, years, self._names, self._source_table
            )
        return comparison(self.period, self._countries, self._flow, self._names, self._sources)

    def headline_figures(self) -> pd.DataFrame:
        """The trade indicators of the selected focus countries, as every page shows them
        (computed once per view: a rerun that finds the view cached reuses them)."""
        return self._headline_figures

    @cached_property
    def _headline_figures(self) -> pd.DataFrame:
        if self._trade is None or not self._span:
            return pd.DataFrame()
        focus = [c for c in self._countries if c in FOCUS_ISO3]
        years = (min(self._span), max(self._span))
        keys = [i.key for i in indicators.INDICATORS if i.table == "trade"]
        results = indicators.evaluate_all({"trade": self._trade}, focus, years, keys)
        return indicators.figure_table(results, self._names_full, self._source_table)

    @property
    def comparison(self) -> pd.DataFrame:
        return self._comparison[0]

    @property
    def comparison_missing(self) -> list[str]:
        return self._comparison[1]

    @cached_property
    def mirrors(self) -> pd.DataFrame:
        return mirror_candidates(self.ori, self._flow, self._names)

    @cached_property
    def reporters(self) -> list[str]:
        """Reporters with a partner structure in the period (the selected ones if any)."""
        every = structure_reporters(self.period)
        return [r for r in every if not self._countries or r in self._countries] or every


def build_view(
    rows: pd.DataFrame | Rows,
    annual_all: pd.DataFrame,
    countries: Sequence[str],
    years: Sequence[int],
    partners: Sequence[str],
    flow: str,
    measures: Sequence[str],
    names: Mapping[str, str],
    source_names: Mapping[str, str],
    log_scale: bool = False,
    counts: pd.DataFrame | None = None,
) -> TradeView:
    """`rows`: the clean table after the shared filters (a frame or a store's `Rows`);
    `annual_all`: `annual` of the whole clean table (cached by the caller)."""
    return TradeView(
        rows,
        annual_all,
        countries,
        years,
        partners,
        flow,
        measures,
        names,
        source_names,
        log_scale,
        counts,
    )


@dataclass(frozen=True)
class TradeContext:
    """What the page derives once per data version (the UI layer caches it)."""

    names: dict[str, str]
    sources: dict[str, str]
    partners: list[str]
    annual: pd.DataFrame
    places: dict[str, dict]
    titles: dict[str, str] = field(default_factory=dict)  # source_id -> short title (tooltips)
    source_table: pd.DataFrame | None = None
    counts: pd.DataFrame | None = None  # rows per TALLY_COLUMNS (and without US$): `Store.counts`


# One context per store, tables and trade file version: the server's warm-up works it out at
# start and the page's first run finds it. Under a lock, so the two never work it out twice.
_CONTEXTS: IdentityMemo[TradeContext] = IdentityMemo(2)
_CONTEXT_LOCK = threading.Lock()


def page_context(store: Store, countries: pd.DataFrame, sources: pd.DataFrame) -> TradeContext:
    """Read from the store, never the whole table: the codes in it, the rows `annual` reads
    (TOTAL with a US$ value) and the row counts per reporter, partner, flow, measure and year.
    Kept per (store, tables, file version) while the same objects come back."""
    with _CONTEXT_LOCK:
        return _CONTEXTS.get(
            (store, countries, sources),
            lambda: _page_context(store, countries, sources),
            store.version("trade"),
        )


def _page_context(store: Store, countries: pd.DataFrame, sources: pd.DataFrame) -> TradeContext:
    names = country_names(countries)
    whole = _whole_table_figures(store)
    return TradeContext(
        names=names,
        sources=short_source_names(sources),
        partners=partner_options(whole["codes"], names),
        annual=whole["annual"],
        places=capitals(countries),
        titles=map_source_titles(sources),
        source_table=sources,
        counts=whole["counts"],
    )


WHOLE_TABLE_CACHE = "trade-context"


def _whole_table_figures(store: Store) -> dict[str, pd.DataFrame]:
    """The parts of the context read from the whole trade table (`codes`, `counts`, `annual`),
    kept on disk per file version so that a restarted server does not read it again; a server
    whose own cache lacks them first looks beside the data (`prepare_context`)."""
    source = store.fingerprint("trade")
    cache = disk_cache.FrameCache.default()
    if source is not None:
        kept = cache.load(WHOLE_TABLE_CACHE, source) or _prepared(store.file("trade"))
        if kept is not None:
            return kept
    whole = _work_out(store)
    # Unchanged since the scans began: otherwise the figures may mix two versions of the file.
    if source is not None and store.fingerprint("trade") == source:
        cache.save(WHOLE_TABLE_CACHE, source, whole)
    return whole


def _work_out(store: Store) -> dict[str, pd.DataFrame]:
    # The count scan runs in DuckDB (outside the interpreter) while pandas works out `annual`.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="cam-trade-context") as scans:
        counts = scans.submit(store.counts, "trade", TALLY_COLUMNS, also={"no_usd": NO_USD})
        annual_all = annual(store.rows("trade", ANNUAL_ROWS, ANNUAL_INPUTS))
        tally = counts.result()
    return {"codes": codes_in(tally), "counts": _categorical(tally), "annual": annual_all}


def _prepared(file: Path | None) -> dict[str, pd.DataFrame] | None:
    """The figures `prepare_context` kept beside the data for this file's content, if any."""
    if file is None:
        return None
    beside = disk_cache.FrameCache.beside_data(file.parent)
    if beside.directory is None or not beside.directory.is_dir():
        return None  # nothing prepared: no need to read the file to name its content
    key = disk_cache.content_key(file)
    return None if key is None else beside.load(WHOLE_TABLE_CACHE, key)


def prepare_context(clean_dir: Path) -> bool:
    """Work out the whole-table figures of `clean_dir`'s trade file and keep them in the data
    folder (`disk_cache.derived_dir`), for every server that later starts on that file: each
    host sharing the folder, or one whose own cache is empty. Done by what writes the file;
    False (nothing kept) when the file is missing or the folder cannot be written."""
    from dashboard_core.data.store import DuckStore

    store = DuckStore(clean_dir)
    file = store.file("trade")
    key = None if file is None else disk_cache.content_key(file)
    if key is None:
        return False
    whole = _work_out(store)
    if disk_cache.content_key(file) != key:
        return False  # rewritten meanwhile: the figures may mix two versions
    return disk_cache.FrameCache.beside_data(clean_dir).save(WHOLE_TABLE_CACHE, key, whole)


def codes_in(counts: pd.DataFrame) -> pd.DataFrame:
    """Every (reporter, partner) pair of the table, from its row counts (grouped by both among
    others): the same pairs as a DISTINCT scan, without reading the table again."""
    pairs = counts[["reporter_iso3", "partner_iso3"]].drop_duplicates()
    return pairs.sort_values(list(pairs.columns), na_position="last").reset_index(drop=True)


def _categorical(counts: pd.DataFrame) -> pd.DataFrame:
    """Codes as categories: a selection is then counted over the groups in a few ms."""
    codes = [c for c in TALLY_COLUMNS if c != "year"]
    return counts.astype({c: "category" for c in codes})


def view_for(
    store: Store, ctx: TradeContext, selection: TradeSelection, figure_rows: pd.DataFrame
) -> TradeView:
    """The `TradeView` of a selection: its rows stay in the store; `figure_rows` are the trade
    rows the indicator registry reads (`indicators.TRADE_ROWS`), for the headline figures."""
    shared = store_where("trade", Filters(selection.countries, selection.years))
    view = build_view(
        Rows(store, "trade", shared),
        ctx.annual,
        selection.countries,
        selection.years,
        selection.partners,
        selection.flow,
        selection.measures,
        ctx.names,
        ctx.sources,
        counts=ctx.counts,
    )
    view._trade, view._source_table = figure_rows, ctx.source_table
    return view


def series_events(
    view: TradeView, events: pd.DataFrame, selection: TradeSelection, log_scale: bool
) -> pd.DataFrame:
    """Key events to mark on the time series, within the years it draws."""
    span = span_of(view.series_for(log_scale).frame, selection.years)
    return key_events(events, selection.countries, span, EVENT_CATEGORIES)
