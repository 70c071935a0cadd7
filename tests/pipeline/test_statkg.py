"""stat.kg tables 4.03.00.18 / 4.03.00.20 read from ../shared/realdata: one test per quirk, and
figures reconciled with cells read by hand from the publisher files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard_core.data import contract
from dashboard_core.data.paths import DEFAULT_REALDATA
from dashboard_core.pipeline import statkg
from dashboard_core.pipeline.partners import UnmappedPartnerError

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"

if not DEFAULT_REALDATA.is_dir():
    pytest.skip(f"publisher files not found at {DEFAULT_REALDATA}", allow_module_level=True)


@pytest.fixture(scope="module")
def kgz() -> pd.DataFrame:
    return statkg.load_statkg_trade(DEFAULT_REALDATA, RAW)


def _one(kgz: pd.DataFrame, partner: str, flow: str, year: int) -> pd.Series:
    rows = kgz[(kgz["partner_iso3"] == partner) & (kgz["flow"] == flow) & (kgz["year"] == year)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_rows_follow_the_contract(kgz: pd.DataFrame) -> None:
    assert (
        tuple(kgz.columns[: len(contract.TABLE_COLUMNS["trade"])])
        == contract.TABLE_COLUMNS["trade"]
    )
    assert set(kgz["reporter_iso3"]) == {"KGZ"}
    assert set(kgz["verification"]) == {"official_release"}
    assert not kgz.duplicated(["partner_iso3", "flow", "year"]).any()
    assert kgz["year"].between(1994, 2023).all()


def test_exports_to_afghanistan_2023_match_cell_ag57(kgz: pd.DataFrame) -> None:
    # 4.03.00.18, sheet Лист1, row 57 "Afghanistan", column AG (2023): 14873.124 thousand USD
    row = _one(kgz, "AFG", "export", 2023)
    assert row["value_original"] == pytest.approx(14873.124)
    assert row["value_usd"] == pytest.approx(14_873_124)
    assert row["locator"] == "statkg-4.03.00.18#Лист1!AG57"


def test_imports_header_on_row_3_and_2023_marked_preliminary(kgz: pd.DataFrame) -> None:
    # 4.03.00.20, sheet import, row 65 "Afghanistan", column AG ("2023 1"): 4252.072
    row = _one(kgz, "AFG", "import", 2023)
    assert row["value_original"] == pytest.approx(4252.072)
    assert row["locator"] == "statkg-4.03.00.20#import!AG65"
    assert "preliminary" in row["note"]
    assert pd.isna(_one(kgz, "AFG", "import", 2022)["note"])


def test_dash_is_a_gap_not_a_zero(kgz: pd.DataFrame) -> None:
    # Andorra exports: "-" in every year but 2020 (73.39)
    andorra = kgz[(kgz["partner_iso3"] == "AND") & (kgz["flow"] == "export")]
    assert list(andorra["year"]) == [2020]


def test_group_rows_and_undefined_country_are_skipped(kgz: pd.DataFrame) -> None:
    assert not set(kgz["partner_iso3"]) & {"EU27", "WLD", "CA5"}
    assert "Total" not in set(kgz["partner_name_original"])
    assert "Undefined country" not in set(kgz["partner_name_original"])


def test_partner_rows_come_close_to_the_printed_total(kgz: pd.DataFrame) -> None:
    # Total exports 2023 (row 5, AG5) = 3384856.093 thousand. Partners + "Undefined country"
    # (448.177) give 3379889.190: the publisher's own total is 0.15% higher (its subtotals do not
    # add up either), so nothing is missing on our side beyond that.
    partners = kgz[(kgz["flow"] == "export") & (kgz["year"] == 2023)]["value_original"].sum()
    assert partners + 448.177 == pytest.approx(3379889.190, abs=0.01)
    assert partners + 448.177 == pytest.approx(3384856.093, rel=0.002)


def test_an_unknown_partner_name_stops_the_build_with_file_sheet_and_row(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    table = pd.read_csv(RAW / "reference" / "trade_partner_names.csv", keep_default_na=False)
    table = table[table["name"] != "Afghanistan"]
    table.to_csv(raw / "reference" / "trade_partner_names.csv", index=False)
    with pytest.raises(UnmappedPartnerError) as caught:
        statkg.load_statkg_trade(DEFAULT_REALDATA, raw)
    message = str(caught.value)
    assert "statkg_4.03.00.18_KGZ_exports_by_country_1994-2023_thousand_USD.xlsx" in message
    assert "sheet Лист1, row 57: 'Afghanistan'" in message
    assert "sheet import, row 65" in message


def test_header_year_with_footnote_mark_is_read(tmp_path: Path) -> None:
    frame = pd.DataFrame([[None, None, None, 1994, "2023 1"]])
    _, years = statkg.header_years(frame, tmp_path / "x.xlsx")
    assert years == {3: (1994, ""), 4: (2023, "1")}


def test_unreadable_value_names_the_cell(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="AG57: unreadable value 'n/a'"):
        statkg._value("n/a", "AG57")
    assert statkg._value("-", "AG57") is None
    assert statkg._value(0, "AG57") == 0.0
    shutil.rmtree(tmp_path)
