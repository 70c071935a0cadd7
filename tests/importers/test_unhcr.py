from __future__ import annotations

import pytest

from dashboard_core.importers import ImportFileError, detect, read
from tests.importers.samples import UNHCR_DATAFINDER, UNHCR_TRIMMED, write


def test_data_finder_download_with_preamble_curly_apostrophe_and_typo(tmp_path):
    path = write(tmp_path, "anything.txt", UNHCR_DATAFINDER)
    assert detect(path).name == "unhcr-datafinder"
    result = read(path)
    rows = result.frames["displacement"]
    assert result.report.rows_read == 4
    # AFG->TJK refugees and asylum seekers, AFG->DEU both, AFG->KAZ three; SYR->DEU outside.
    assert result.report.rows_kept == len(rows) == 7
    assert result.report.set_aside["outside the region (KAZ, KGZ, TJK, TKM, UZB, AFG)"].count == 2
    tjk = rows[(rows.location_iso3 == "TJK") & (rows.population_type == "refugees")]
    assert tjk["value"].tolist() == [7087.0] and tjk["locator"].tolist() == ["row 5"]
    assert set(rows["verification"]) == {"imported"}
    assert rows.loc[rows.location_iso3 == "KAZ", "population_type"].tolist() == [
        "refugees", "asylum_seekers", "other_in_need",
    ]  # fmt: skip
    assert all(r.ok for r in result.report.reconciliations)
    assert result.source.as_row()["licence"].startswith("CC BY 4.0")
    assert len(result.source.sha256) == 64


def test_trimmed_export_maps_names_to_iso3_and_sets_unknown_names_aside(tmp_path):
    result = read(write(tmp_path, "trimmed.csv", UNHCR_TRIMMED))
    rows = result.frames["displacement"]
    assert set(rows["location_iso3"]) == {"TJK"}
    reasons = list(result.report.set_aside)
    assert "country name not recognised: 'Atlantis'" in reasons
    assert any("outside the region" in r for r in reasons)  # IRN -> TUR


def test_api_json_items(tmp_path):
    doc = (
        '{"page": 1, "maxPages": 1, "items": [{"year": 2024, "coo_id": 1, "coo_name": '
        '"Afghanistan", "coo": "AFG", "coo_iso": "AFG", "coa_id": 2, "coa_name": "Uzbekistan",'
        ' "coa": "UZB", "coa_iso": "UZB", "refugees": 5, "asylum_seekers": "-", "idps": 0,'
        ' "stateless": 0, "ooc": 0, "oip": 12, "hst": 0, "returned_refugees": 0,'
        ' "returned_idps": 0}]}'
    )
    result = read(write(tmp_path, "population.json", doc))
    assert result.report.format.name == "unhcr-api-json"
    rows = result.frames["displacement"]
    assert sorted(rows["population_type"]) == ["other_in_need", "refugees"]
    assert rows["locator"].tolist() == ["items[0]", "items[0]"]


def test_wrong_value_names_row_and_column(tmp_path):
    bad = UNHCR_DATAFINDER.replace("7087", "7O87")
    with pytest.raises(ImportFileError) as err:
        read(write(tmp_path, "bad.csv", bad))
    text = str(err.value)
    assert "bad.csv" in text and "row 5" in text and "Refugees under UNHCR" not in text
    assert "'refugees'" in text and "a number" in text


def test_negative_count_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match="row 5.*0 or more"):
        read(write(tmp_path, "neg.csv", UNHCR_DATAFINDER.replace("7087", "-7087")))
