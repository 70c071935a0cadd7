from __future__ import annotations

import pytest

from dashboard_core.importers import ImportFileError, read
from tests.importers.samples import ACLED_AGG_CSV, ACLED_CSV, write


def test_event_export_with_bom_mixed_date_formats_and_line_breaks(tmp_path):
    result = read(write(tmp_path, "2024-01-01-acled.csv", ACLED_CSV))
    rows = result.frames["incidents"]
    assert result.report.format.name == "acled-events"
    assert result.report.rows_read == 3 and len(rows) == 2
    assert rows["country_iso3"].tolist() == ["KGZ", "TJK"]
    assert rows["event_type"].tolist() == ["armed_clash", "armed_clash"]
    assert rows["fatalities_min"].tolist() == [3, 10]
    assert not rows["raw_download_allowed"].any()
    assert rows["locator"].tolist() == ["row 2", "row 3"]
    assert "line break" in rows["source_notes"].iloc[0]
    assert not result.source.format.raw_rows_downloadable
    assert "ACLED" in result.source.as_row()["attribution"]
    assert any("raw-row downloads" in n for n in result.report.notes)


def test_second_date_format_in_a_batch_must_parse(tmp_path):
    bad = ACLED_CSV.replace("16 September 2022", "2022/13/45")
    with pytest.raises(ImportFileError, match="column 'event_date'"):
        read(write(tmp_path, "bad.csv", bad))


def test_latitude_out_of_range_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match="row 2, column 'latitude'.*-90 and 90"):
        read(write(tmp_path, "bad.csv", ACLED_CSV.replace("39.95", "139.95")))


def test_hdx_aggregates_keep_the_finest_level_and_check_it_against_the_coarser(tmp_path):
    result = read(write(tmp_path, "agg.csv", ACLED_AGG_CSV))
    rows = result.frames["incidents"]
    assert result.report.format.name == "acled-hdx-aggregated"
    assert rows["admin1"].tolist() == ["Kabul", "Kunar"]
    assert rows["event_count"].tolist() == [4, 3]
    checks = {r.label: r for r in result.report.reconciliations}
    assert checks["fatalities, AFG: the file's coarser rows vs its finest"].ok
    assert checks["events, AFG: the file's coarser rows vs its finest"].ok


def test_hdx_aggregates_in_a_workbook_one_sheet_per_region(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for region in ("Asia-Pacific", "Middle East"):
        sheet = book.create_sheet(region)
        for line in ACLED_AGG_CSV.splitlines():
            sheet.append(line.split(","))
    path = tmp_path / "acled_agg.xlsx"
    book.save(path)
    result = read(path)
    assert result.report.rows_read == 6
    assert result.frames["incidents"]["locator"].str.startswith("sheet ").all()


def test_formula_cell_is_refused(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "HRP"
    for line in ACLED_AGG_CSV.splitlines():
        sheet.append(line.split(","))
    sheet["L3"] = "=1+2"
    path = tmp_path / "formula.xlsx"
    book.save(path)
    with pytest.raises(ImportFileError, match=r"sheet HRP!row 3, column 'events'.*formula"):
        read(path)
