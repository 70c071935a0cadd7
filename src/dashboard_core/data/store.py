"""The fact tables where they lie. A `Store` answers questions about a clean table (which rows,
how many, which values, how many rows per group, the range of a column) without loading the
table whole, so a page pulls only the small frame it draws; pandas then works on that frame.

- `Where`: a row condition as data (column in values, between, not null, kind of period, and/or/
  not). Pages build one from their filters; every store runs it, and `Where.mask` evaluates it on
  a pandas frame with the same rules (the reference the tests hold the stores to).
- `DuckStore`, the default: DuckDB over the clean Parquet files in place (data/clean), the
  condition and the grouping pushed down into the scan. Thread-safe (a cursor per query).
- `FrameStore`: the same answers from pandas frames in memory (tests; small tables; rows that
  exist only in a session).
- `Rows`: a lazy selection of one table's rows (count, one page, the whole on demand), what a
  page holds instead of a copy of the rows.

A missing, unreadable or incomplete file raises `loading.DatasetUnavailable`, as
`loading.load_table` does, so pages say in words that the dataset is unavailable. Nothing here
caches results: the UI layer caches the small frames, keyed by the file's version and the query.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard_core.data import loading, paths, provenance
from dashboard_core.data.contract import TABLE_COLUMNS
from dashboard_core.data.periods import period_kinds

PERIOD_KINDS: tuple[str, ...] = ("year", "month", "partial", "undated")
ROW_COUNT = provenance.ROW_COUNT  # the column `Store.counts` adds: rows per group


# --- conditions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    """A condition on a table's rows, as data. Build it with the functions below and combine with
    `&`, `|` and `~`. Ops: `true`, `in` (a None among the values matches a missing value),
    `between` (inclusive), `not_null`, `period` (the kind of period_start..period_end, as
    `data.periods.period_kinds` names it), `and`, `or`, `not`."""

    op: str
    column: str = ""
    values: tuple[Any, ...] = ()
    parts: tuple[Where, ...] = ()

    def __and__(self, other: Where) -> Where:
        return all_of(self, other)

    def __or__(self, other: Where) -> Where:
        return any_of(self, other)

    def __invert__(self) -> Where:
        return Where("not", parts=(self,))

    def mask(self, frame: pd.DataFrame) -> pd.Series:
        """The rows of `frame` this condition keeps (a boolean Series on its index)."""
        return _mask(self, frame)

    def columns(self) -> set[str]:
        """Every column the condition reads."""
        own = {self.column} if self.column else set()
        if self.op == "period":
            own = {"period_start", "period_end"}
        return own.union(*(p.columns() for p in self.parts))


EVERY = Where("true")


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds (DuckDB's parameters take only those)."""
    return value.item() if isinstance(value, np.generic) else value


def isin(column: str, values: Iterable[Any]) -> Where:
    """`column` is one of `values` (none given: no row)."""
    return Where("in", column, tuple(dict.fromkeys(_plain(v) for v in values)))


def equals(column: str, value: Any) -> Where:
    return isin(column, (value,))


def between(column: str, low: Any, high: Any) -> Where:
    return Where("between", column, (_plain(low), _plain(high)))


def not_null(column: str) -> Where:
    return Where("not_null", column)


def period_in(kinds: Iterable[str]) -> Where:
    """The row's period (period_start..period_end) is of one of these kinds."""
    kinds = tuple(kinds)
    unknown = set(kinds) - set(PERIOD_KINDS)
    if unknown:
        raise ValueError(f"unknown period kind(s) {sorted(unknown)}; known: {PERIOD_KINDS}")
    return Where("period", values=kinds)


def all_of(*parts: Where) -> Where:
    kept = tuple(p for p in parts if p.op != "true")
    if not kept:
        return EVERY
    return kept[0] if len(kept) == 1 else Where("and", parts=kept)


def any_of(*parts: Where) -> Where:
    if any(p.op == "true" for p in parts):
        return EVERY
    return parts[0] if len(parts) == 1 else Where("or", parts=tuple(parts))


def _in_mask(series: pd.Series, values: tuple[Any, ...]) -> np.ndarray:
    present = [v for v in values if v is not None]
    with_gaps = len(present) < len(values)
    if isinstance(series.dtype, pd.CategoricalDtype):  # a lookup per category, not per row
        wanted = np.zeros(len(series.cat.categories) + 1, dtype=bool)
        found = series.cat.categories.get_indexer(present) if present else np.array([], int)
        wanted[found[found >= 0]] = True
        wanted[-1] = with_gaps  # code -1 is a gap
        return wanted[series.cat.codes.to_numpy()]
    mask = series.isin(present).to_numpy(dtype=bool, na_value=False) if present else None
    if mask is None:
        mask = np.zeros(len(series), dtype=bool)
    if with_gaps:
        mask = mask | series.isna().to_numpy()
    return mask


def _mask(where: Where, frame: pd.DataFrame) -> pd.Series:
    return pd.Series(_mask_array(where, frame), index=frame.index)


def _mask_array(where: Where, frame: pd.DataFrame) -> np.ndarray:
    op = where.op
    if op == "true":
        return np.ones(len(frame), dtype=bool)
    if op == "in":
        return _in_mask(frame[where.column], where.values)
    if op == "between":
        low, high = where.values
        return frame[where.column].between(low, high).to_numpy(dtype=bool, na_value=False)
    if op == "not_null":
        return frame[where.column].notna().to_numpy()
    if op == "period":
        kinds = period_kinds(frame["period_start"], frame["period_end"])
        return kinds.isin(where.values).to_numpy(dtype=bool, na_value=False)
    masks = [_mask_array(p, frame) for p in where.parts]
    if op == "and":
        return np.logical_and.reduce(masks) if masks else np.ones(len(frame), dtype=bool)
    if op == "or":
        return np.logical_or.reduce(masks) if masks else np.zeros(len(frame), dtype=bool)
    if op == "not":
        return ~masks[0]
    raise ValueError(f"unknown condition {op!r}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_PERIOD_SQL = """CASE
  WHEN period_start IS NULL OR period_end IS NULL THEN 'undated'
  WHEN month(period_start) = 1 AND day(period_start) = 1 AND month(period_end) = 12
       AND day(period_end) = 31 AND year(period_start) = year(period_end) THEN 'year'
  WHEN day(period_start) = 1 AND year(period_start) = year(period_end)
       AND month(period_start) = month(period_end) AND period_end::DATE = last_day(period_end)
       THEN 'month'
  ELSE 'partial' END"""


def to_sql(where: Where, params: list[Any]) -> str:
    """The condition as SQL (DuckDB's dialect, standard for these ops), appending its
    parameters to `params`. Values are always bound, never written into the text."""
    op = where.op
    if op == "true":
        return "TRUE"
    if op == "in":
        present = [v for v in where.values if v is not None]
        terms = []
        if present:
            params.extend(present)
            terms.append(f"{_quote(where.column)} IN ({', '.join('?' * len(present))})")
        if len(present) < len(where.values):
            terms.append(f"{_quote(where.column)} IS NULL")
        return f"({' OR '.join(terms)})" if terms else "FALSE"
    if op == "between":
        params.extend(where.values)
        return f"({_quote(where.column)} BETWEEN ? AND ?)"
    if op == "not_null":
        return f"({_quote(where.column)} IS NOT NULL)"
    if op == "period":
        params.extend(where.values)
        return f"(({_PERIOD_SQL}) IN ({', '.join('?' * len(where.values))}))"
    inner = [to_sql(p, params) for p in where.parts]
    if op == "and":
        return "(" + " AND ".join(inner) + ")"
    if op == "or":
        return "(" + " OR ".join(inner) + ")"
    if op == "not":
        return f"(NOT COALESCE({inner[0]}, FALSE))"
    raise ValueError(f"unknown condition {op!r}")


# --- stores -----------------------------------------------------------------------------------


@runtime_checkable
class Store(Protocol):
    """What a backend answers. Frames come back with the clean file's column types (as
    `loading.load_table` gives them) and, for `rows`, in the table's own row order."""

    def columns(self, table: str) -> list[str]: ...

    def version(self, table: str) -> int:
        """Changes whenever the table's rows may have changed (a key for derived results)."""
        ...

    def fingerprint(self, table: str) -> str | None:
        """What the table's rows were read from, stable across processes (a file's path, size
        and modification time), for results kept on disk; None when they cannot be named so."""
        ...

    def file(self, table: str) -> Path | None:
        """The one file all of the table's rows are read from; None when there is none (rows
        in memory, or a file's rows with others)."""
        ...

    def rows(
        self,
        table: str,
        where: Where = EVERY,
        columns: Sequence[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> pd.DataFrame: ...

    def count(self, table: str, where: Where = EVERY) -> int: ...

    def counts(
        self,
        table: str,
        by: Sequence[str],
        where: Where = EVERY,
        also: Mapping[str, Where] | None = None,
    ) -> pd.DataFrame: ...

    def distinct(
        self, table: str, columns: Sequence[str], where: Where = EVERY
    ) -> pd.DataFrame: ...

    def bounds(self, table: str, column: str, where: Where = EVERY) -> tuple[Any, Any] | None: ...


class FrameStore:
    """A store over pandas frames held in memory (`{"trade": frame}`)."""

    def __init__(self, frames: Mapping[str, pd.DataFrame]) -> None:
        self._frames = dict(frames)

    def _frame(self, table: str) -> pd.DataFrame:
        if table not in self._frames:
            raise loading.DatasetUnavailable(table, f"no frame named {table!r} in this store")
        return self._frames[table]

    def columns(self, table: str) -> list[str]:
        return list(self._frame(table).columns)

    def version(self, table: str) -> int:
        return 0  # the frames are fixed for the store's life

    def fingerprint(self, table: str) -> str | None:
        return None  # frames in memory: nothing another process could find again

    def file(self, table: str) -> Path | None:
        return None

    def rows(self, table, where=EVERY, columns=None, limit=None, offset=0) -> pd.DataFrame:
        frame = self._frame(table)
        kept = frame[where.mask(frame)]
        if columns is not None:
            kept = kept[list(columns)]
        stop = None if limit is None else offset + limit
        return kept.iloc[offset:stop].reset_index(drop=True)

    def count(self, table, where=EVERY) -> int:
        return int(where.mask(self._frame(table)).sum())

    def counts(self, table, by, where=EVERY, also=None) -> pd.DataFrame:
        also = dict(also or {})
        frame = self._frame(table)
        kept = frame[where.mask(frame)]
        flags = pd.DataFrame({name: cond.mask(kept) for name, cond in also.items()})
        work = pd.concat([kept[list(by)], flags.astype("int64")], axis=1)
        if work.empty:
            return pd.DataFrame(columns=[*by, ROW_COUNT, *also])
        grouped = work.groupby(list(by), dropna=False, sort=True)
        out = grouped.size().rename(ROW_COUNT).to_frame()
        for name in also:
            out[name] = grouped[name].sum()
        out = out.reset_index()
        return out.sort_values(list(by), na_position="last", kind="stable").reset_index(drop=True)

    def distinct(self, table, columns, where=EVERY) -> pd.DataFrame:
        kept = self.rows(table, where, list(columns)).drop_duplicates()
        return kept.sort_values(list(columns), na_position="last").reset_index(drop=True)

    def bounds(self, table, column, where=EVERY):
        values = self.rows(table, where, [column])[column].dropna()
        return None if values.empty else (values.min(), values.max())


class LayeredStore:
    """A store whose tables are a base store's rows followed by extra rows held in memory (a
    session's imported files): every answer combines the two, so pages that read through a
    store see both without loading the base table whole."""

    def __init__(self, base: Store, extra: Mapping[str, pd.DataFrame]) -> None:
        self.base = base
        self.extra = FrameStore({name: frame for name, frame in extra.items() if len(frame)})

    def _has_extra(self, table: str) -> bool:
        return table in self.extra._frames

    def columns(self, table: str) -> list[str]:
        return self.base.columns(table)

    def version(self, table: str) -> int:
        return self.base.version(table)  # the extra rows are fixed for the store's life

    def fingerprint(self, table: str) -> str | None:
        return None if self._has_extra(table) else self.base.fingerprint(table)

    def file(self, table: str) -> Path | None:
        return None if self._has_extra(table) else self.base.file(table)

    def rows(self, table, where=EVERY, columns=None, limit=None, offset=0) -> pd.DataFrame:
        if not self._has_extra(table):
            return self.base.rows(table, where, columns, limit, offset)
        wanted = list(columns) if columns is not None else self.base.columns(table)
        if limit is None:
            first = self.base.rows(table, where, wanted)
        else:
            first = self.base.rows(table, where, wanted, limit, offset)
        extra = self.extra.rows(table, where).reindex(columns=wanted)
        if limit is None:
            return _concat([first, extra]).iloc[offset:].reset_index(drop=True)
        in_base = self.base.count(table, where)
        start = max(0, offset - in_base)
        room = limit - len(first)
        tail = extra.iloc[start : start + room] if room > 0 else extra.iloc[0:0]
        return _concat([first, tail]).reset_index(drop=True)

    def count(self, table, where=EVERY) -> int:
        extra = self.extra.count(table, where) if self._has_extra(table) else 0
        return self.base.count(table, where) + extra

    def counts(self, table, by, where=EVERY, also=None) -> pd.DataFrame:
        first = self.base.counts(table, by, where, also)
        if not self._has_extra(table):
            return first
        both = _concat([first, self.extra.counts(table, by, where, also)])
        if both.empty:
            return first
        summed = [ROW_COUNT, *(also or {})]
        grouped = both.groupby(list(by), dropna=False, sort=True)[summed].sum().reset_index()
        return grouped.sort_values(list(by), na_position="last", kind="stable").reset_index(
            drop=True
        )

    def distinct(self, table, columns, where=EVERY) -> pd.DataFrame:
        first = self.base.distinct(table, columns, where)
        if not self._has_extra(table):
            return first
        both = _concat([first, self.extra.distinct(table, columns, where)]).drop_duplicates()
        return both.sort_values(list(columns), na_position="last").reset_index(drop=True)

    def bounds(self, table, column, where=EVERY):
        found = [self.base.bounds(table, column, where)]
        if self._has_extra(table):
            found.append(self.extra.bounds(table, column, where))
        known = [b for b in found if b is not None]
        if not known:
            return None
        return min(b[0] for b in known), max(b[1] for b in known)


def _concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    kept = [f for f in frames if len(f)]
    if not kept:
        return frames[0]
    return kept[0] if len(kept) == 1 else pd.concat(kept, ignore_index=True)


THREADS = 2
PAGER_MEMORY_LIMIT = "256MB"  # a page of rows needs little
PAGER_ROWS = 5_000  # rows up to which a page is read by one thread (see DuckStore.__init__)
MEMORY_LIMIT = "1GB"  # DuckDB's own working memory (sorts, hash tables), per process


class DuckStore:
    """DuckDB over the clean Parquet files of `clean_dir` (data/clean by default), queried in
    place: only the columns asked for are read, conditions and groupings run in the scan."""

    def __init__(self, clean_dir: Path | None = None) -> None:
        import duckdb  # imported here: pages that never query a store do not pay for it

        self.clean_dir = Path(clean_dir or paths.clean_dir())
        self._duckdb = duckdb
        self._con = self._connect(duckdb, THREADS)
        # The first pages of a table, read on every rerun, come sooner from one thread: with
        # two, DuckDB spends longer keeping the rows in order than finding them.
        self._pager = self._connect(duckdb, 1, PAGER_MEMORY_LIMIT)
        self._schemas: dict[str, tuple[int, pa.Schema]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _connect(duckdb: Any, threads: int, memory_limit: str = MEMORY_LIMIT) -> Any:
        con = duckdb.connect(config={"threads": threads, "memory_limit": memory_limit})
        # footers and row-group statistics read once per file version, not once per query
        con.execute("SET parquet_metadata_cache = true")
        # DuckDB keeps a table's row order through WHERE, SELECT, LIMIT and OFFSET (its "order
        # preservation" rules), which paging and `annual` rely on; but its IN-clause rewrite
        # turns an IN inside an OR into a join that does not keep it. Off: IN stays a filter.
        con.execute("SET disabled_optimizers = 'in_clause'")
        return con

    def version(self, table: str) -> int:
        try:
            return loading.table_path(table, self.clean_dir).stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def fingerprint(self, table: str) -> str | None:
        path = loading.table_path(table, self.clean_dir).resolve()
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        return f"{path}|{stat.st_size}|{stat.st_mtime_ns}"

    def file(self, table: str) -> Path | None:
        path = loading.table_path(table, self.clean_dir)
        return path if path.is_file() else None

    # The file's schema (checked against the contract), re-read when the file changes.
    def schema(self, table: str) -> pa.Schema:
        path = loading.table_path(table, self.clean_dir)
        try:
            stamp = path.stat().st_mtime_ns
        except FileNotFoundError:
            raise loading.DataNotBuiltError(
                table,
                f"{path} is missing: run `uv run python -m dashboard_core build` to create it",
            ) from None
        with self._lock:
            known = self._schemas.get(table)
        if known and known[0] == stamp:
            return known[1]
        try:
            schema = pq.read_schema(path)
        except Exception as error:  # noqa: BLE001 - any unreadable file is the same to a reader
            raise loading.unreadable(table, path, error) from error
        missing = [c for c in TABLE_COLUMNS[table] if c not in schema.names]
        if missing:
            raise loading.DatasetUnavailable(
                table, f"{path} lacks the column(s) {', '.join(missing)}: rebuild it"
            )
        with self._lock:
            self._schemas[table] = (stamp, schema)
        return schema

    def columns(self, table: str) -> list[str]:
        return list(self.schema(table).names)

    def _source(self, table: str) -> str:
        self.schema(table)
        path = str(loading.table_path(table, self.clean_dir)).replace("'", "''")
        return f"read_parquet('{path}')"

    def _arrow(self, table: str, sql: str, params: list[Any], con: Any = None) -> pa.Table:
        cursor = (con or self._con).cursor()
        try:
            return cursor.sql(sql, params=params).to_arrow_table()
        except self._duckdb.Error as error:
            path = loading.table_path(table, self.clean_dir)
            raise loading.unreadable(table, path, error) from error
        finally:
            cursor.close()

    def _frame(self, table: str, result: pa.Table) -> pd.DataFrame:
        """Arrow result -> pandas with the file's types (DuckDB reads ms timestamps as us and
        large strings as strings; the file's pandas metadata restores nullable integers)."""
        schema = self.schema(table)
        fields = [schema.field(n) if n in schema.names else result.schema.field(n)
                  for n in result.column_names]  # fmt: skip
        target = pa.schema(fields, metadata=schema.metadata)
        return result.cast(target).to_pandas()

    def rows(self, table, where=EVERY, columns=None, limit=None, offset=0) -> pd.DataFrame:
        params: list[Any] = []
        chosen = "*" if columns is None else ", ".join(_quote(c) for c in columns)
        sql = f"SELECT {chosen} FROM {self._source(table)} WHERE {to_sql(where, params)}"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        elif offset:
            sql += f" OFFSET {int(offset)}"
        early_page = limit is not None and offset + limit <= PAGER_ROWS
        con = self._pager if early_page else self._con
        return self._frame(table, self._arrow(table, sql, params, con))

    def count(self, table, where=EVERY) -> int:
        params: list[Any] = []
        sql = f"SELECT count(*) AS n FROM {self._source(table)} WHERE {to_sql(where, params)}"
        return int(self._arrow(table, sql, params).column("n")[0].as_py())

    def counts(self, table, by, where=EVERY, also=None) -> pd.DataFrame:
        also = dict(also or {})
        params: list[Any] = []
        keys = ", ".join(_quote(c) for c in by)
        flagged = "".join(
            f", count(*) FILTER (WHERE COALESCE({to_sql(cond, params)}, FALSE)) AS {_quote(name)}"
            for name, cond in also.items()
        )
        where_sql = to_sql(where, params)
        sql = (
            f"SELECT {keys}, count(*) AS {ROW_COUNT}{flagged} FROM {self._source(table)} "
            f"WHERE {where_sql} GROUP BY ALL ORDER BY {keys} NULLS LAST"
        )
        frame = self._frame(table, self._arrow(table, sql, params))
        return frame.astype({name: "int64" for name in (ROW_COUNT, *also)})

    def distinct(self, table, columns, where=EVERY) -> pd.DataFrame:
        params: list[Any] = []
        keys = ", ".join(_quote(c) for c in columns)
        sql = (
            f"SELECT DISTINCT {keys} FROM {self._source(table)} "
            f"WHERE {to_sql(where, params)} ORDER BY {keys} NULLS LAST"
        )
        return self._frame(table, self._arrow(table, sql, params))

    def bounds(self, table, column, where=EVERY):
        params: list[Any] = []
        name = _quote(column)
        sql = (
            f"SELECT min({name}) AS lo, max({name}) AS hi FROM {self._source(table)} "
            f"WHERE {to_sql(where, params)}"
        )
        result = self._arrow(table, sql, params)
        lo, hi = result.column("lo")[0].as_py(), result.column("hi")[0].as_py()
        return None if lo is None else (lo, hi)


def tally(counts: pd.DataFrame, where: Where, column: str = ROW_COUNT) -> int:
    """How many rows meet `where`, from a `Store.counts` frame grouped by every column `where`
    reads (no scan of the table: the mask runs over the groups)."""
    return tallies(counts, where, (column,))[0]


def tallies(counts: pd.DataFrame, where: Where, columns: Sequence[str]) -> list[int]:
    """`tally` of several count columns of the same groups (one mask)."""
    missing = where.columns() - set(counts.columns)
    if missing:
        raise ValueError(f"the counts are not grouped by {sorted(missing)}")
    if counts.empty:
        return [0 for _ in columns]
    kept = _mask_array(where, counts)
    return [int(counts[c].to_numpy(dtype="int64", na_value=0)[kept].sum()) for c in columns]


# --- a lazy selection of rows -----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Rows:
    """The rows of `table` that meet `where`, in `store`: counted and paged without loading them
    (`frame()` loads them all: for downloads, on click). Counts are kept once asked."""

    store: Store
    table: str
    where: Where = EVERY
    _counts: dict = field(default_factory=dict, repr=False)

    @staticmethod
    def of(frame: pd.DataFrame, table: str, where: Where = EVERY) -> Rows:
        """The rows of an in-memory frame (tests, small tables)."""
        return Rows(FrameStore({table: frame}), table, where)

    def with_counts(self, known: Mapping[Where, int]) -> Rows:
        """The same rows with counts already known (`{EVERY: n, condition: m}`), e.g. from a
        `Store.counts` frame through `tally`, so that counting them needs no scan."""
        return Rows(self.store, self.table, self.where, {**self._counts, **known})

    def __len__(self) -> int:
        return self.count()

    @property
    def empty(self) -> bool:
        return self.count() == 0

    @cached_property
    def columns(self) -> list[str]:
        return self.store.columns(self.table)

    def count(self, also: Where = EVERY) -> int:
        """How many rows (that also meet `also`, when given)."""
        if also not in self._counts:
            self._counts[also] = self.store.count(self.table, self.where & also)
        return self._counts[also]

    def page(self, start: int, size: int) -> pd.DataFrame:
        return self.store.rows(self.table, self.where, limit=size, offset=start)

    def frame(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        return self.store.rows(self.table, self.where, columns)

    def narrowed(self, also: Where) -> Rows:
        return Rows(self.store, self.table, self.where & also)
