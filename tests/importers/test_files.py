"""Hostile files: each gets one message naming the file (and row and column where there is
one) and saying what was expected; nothing else happens."""

from __future__ import annotations

import zipfile

import pytest

from dashboard_core.importers import ImportFileError, read
from tests.importers.samples import ACLED_CSV, UNHCR_DATAFINDER, UNHCR_TRIMMED, write


def test_utf16_with_bom_is_read(tmp_path):
    result = read(write(tmp_path, "u16.csv", UNHCR_DATAFINDER, "utf-16"))
    assert result.report.rows_kept == 7
    assert "read as utf-16 text" in result.report.notes


def test_cp1251_is_refused_naming_line_field_and_encoding(tmp_path):
    text = UNHCR_TRIMMED.replace("Atlantis", "Атлантида").replace("ü", "u").replace("’", "'")
    with pytest.raises(ImportFileError) as err:
        read(write(tmp_path, "cp.csv", text, "cp1251"))
    message = str(err.value)
    assert "cp.csv: line 4, column 'field 3'" in message and "--encoding" in message


def test_latin1_read_when_stated(tmp_path):
    text = UNHCR_TRIMMED.replace("Türkiye", "Türkiye")
    path = write(tmp_path, "l1.csv", text.replace("’", "'"), "latin-1")
    with pytest.raises(ImportFileError, match="utf-8"):
        read(path)
    assert read(path, encoding="latin-1").report.rows_read == 3


def test_million_column_line_is_refused_with_its_row(tmp_path):
    text = ACLED_CSV + "," * 1_000_000 + "\n"
    with pytest.raises(ImportFileError) as err:
        read(write(tmp_path, "wide.csv", text))
    assert "wide.csv: row 5: has 1,000,001 fields (expected" in str(err.value)


def test_million_column_line_past_the_sample_is_refused_with_its_row(tmp_path):
    rows = ACLED_CSV.split("\n", 1)[1] * 3000  # about 1 MB of ordinary rows first
    text = ACLED_CSV + rows + "," * 1_000_000 + "\n"
    with pytest.raises(ImportFileError) as err:
        read(write(tmp_path, "wide.csv", text))
    assert "wide.csv: row 9005: has 1,000,001 fields (expected 31 fields" in str(err.value)


def test_unknown_layout(tmp_path):
    with pytest.raises(ImportFileError, match="unknown.csv: has a layout no importer knows"):
        read(write(tmp_path, "unknown.csv", "a,b,c\n1,2,3\n"))


def test_binary_and_empty_files(tmp_path):
    with pytest.raises(ImportFileError, match="is empty"):
        read(write(tmp_path, "empty.csv", ""))
    path = tmp_path / "bin.csv"
    path.write_bytes(b"\x00\x01\x02" * 1000)
    with pytest.raises(ImportFileError):
        read(path)


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("population.csv", b"0" * (300 * 1024 * 1024))
    with pytest.raises(ImportFileError, match="bomb.zip: .*zip bomb"):
        read(path)


def test_zipped_download_with_footnotes(tmp_path):
    path = tmp_path / "query.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("population.csv", UNHCR_DATAFINDER)
        zf.writestr("footnotes.csv", "Year,Footnote\n2023,x\n")
    result = read(path)
    assert result.report.rows_kept == 7 and any("population.csv" in n for n in result.report.notes)


def test_truncated_workbook(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["a", "b"])
    full = tmp_path / "full.xlsx"
    book.save(full)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    with pytest.raises(ImportFileError, match="cut.xlsx: .*truncated or damaged"):
        read(cut)


def test_password_protected_workbook(tmp_path):
    # An encrypted .xlsx is an OLE2 compound file holding an "EncryptedPackage" stream.
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    path = tmp_path / "locked.xlsx"
    path.write_bytes(head + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 2048)
    with pytest.raises(ImportFileError, match="locked.xlsx: .*password-protected"):
        read(path)


def test_oversized_json_is_refused_without_reading_it(tmp_path, monkeypatch):
    from dashboard_core.importers import files

    monkeypatch.setattr(files, "MAX_JSON_BYTES", 10)
    with pytest.raises(ImportFileError, match="JSON document"):
        read(write(tmp_path, "big.json", '{"items": []}'))
