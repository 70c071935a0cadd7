"""UCDP/PRIO Armed Conflict Dataset copy: the quirks of the re-saved file, and the rows the
dashboard shows beside the Kyrgyz-Tajik border clashes."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.data.paths import DEFAULT_REALDATA
from dashboard_core.pipeline import ucdp

if not DEFAULT_REALDATA.is_dir():
    pytest.skip(f"publisher files not found at {DEFAULT_REALDATA}", allow_module_level=True)


@pytest.fixture(scope="module")
def conflicts() -> pd.DataFrame:
    return ucdp.load_conflicts(DEFAULT_REALDATA)


def test_semicolon_separated_file_reads_into_columns() -> None:
    raw = ucdp.read_raw(DEFAULT_REALDATA)
    assert len(raw) == 77 and "gwno_loc" in raw.columns


def test_day_month_year_dates() -> None:
    assert ucdp.parse_dmy("12-8-2024", "x") == pd.Timestamp(2024, 8, 12)
    assert ucdp.parse_dmy("1-5-2021", "x") == pd.Timestamp(2021, 5, 1)
    assert ucdp.parse_dmy("", "x") is None
    with pytest.raises(ValueError, match="not d-m-yyyy"):
        ucdp.parse_dmy("2021-05-01", "line 3")


def test_list_cells_lose_stray_spaces_and_trailing_commas() -> None:
    assert ucdp.split_cell("Harakat , Hizb-i Islami, Jabha ,") == [
        "Harakat",
        "Hizb-i Islami",
        "Jabha",
    ]
    assert ucdp.split_cell(" Government of Uzbekistan") == ["Government of Uzbekistan"]
    assert ucdp.split_cell("2, 200, 700") == ["2", "200", "700"]


def test_kyrgyz_tajik_border_conflict_2021_and_2022(conflicts: pd.DataFrame) -> None:
    rows = conflicts[conflicts["conflict_id"] == "13324"].set_index("year")
    assert list(rows.index) == [2021, 2022]
    assert set(rows["location_iso3"]) == {"TJK;KGZ"}
    assert set(rows["type_of_conflict"]) == {"interstate"}
    assert set(rows["intensity_level"]) == {1}
    assert rows.loc[2021, "territory_name"] == "Common Border"
    assert rows.loc[2021, "start_date2"] == pd.Timestamp(2021, 5, 1)
    assert rows.loc[2022, "ep_end_date"] == pd.Timestamp(2022, 9, 18)
    assert rows.loc[2021, "locator"] == "ucdp-acd-v25.1#L3"


def test_side_names_keep_no_leading_space(conflicts: pd.DataFrame) -> None:
    tajik_civil_war = conflicts[(conflicts["conflict_id"] == "395") & (conflicts["year"] == 1992)]
    assert tajik_civil_war["side_a_2nd"].iloc[0] == "Government of Uzbekistan"
    assert tajik_civil_war["side_b"].iloc[0] == "PFT;UTO"


def test_every_location_code_maps(conflicts: pd.DataFrame) -> None:
    codes = {c for cell in conflicts["location_iso3"] for c in cell.split(";")}
    assert {"AFG", "TJK", "KGZ", "UZB", "PAK"} <= codes
    assert conflicts["intensity_level"].isin([1, 2]).all()
