from __future__ import annotations

import json

import pytest

from dashboard_core.importers import ImportFileError, read
from tests.importers.samples import COMTRADE_CSV, COMTRADE_FIELDS, comtrade_row, write


def test_comtrade_plus_csv(tmp_path):
    result = read(write(tmp_path, "TradeData.csv", COMTRADE_CSV))
    trade = result.frames["trade"]
    report = result.report
    assert report.format.name == "comtrade-csv" and report.rows_read == 8
    kept = trade[["reporter_iso3", "partner_iso3", "flow", "commodity", "valuation"]]
    assert kept.values.tolist() == [
        ["KAZ", "AFG", "export", "TOTAL", "FOB"],
        ["KAZ", "AFG", "import", "TOTAL", "CIF"],
        ["KAZ", "AFG", "export", "1001", "FOB"],
        ["USA", "UZB", "import", "TOTAL", "CIF"],  # 842 is Comtrade's code for the USA
    ]
    monthly = trade[trade.commodity == "1001"].iloc[0]
    assert str(monthly.period_start.date()) == "2022-03-01"
    assert str(monthly.period_end.date()) == "2022-03-31"
    assert trade["value_usd"].iloc[0] == 987654321.5
    reasons = " | ".join(report.set_aside)
    assert "RM, RX" in reasons and "customs procedure" in reasons and "an area" in reasons
    assert all(r.ok for r in report.reconciliations)


def test_comtrade_api_json(tmp_path):
    names = COMTRADE_FIELDS.split(",")
    values = comtrade_row(860, "UZB", "X", 4, "AFG", "2023", "TOTAL", "1000").split(",")
    doc = {"elapsedTime": "1s", "count": 1, "data": [dict(zip(names, values, strict=True))]}
    result = read(write(tmp_path, "api.json", json.dumps(doc)))
    assert result.report.format.name == "comtrade-json"
    assert result.frames["trade"]["locator"].tolist() == ["data[0]"]


def test_bad_period_is_refused_with_row_and_column(tmp_path):
    bad = COMTRADE_CSV.replace(",202203,", ",2022-3,")
    with pytest.raises(ImportFileError) as err:
        read(write(tmp_path, "bad.csv", bad))
    assert "row 5" in str(err.value) and "'period'" in str(err.value)


def test_text_in_value_is_refused(tmp_path):
    bad = COMTRADE_CSV.replace("12345678", "lots")
    with pytest.raises(ImportFileError, match="row 3, column 'primaryValue'"):
        read(write(tmp_path, "bad.csv", bad))
