from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.cli import main
from dashboard_core.importers import ImportFileError, store
from dashboard_core.importers.commandline import ProgressBar
from tests.importers.samples import ACLED_CSV, UNHCR_DATAFINDER, write


def test_add_list_remove_layers(tmp_path, data_dir):
    path = write(tmp_path, "pop.csv", UNHCR_DATAFINDER)
    layer, report = store.add_layer(path)
    assert layer.folder == data_dir / "imported" / layer.id
    rows = pd.read_parquet(layer.folder / "displacement.parquet")
    assert len(rows) == report.rows_kept == 7
    assert layer.source["sha256"] and layer.source["kind"] == "imported_file"
    with pytest.raises(store.LayerExistsError):
        store.add_layer(path)
    other, _ = store.add_layer(write(tmp_path, "acled.csv", ACLED_CSV))
    assert [x.id for x in store.list_layers()] == sorted([layer.id, other.id])
    store.remove_layer(layer.id)
    assert [x.id for x in store.list_layers()] == [other.id]
    assert not (data_dir / "clean").exists()


def test_a_failed_import_leaves_nothing(tmp_path, data_dir):
    good, _ = store.add_layer(write(tmp_path, "pop.csv", UNHCR_DATAFINDER))
    before = sorted(p.name for p in (data_dir / "imported").iterdir())
    bad = UNHCR_DATAFINDER + "2024,Afghanistan,AFG,Tajikistan,TJK,many,1,-,-,-,-,-,-,-\n"
    with pytest.raises(ImportFileError):
        store.add_layer(write(tmp_path, "bad.csv", bad))
    assert sorted(p.name for p in (data_dir / "imported").iterdir()) == before
    assert store.list_layers()[0].id == good.id


def test_remove_refuses_paths_and_unknown_ids(data_dir):
    with pytest.raises(KeyError):
        store.remove_layer("../clean")
    with pytest.raises(KeyError):
        store.remove_layer("imp-000000000000")


def test_command_line_dry_run_and_layers(tmp_path, data_dir, capsys):
    path = write(tmp_path, "pop.csv", UNHCR_DATAFINDER)
    assert main(["import", "--dry-run", str(path)]) == 0
    out = capsys.readouterr().out
    assert "rows read     4" in out and "dry run: nothing written" in out
    assert not (data_dir / "imported").exists()
    assert main(["import", str(path)]) == 0
    assert "added as layer imp-" in capsys.readouterr().out
    assert main(["import", "--list"]) == 0
    layer_id = capsys.readouterr().out.split()[0]
    bad = write(tmp_path, "junk.csv", "a,b\n1,2\n")
    assert main(["import", str(bad)]) == 1
    assert "REFUSED junk.csv" in capsys.readouterr().err
    assert main(["import", "--remove", layer_id]) == 0


def test_progress_bar_draws_on_a_terminal():
    class Tty:
        text = ""

        def isatty(self):
            return True

        def write(self, s):
            self.text += s

        def flush(self):
            pass

    tty = Tty()
    bar = ProgressBar("file.csv", stream=tty)
    bar(50, 100)
    assert "50%" in tty.text
