"""scripts/bench_scale.py: the synthetic data folder keeps the contract and says it is synthetic."""

from __future__ import annotations

import json

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from dashboard_core.data.validate import validate
from tests.helpers import script_module

bench = script_module("bench_scale")
EXTRA = 2500


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    embedded = pq.read_metadata(bench.DATA_DIR / "clean" / "trade.parquet").num_rows
    out = tmp_path_factory.mktemp("scale") / "data"
    made = bench.write_synthetic(embedded + EXTRA, out)
    assert made["synthetic"] == EXTRA
    return out


def test_synthetic_folder_validates_against_the_contract(folder):
    """Schemas and references hold; the one problem left is the share of trusted rows, which
    the synthetic rows (verification 'reported') rightly bring under the 95% a build needs."""
    report = validate(folder / "clean")
    others = [p for p in report.problems if "official_release or seed_verified" not in p]
    assert not others, others
    assert report.trusted_share < 0.95


def test_every_synthetic_row_is_marked_as_such(folder):
    trade = pq.read_table(folder / "clean" / "trade.parquet")
    synthetic = trade.filter(pc.equal(trade["source_id"], bench.SOURCE_ID))
    assert synthetic.num_rows == EXTRA
    assert pc.all(pc.starts_with(synthetic["locator"], "synthetic row ")).as_py()
    assert set(synthetic["verification"].to_pylist()) == {"reported"}
    assert set(synthetic["note"].to_pylist()) == {bench.NOTE}
    sources = pq.read_table(folder / "clean" / "sources.parquet").to_pylist()
    (row,) = [s for s in sources if s["source_id"] == bench.SOURCE_ID]
    assert row["title"].startswith("SYNTHETIC")
    package = json.loads((folder / "datapackage.json").read_text())
    assert package["version"].startswith("synthetic-") and "SYNTHETIC" in package["title"]


def test_synthetic_rows_have_one_row_per_key_and_no_self_trade(folder):
    trade = pq.read_table(folder / "clean" / "trade.parquet").to_pandas()
    rows = trade[trade["source_id"] == bench.SOURCE_ID]
    key = ["reporter_iso3", "partner_iso3", "flow", "commodity", "period_start"]
    assert not rows.duplicated(key).any()
    assert not (rows["reporter_iso3"] == rows["partner_iso3"]).any()
    assert (rows["period_end"] > rows["period_start"]).all()
    assert (rows["year"] == rows["period_start"].dt.year).all()


def test_embedded_rows_are_kept_as_they_are(folder):
    embedded = pq.read_table(bench.DATA_DIR / "clean" / "trade.parquet")
    written = pq.read_table(folder / "clean" / "trade.parquet")
    assert written.slice(0, embedded.num_rows).equals(embedded)
    assert written.schema.equals(embedded.schema, check_metadata=True)


def test_never_writes_into_data(tmp_path):
    for target in (bench.DATA_DIR, bench.DATA_DIR / "clean" / "x", bench.DATA_DIR.parent):
        with pytest.raises(ValueError, match="must not be data/"):
            bench.write_synthetic(20_000, target)
    with pytest.raises(ValueError, match="below"):
        bench.write_synthetic(10, tmp_path / "small")


def test_write_keeps_the_trade_context_beside_the_data_unless_asked_not_to(
    tmp_path, monkeypatch, capsys
):
    """As a build does: a server starting on the folder with an empty cache of its own finds
    the Trade page's whole-table figures there (tests/data/test_disk_cache.py holds them equal
    to working them out); `--no-prepare` leaves a folder no server has read before."""
    from dashboard_core.data.store import DuckStore
    from dashboard_core.trade import transforms

    monkeypatch.setenv("CAM_CACHE_DIR", "off")
    rows = str(pq.read_metadata(bench.DATA_DIR / "clean" / "trade.parquet").num_rows + 300)
    assert bench.main(["write", "--rows", rows, "--out", str(tmp_path / "prepared")]) == 0
    assert "kept the Trade context" in capsys.readouterr().out
    store = DuckStore(tmp_path / "prepared" / "clean")
    assert transforms._prepared(store.file("trade")) is not None

    bare = tmp_path / "bare"
    assert bench.main(["write", "--rows", rows, "--out", str(bare), "--no-prepare"]) == 0
    assert not (bare / "derived").exists()
    assert transforms._prepared(DuckStore(bare / "clean").file("trade")) is None
