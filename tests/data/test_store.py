"""The store: DuckDB over the clean Parquet files answers exactly what pandas answers on the
loaded table (rows, order, types, counts), conditions hold the same rules in SQL and in pandas,
and a broken file is a `DatasetUnavailable`, as with `loading.load_table`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard_core.data import loading, paths, preference
from dashboard_core.data import store as s
from dashboard_core.data.contract import TABLE_COLUMNS
from dashboard_core.data.filters import Filters, apply_filters, store_where
from dashboard_core.data.store import DuckStore, FrameStore, Rows
from dashboard_core.trade import figures, yearly

needs_data = pytest.mark.skipif(
    not (paths.clean_dir() / "trade.parquet").exists(), reason="data/clean is not built"
)

CONDITIONS = {
    "every": s.EVERY,
    "annual rows": figures.ANNUAL_ROWS,
    "eligible": preference.ELIGIBLE_TRADE,
    "relevant": yearly.RELEVANT_ROWS,
    "no usd": figures.NO_USD,
    "months or undated": s.period_in(("month", "undated")),
    "partial": s.period_in(("partial",)),
    "not a focus reporter": ~s.isin("reporter_iso3", ("KAZ", "UZB")),
    "null commodity": s.isin("commodity", (None,)),
    "nothing": s.isin("reporter_iso3", ()),
    "uzbek exports": figures.selection_where(("UZB",), (), "export"),
    "turnover with partners": figures.selection_where(("KAZ", "TJK"), ("CHN", "AFG"), "turnover"),
    "imports, targets": figures.selection_where(("TKM",), (), "import", ("target",)),
    "shared filters": store_where("trade", Filters(("KGZ", "AFG"), (2005, 2019))),
}


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return loading.load_table("trade")


@pytest.fixture(scope="module")
def duck() -> DuckStore:
    return DuckStore(paths.clean_dir())


@needs_data
@pytest.mark.parametrize("name", list(CONDITIONS))
def test_duckdb_rows_are_the_pandas_rows(name, trade, duck):
    where = CONDITIONS[name]
    expected = trade[where.mask(trade)].reset_index(drop=True)
    got = duck.rows("trade", where)
    pd.testing.assert_frame_equal(got, expected)  # same rows, same order, same types
    assert duck.count("trade", where) == len(expected)
    assert FrameStore({"trade": trade}).count("trade", where) == len(expected)


@needs_data
def test_columns_pages_and_counts(trade, duck):
    where = CONDITIONS["uzbek exports"]
    expected = trade[where.mask(trade)].reset_index(drop=True)
    columns = ["reporter_iso3", "year", "value_usd", "period_start"]
    pd.testing.assert_frame_equal(duck.rows("trade", where, columns), expected[columns])
    page = duck.rows("trade", where, limit=7, offset=3)
    pd.testing.assert_frame_equal(page, expected.iloc[3:10].reset_index(drop=True))
    by = ["reporter_iso3", "flow", "year"]
    also = {"no_usd": figures.NO_USD, "months": s.period_in(("month",))}
    frames = FrameStore({"trade": trade})
    pd.testing.assert_frame_equal(
        duck.counts("trade", by, where, also), frames.counts("trade", by, where, also)
    )
    pd.testing.assert_frame_equal(
        duck.distinct("trade", ["flow", "measure"]), frames.distinct("trade", ["flow", "measure"])
    )
    assert duck.bounds("trade", "year") == (trade["year"].min(), trade["year"].max())
    assert duck.bounds("trade", "year", s.isin("reporter_iso3", ())) is None


@needs_data
def test_a_tally_counts_like_the_store(trade, duck):
    counts = duck.counts("trade", figures.TALLY_COLUMNS, also={"no_usd": figures.NO_USD})
    for name in ("uzbek exports", "turnover with partners", "shared filters", "nothing"):
        where = CONDITIONS[name]
        assert s.tally(counts, where) == duck.count("trade", where)
        assert s.tally(counts, where, "no_usd") == duck.count("trade", where & figures.NO_USD)
    with pytest.raises(ValueError, match="not grouped by"):
        s.tally(counts, figures.NO_USD)


@needs_data
def test_a_tally_over_categorical_groups_counts_like_one_over_plain_ones(trade, duck):
    counts = duck.counts("trade", figures.TALLY_COLUMNS, also={"no_usd": figures.NO_USD})
    codes = [c for c in figures.TALLY_COLUMNS if c != "year"]
    categorical = counts.astype({c: "category" for c in codes})
    gaps = s.isin("partner_iso3", ("AFG", None))  # a gap asked for counts its own rows
    for where in [*(CONDITIONS[n] for n in ("uzbek exports", "turnover with partners")), gaps]:
        assert s.tallies(categorical, where, (s.ROW_COUNT, "no_usd")) == s.tallies(
            counts, where, (s.ROW_COUNT, "no_usd")
        )
        assert categorical[where.mask(categorical)].index.equals(counts[where.mask(counts)].index)


@needs_data
def test_early_and_late_pages_read_the_same_rows(trade, duck):
    where = CONDITIONS["shared filters"]
    expected = trade[where.mask(trade)].reset_index(drop=True)
    late = s.PAGER_ROWS + 1  # past the rows the one-thread connection reads
    for offset in (0, 40, late):
        page = duck.rows("trade", where, limit=25, offset=offset)
        pd.testing.assert_frame_equal(
            page, expected.iloc[offset : offset + 25].reset_index(drop=True)
        )


def test_values_are_bound_never_written_into_the_sql():
    params: list = []
    sql = s.to_sql(s.isin("reporter_iso3", ("x') OR TRUE --", None)), params)
    assert "OR TRUE" not in sql and params == ["x') OR TRUE --"]
    assert "IS NULL" in sql
    assert s.to_sql(s.isin("flow", ()), []) == "FALSE"


def test_numpy_values_from_a_frame_are_bound_as_python_values(trade, duck):
    years = trade["year"].dropna().astype(int).unique()[:3]  # numpy int64, as a frame gives them
    where = s.isin("year", years) & s.between("year", years.min(), years.max())
    assert all(type(v) is int for v in where.parts[0].values + where.parts[1].values)
    assert duck.count("trade", where) == int(where.mask(trade).sum()) > 0


def _write(path: Path, frame: pd.DataFrame) -> None:
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)


def test_period_kinds_agree_on_edge_cases(tmp_path):
    t = pd.Timestamp
    frame = pd.DataFrame(
        {
            "period_start": [
                t("2020-01-01"),
                t("2020-02-01"),
                t("2021-02-01"),
                t("2020-01-01"),
                t("2019-01-01"),
                pd.NaT,
                t("2020-03-05"),
                t("2020-12-01"),
            ],
            "period_end": [
                t("2020-12-31"),
                t("2020-02-29"),
                t("2021-02-28"),
                t("2020-06-30"),
                t("2020-12-31"),
                t("2020-12-31"),
                t("2020-03-05"),
                t("2020-12-31"),
            ],
        }  # fmt: skip
    )
    clean = tmp_path / "clean"
    clean.mkdir()
    frame = frame.assign(**{c: None for c in TABLE_COLUMNS["population"]})
    _write(clean / "population.parquet", frame)
    duck = DuckStore(clean)
    for kind in s.PERIOD_KINDS:
        where = s.period_in((kind,))
        got = duck.rows("population", where, ["period_start", "period_end"])
        expected = frame.loc[where.mask(frame), ["period_start", "period_end"]]
        assert got["period_start"].tolist() == expected["period_start"].tolist(), kind
    with pytest.raises(ValueError, match="unknown period kind"):
        s.period_in(("quarter",))


@needs_data
def test_a_broken_file_is_unavailable(tmp_path):
    clean = tmp_path / "clean"
    clean.mkdir()
    duck = DuckStore(clean)
    with pytest.raises(loading.DataNotBuiltError):
        duck.count("trade")
    source = paths.clean_dir() / "trade.parquet"
    (clean / "trade.parquet").write_bytes(source.read_bytes()[: source.stat().st_size // 3])
    with pytest.raises(loading.DatasetUnavailable) as error:
        duck.count("trade")
    assert error.value.dataset == "trade" and "validate" in str(error.value)
    whole = pq.read_table(source)
    pq.write_table(whole.drop(["value_usd"]), clean / "trade.parquet")
    with pytest.raises(loading.DatasetUnavailable, match="value_usd"):
        duck.rows("trade")
    shutil.copy2(source, clean / "trade.parquet")  # repaired: read again
    assert duck.count("trade") == whole.num_rows


@needs_data
def test_rows_count_page_and_load_lazily(trade, duck):
    where = CONDITIONS["shared filters"]
    rows = Rows(duck, "trade", where)
    expected = apply_filters(trade, "trade", Filters(("KGZ", "AFG"), (2005, 2019)))
    assert len(rows) == len(expected) and not rows.empty
    pd.testing.assert_frame_equal(rows.frame(), expected.reset_index(drop=True))
    pd.testing.assert_frame_equal(rows.page(2, 3), expected.iloc[2:5].reset_index(drop=True))
    narrowed = rows.narrowed(s.equals("flow", "export"))
    assert len(narrowed) == int((expected["flow"] == "export").sum())
    assert len(rows.with_counts({s.EVERY: 99})) == 99  # a known count needs no scan
    assert Rows.of(trade, "trade", s.isin("reporter_iso3", ())).empty


@needs_data
def test_a_layered_store_answers_like_the_whole_table_in_memory(trade, duck):
    """Imported rows beside the clean table (a LayeredStore) give the same rows, pages, counts,
    distinct values and bounds as one frame holding both."""
    extra = trade[trade["reporter_iso3"] == "UZB"].head(40).assign(year=2031)
    layered = s.LayeredStore(duck, {"trade": extra})
    whole = FrameStore({"trade": pd.concat([trade, extra], ignore_index=True)})
    for name in ("uzbek exports", "shared filters", "nothing"):
        where = CONDITIONS[name]
        pd.testing.assert_frame_equal(
            layered.rows("trade", where), whole.rows("trade", where), check_dtype=False
        )
        assert layered.count("trade", where) == whole.count("trade", where)
    every = s.EVERY
    in_base = duck.count("trade")
    page = layered.rows("trade", every, limit=10, offset=in_base - 4)
    pd.testing.assert_frame_equal(
        page, whole.rows("trade", every, limit=10, offset=in_base - 4), check_dtype=False
    )
    by = ["reporter_iso3", "year"]
    pd.testing.assert_frame_equal(
        layered.counts("trade", by), whole.counts("trade", by), check_dtype=False
    )
    assert layered.bounds("trade", "year")[1] == 2031
    assert 2031 in set(layered.distinct("trade", ["year"])["year"])
    assert s.LayeredStore(duck, {}).count("trade") == in_base


def test_a_store_names_the_version_of_a_table(tmp_path):
    """`version` changes when the file is written again (derived results are keyed by it)."""
    import os

    frame = pd.DataFrame({"a": [1, 2]})
    assert FrameStore({"t": frame}).version("t") == 0
    clean = tmp_path / "clean"
    clean.mkdir()
    duck = DuckStore(clean)
    assert duck.version("trade") == 0  # not built
    path = clean / "trade.parquet"
    path.write_bytes(b"x")
    os.utime(path, ns=(1, 1_000_000_000))
    first = duck.version("trade")
    os.utime(path, ns=(1, 2_000_000_000))
    assert first != duck.version("trade") and first != 0
    layered = s.LayeredStore(duck, {"trade": frame})
    assert layered.version("trade") == duck.version("trade")
