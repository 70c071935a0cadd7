"""The command line says what is wrong and where, never with a traceback, and a failed build
leaves the served data as it was."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard_core.cli import main
from dashboard_core.data import loading, paths

pytestmark = pytest.mark.skipif(
    not (paths.clean_dir() / "trade.parquet").exists(), reason="data/clean is not built"
)


def served_copy(dest: Path) -> Path:
    shutil.copytree(paths.clean_dir(), dest / "clean")
    shutil.copy2(paths.datapackage_path(), dest / "datapackage.json")
    return dest


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 3])


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return h.hexdigest()


def test_validate_reports_every_broken_file_without_a_traceback(tmp_path, capsys) -> None:
    data = served_copy(tmp_path)
    truncate(data / "clean" / "trade.parquet")
    (data / "clean" / "events.parquet").unlink()
    (data / "clean" / "corridors.geojson").write_text('{"type": ', encoding="utf-8")
    assert main(["validate", "--data-dir", str(data)]) == 1
    out = capsys.readouterr().out
    assert "trade.parquet: the file cannot be read" in out
    assert "events.parquet is missing" in out
    assert "corridors.geojson: the file cannot be read" in out
    assert "3 problem(s)" in out and "Traceback" not in out
    assert "displacement" in out, "the readable tables are still checked"


@pytest.mark.parametrize("table", loading.TABLE_NAMES)
def test_validate_survives_each_table_corrupted_in_turn(table, tmp_path, capsys) -> None:
    data = served_copy(tmp_path)
    truncate(data / "clean" / f"{table}.parquet")
    assert main(["validate", "--data-dir", str(data)]) == 1
    out = capsys.readouterr().out
    assert f"{table}.parquet: the file cannot be read" in out


def test_validate_names_file_row_and_column(tmp_path, capsys) -> None:
    data = served_copy(tmp_path)
    events = pd.read_parquet(data / "clean" / "events.parquet")
    events.loc[2, "countries"] = "KAZ;XYZ"
    events.to_parquet(data / "clean" / "events.parquet", index=False)
    assert main(["validate", "--data-dir", str(data)]) == 1
    assert "events.parquet, row 3, column 'countries': 'XYZ'" in capsys.readouterr().out


@pytest.mark.skipif(not paths.DEFAULT_REALDATA.is_dir(), reason="no publisher files")
def test_a_build_refused_for_an_unknown_source_leaves_the_data_as_it_was(tmp_path, capsys) -> None:
    data = served_copy(tmp_path)
    shutil.copytree(paths.raw_dir(), data / "raw")
    seeds = data / "raw" / "trade" / "seeds.csv"
    rows = pd.read_csv(seeds, dtype=str, keep_default_na=False)
    rows.loc[0, "source_id"] = "no-such-source"
    rows.to_csv(seeds, index=False)
    before = digest(data / "clean") + digest(data / "datapackage.json")
    realdata = str(paths.DEFAULT_REALDATA)
    assert main(["build", "--data-dir", str(data), "--realdata", realdata]) == 2
    err = capsys.readouterr().err
    assert "trade/seeds.csv, row 2, column 'source_id': 'no-such-source' names no source" in err
    assert "left as they were" in err
    assert digest(data / "clean") + digest(data / "datapackage.json") == before


def test_an_unexpected_error_is_one_line_not_a_traceback(tmp_path, capsys, monkeypatch) -> None:
    import dashboard_core.data.validate as validate

    monkeypatch.setattr(validate, "validate", lambda _: 1 / 0)
    assert main(["validate", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "validate failed: ZeroDivisionError" in err and "Traceback" not in err


def test_prepare_keeps_the_trade_figures_beside_the_data_and_says_where(tmp_path, capsys):
    data = served_copy(tmp_path / "data")
    assert main(["prepare", "--data-dir", str(data)]) == 0
    assert str(data / "derived") in capsys.readouterr().out
    assert len(list((data / "derived").glob("trade-context-*"))) == 1


def test_prepare_without_a_trade_file_says_so_in_words(tmp_path, capsys):
    (tmp_path / "data" / "clean").mkdir(parents=True)
    assert main(["prepare", "--data-dir", str(tmp_path / "data")]) == 1
    err = capsys.readouterr().err
    assert "trade.parquet" in err and "Traceback" not in err
    assert not (tmp_path / "data" / "derived").exists()


def test_prepare_on_an_unreadable_trade_file_says_so_in_words(tmp_path, capsys):
    data = served_copy(tmp_path / "data")
    truncate(data / "clean" / "trade.parquet")
    assert main(["prepare", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "not kept" in err and "Traceback" not in err
