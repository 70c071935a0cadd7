"""Hand-entered raw tables: problems are reported with file, row and column, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard_core.pipeline.build import read_hand_tables
from dashboard_core.pipeline.raw import RAW_REQUIRED, RawDataError, check_and_type, read_raw_table

REPO_RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


def _write(folder: Path, name: str, rows: list[dict], columns: tuple[str, ...]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=list(columns)).to_csv(folder / name, index=False)


def _trade_row(**overrides: object) -> dict:
    row = dict.fromkeys(RAW_REQUIRED["trade"], "")
    row.update(
        reporter_iso3="UZB", partner_iso3="AFG", flow="turnover", commodity="TOTAL",
        period_start="2024-01-01", period_end="2024-12-31", year="2024", measure="observed",
        value_usd="860000000", value_original="860000000", currency_original="USD",
        source_id="psm14", locator="L207", verification="seed_verified",
    )  # fmt: skip
    row.update(overrides)
    return row


def test_bad_cells_are_named_by_file_row_and_column(tmp_path: Path) -> None:
    rows = [
        _trade_row(),
        _trade_row(flow="exports", value_usd="lots"),
        _trade_row(period_start="30/09/2024", verification="official_release"),
    ]
    _write(tmp_path / "trade", "seeds.csv", rows, RAW_REQUIRED["trade"])
    frame, issues = read_raw_table("trade", tmp_path)
    assert not issues
    _, issues = check_and_type("trade", frame)
    messages = sorted(str(i) for i in issues)
    assert any("row 3, column 'flow'" in m and "'exports'" in m for m in messages)
    assert any("row 3, column 'value_usd'" in m and "not a number" in m for m in messages)
    assert any("row 4, column 'period_start'" in m and "ISO date" in m for m in messages)
    assert any("row 4, column 'verification'" in m for m in messages)
    assert all(f"{tmp_path.name}/trade/seeds.csv, row" in m for m in messages)


def test_missing_header_column_is_reported(tmp_path: Path) -> None:
    columns = tuple(c for c in RAW_REQUIRED["trade"] if c != "locator")
    _write(tmp_path / "trade", "broken.csv", [], columns)
    _, issues = read_raw_table("trade", tmp_path)
    assert len(issues) == 1 and "locator" in issues[0].message and issues[0].row == 1


def test_read_hand_tables_raises_one_error_listing_everything(tmp_path: Path) -> None:
    _write(tmp_path / "trade", "a.csv", [_trade_row(year="")], RAW_REQUIRED["trade"])
    with pytest.raises(RawDataError) as info:
        read_hand_tables(tmp_path)
    assert "column 'year'" in str(info.value) and "required" in str(info.value)


def test_the_repository_raw_tables_are_clean() -> None:
    tables = read_hand_tables(REPO_RAW)
    assert len(tables["sources"]) >= 5


def _sources(folder: Path) -> None:
    row = dict.fromkeys(RAW_REQUIRED["sources"], "")
    row.update(source_id="psm14", title="A monitor", kind="seed_document")
    _write(folder / "sources", "seeds.csv", [row], RAW_REQUIRED["sources"])


def test_a_row_naming_no_source_is_refused_with_file_row_and_column(tmp_path: Path) -> None:
    _sources(tmp_path)
    rows = [_trade_row(), _trade_row(source_id="no-such-source")]
    _write(tmp_path / "trade", "seeds.csv", rows, RAW_REQUIRED["trade"])
    with pytest.raises(RawDataError) as info:
        read_hand_tables(tmp_path)
    message = str(info.value)
    assert "trade/seeds.csv, row 3, column 'source_id': 'no-such-source' names no source" in message


def test_an_unknown_country_code_is_refused_with_file_row_and_column(tmp_path: Path) -> None:
    _sources(tmp_path)
    rows = [_trade_row(), _trade_row(), _trade_row(partner_iso3="XYZ")]
    _write(tmp_path / "trade", "seeds.csv", rows, RAW_REQUIRED["trade"])
    with pytest.raises(RawDataError) as info:
        read_hand_tables(tmp_path)
    assert "trade/seeds.csv, row 4, column 'partner_iso3': 'XYZ' is neither" in str(info.value)
