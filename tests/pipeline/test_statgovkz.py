"""stat.gov.kz editions 2019-2023 read from ../shared/realdata: the latest edition wins per year,
cells reconciled by hand, unknown names refused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard_core.data.paths import DEFAULT_REALDATA
from dashboard_core.pipeline import statgovkz
from dashboard_core.pipeline.partners import UnmappedPartnerError

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"

if not DEFAULT_REALDATA.is_dir():
    pytest.skip(f"publisher files not found at {DEFAULT_REALDATA}", allow_module_level=True)


@pytest.fixture(scope="module")
def kaz() -> pd.DataFrame:
    return statgovkz.load_statgovkz_trade(DEFAULT_REALDATA, RAW)


def _one(kaz: pd.DataFrame, partner: str, flow: str, year: int) -> pd.Series:
    rows = kaz[(kaz["partner_iso3"] == partner) & (kaz["flow"] == flow) & (kaz["year"] == year)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_turnover_with_afghanistan_2023_matches_cell_b71(kaz: pd.DataFrame) -> None:
    # edition 2023, sheet "2023", row 71 "Афганистан": B71 636510.41841, D71 615131.0118,
    # F71 21379.40661 (thousand USD)
    turnover = _one(kaz, "AFG", "turnover", 2023)
    assert turnover["value_original"] == pytest.approx(636510.41841)
    assert turnover["locator"] == "statgovkz-2023#2023!B71"
    assert _one(kaz, "AFG", "export", 2023)["value_original"] == pytest.approx(615131.0118)
    assert _one(kaz, "AFG", "import", 2023)["value_original"] == pytest.approx(21379.40661)


def test_each_year_comes_from_its_latest_edition(kaz: pd.DataFrame) -> None:
    editions = {y: set(g) for y, g in kaz.groupby("year")["source_id"]}
    assert editions == {
        2018: {"statgovkz-2019"},
        2019: {"statgovkz-2020"},
        2020: {"statgovkz-2021"},
        2021: {"statgovkz-2022"},
        2022: {"statgovkz-2023"},
        2023: {"statgovkz-2023"},
    }


def test_a_revised_figure_is_taken_from_the_later_edition(kaz: pd.DataFrame) -> None:
    # Armenia, imports 2020: 7829.1 in edition 2020, revised to 7829.06387 in edition 2021
    row = _one(kaz, "ARM", "import", 2020)
    assert row["value_original"] == pytest.approx(7829.06387)
    assert row["source_id"] == "statgovkz-2021"


def test_cover_and_methodology_sheets_are_ignored() -> None:
    path = DEFAULT_REALDATA / statgovkz.FILE_PATTERN.format(edition=2023)
    sheets = statgovkz.figure_sheets(path)
    assert {name: year for name, (year, _) in sheets.items()} == {"2022": 2022, "2023": 2023}


def test_turnover_is_published_and_equals_exports_plus_imports(kaz: pd.DataFrame) -> None:
    wide = kaz.pivot_table(index=["partner_iso3", "year"], columns="flow", values="value_original")
    both = wide.dropna()
    # equal up to the last printed digit (2018 is printed to 0.1 thousand)
    assert (both["export"] + both["import"] - both["turnover"]).abs().max() <= 0.1 + 1e-9


def test_empty_cells_are_gaps(kaz: pd.DataFrame) -> None:
    assert kaz["value_original"].notna().all()
    # Niue 2019: imports only (turnover 0.05348 = imports; no export figure)
    assert kaz[(kaz["partner_iso3"] == "NIU") & (kaz["year"] == 2019)]["flow"].tolist() == [
        "import",
        "turnover",
    ]


def test_an_unknown_name_names_file_sheet_and_row(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    table = pd.read_csv(RAW / "reference" / "trade_partner_names.csv", keep_default_na=False)
    table = table[table["name"] != "Афганистан"]
    table.to_csv(raw / "reference" / "trade_partner_names.csv", index=False)
    with pytest.raises(UnmappedPartnerError, match=r"by_country_2023.xls, sheet 2023, row 71"):
        statgovkz.load_statgovkz_trade(DEFAULT_REALDATA, raw)
