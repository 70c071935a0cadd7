from __future__ import annotations

import pytest

from dashboard_core.importers import ImportFileError, read
from tests.importers.samples import UCDP_CSV, write


def test_ged_fatality_range_and_precision(tmp_path):
    result = read(write(tmp_path, "GEDEvent_v25_1.csv", UCDP_CSV))
    rows = result.frames["incidents"]
    assert result.report.format.name == "ucdp-ged"
    assert rows["fatalities_min"].tolist() == [20, 5]
    assert rows["fatalities_max"].tolist() == [30, 9]
    assert rows["fatalities_best"].tolist() == [24, 5]
    assert rows["geo_precision"].tolist() == ["place", "admin1"]
    assert rows["geo_precision_source"].tolist() == ["UCDP where_prec 1", "UCDP where_prec 4"]
    assert rows["country_iso3"].tolist() == ["KGZ", "TJK"]
    assert "where_prec 7" in " ".join(result.report.set_aside)
    assert result.source.as_row()["licence"].startswith("CC BY 4.0")


def test_best_outside_low_high_is_refused(tmp_path):
    bad = UCDP_CSV.replace(",24,30,20,", ",40,30,20,")
    with pytest.raises(ImportFileError, match="row 2, column 'best'.*low <= best <= high"):
        read(write(tmp_path, "bad.csv", bad))


def test_unknown_precision_code_is_refused(tmp_path):
    lines = UCDP_CSV.splitlines()
    lines[2] = lines[2].replace(",4,Batken,", ",9,Batken,")
    with pytest.raises(ImportFileError, match="row 3, column 'where_prec'"):
        read(write(tmp_path, "bad.csv", "\n".join(lines) + "\n"))
