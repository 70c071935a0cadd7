"""The Import page (ui/upload.py through AppTest): a file is read into the session with the
importer's report and a preview; a bad file gets one message naming file, row and column and
changes nothing; the size cap holds before a byte is parsed; the operator's switch removes the
page; names and cells from the file stay text."""

from __future__ import annotations

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from dashboard_core.data import paths
from dashboard_core.ui import upload
from tests.importers import samples

REPO = paths.PROJECT_ROOT
TIMEOUT = 90

pytestmark = [
    pytest.mark.skipif(
        not (paths.clean_dir() / "incidents.parquet").exists(), reason="data/clean is not built"
    ),
    pytest.mark.usefixtures("navigation_like_the_server"),
]


def import_page() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/import.py")
    at.run()
    return at


def send(at: AppTest, name: str, text: str | bytes) -> AppTest:
    data = text.encode("utf-8") if isinstance(text, str) else text
    at.file_uploader(key="import-file").set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def session_ids(at: AppTest) -> list[str]:
    return list(at.session_state["_cam_imports"]) if "_cam_imports" in at.session_state else []


def texts(elements) -> str:
    """The elements' text as a reader sees it (Markdown escapes and word joiners taken out)."""
    return "\n".join(str(e.value) for e in elements).replace("\\", "").replace("\u2060", "")


def test_an_upload_shows_the_report_and_a_preview_and_stays_in_the_session():
    at = send(import_page(), "acled.csv", samples.ACLED_CSV)
    report = texts(at.code)
    for line in ("ACLED event export (CSV) [acled-events]", "rows read     3", "rows kept     2",
                 "outside the region", "(e.g. row 4)", "reconciled    fatalities, TJK: file 10",
                 "feeds         incidents (2 rows)"):  # fmt: skip
        assert line in report
    assert "acled.csv imported" in texts(at.success)
    preview = at.dataframe[0].value
    assert preview["verification"].tolist() == ["⇪ Imported by you (acled.csv)"] * 2
    assert "Armed Conflict Location" in texts(at.caption)
    assert len(session_ids(at)) == 1
    assert not (paths.data_dir() / "imported").exists()  # nothing written to the server's data

    at.run()  # a rerun does not read the file again
    assert len(session_ids(at)) == 1


def test_a_bad_file_names_file_row_and_column_and_keeps_earlier_imports():
    at = send(import_page(), "ucdp.csv", samples.UCDP_CSV)
    before = session_ids(at)
    bad = samples.ACLED_CSV.replace(",3,,1663000000", ",many,,1663000000")
    send(at, "acled_bad.csv", bad)
    message = texts(at.error)
    assert "acled_bad.csv" in message
    assert "row 2" in message and "fatalities" in message and "expected" in message
    assert "Nothing was imported" in message
    assert session_ids(at) == before  # the UCDP import is still there
    assert not (paths.data_dir() / "imported").exists()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("cyrillic.csv", "Страна,Экспорт\nКазахстан,1\n" * 40, "text encoding"),
        ("book.xlsx", b"PK\x03\x04 truncated", "truncated or damaged"),
        ("noise.csv", b"x,y\n1,2\n", "layout no importer knows"),
    ],
)
def test_hostile_files_get_words_never_a_traceback(name, data, words):
    data = data.encode("cp1251") if isinstance(data, str) else data
    at = send(import_page(), name, data)
    assert words in texts(at.error)
    assert session_ids(at) == []


def test_the_size_cap_refuses_before_parsing(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the importers must not see a file over the cap")

    monkeypatch.setattr(upload, "stream", never)
    config.set_option("server.maxUploadSize", 1)
    try:
        at = send(import_page(), "big.csv", b"x" * (1024 * 1024 + 1))
    finally:
        config._set_option("server.maxUploadSize", 25, "test")
    message = texts(at.error)
    assert "big.csv is 1.0 MB" in message and "up to 1 MB" in message
    assert "Nothing was read" in message


def test_names_and_cells_from_the_file_stay_text():
    name = "[SIGN IN](https:__ev.io) www.ev.io.csv"
    hostile = samples.ACLED_CSV.replace("Kok-Tash", "[x](https://ev.io) <img src=x>")
    at = send(import_page(), name, hostile)
    raw = "\n".join(str(e.value) for e in [*at.success, *at.caption, *at.markdown, *at.error])
    assert "SIGN IN" in raw  # the name is shown ...
    assert "](https" not in raw and "www.ev" not in raw and "<img" not in raw  # ... as text
    assert "[SIGN IN](https___ev.io) www.ev.io.csv imported" in texts(at.success)


def test_the_operator_switch_takes_the_page_out(monkeypatch):
    for value, on in (("off", False), ("0", False), ("FALSE", False), ("on", True), ("", True)):
        monkeypatch.setenv(upload.SWITCH, value)
        assert upload.page_enabled() is on
    monkeypatch.setenv(upload.SWITCH, "off")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/import.py")  # not in the app's navigation at all


def test_safe_name_keeps_the_name_and_drops_paths():
    assert upload.safe_name("../../etc/passwd") == "passwd"
    assert upload.safe_name("C:\\Users\\me\\ACLED export.csv") == "ACLED export.csv"
    assert upload.safe_name("...") == "upload"
    assert upload.safe_name("a\x00b;c.csv") == "a_b_c.csv"
