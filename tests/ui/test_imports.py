"""Imported rows on the domain pages (ui/imports.py through AppTest): a session's upload shows
beside the clean data, marked and named, in that session only; the operator's layers show to
everyone; the year filter widens to the imported rows."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard_core.data import paths
from dashboard_core.importers import store
from tests.importers import samples

REPO = paths.PROJECT_ROOT
TIMEOUT = 120
MINE = "⇪ Imported by you (acled.csv)"

pytestmark = [
    pytest.mark.skipif(
        not (paths.clean_dir() / "incidents.parquet").exists(), reason="data/clean is not built"
    ),
    pytest.mark.usefixtures("navigation_like_the_server"),
]


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements).replace("\\", "").replace("\u2060", "")


def fresh(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, name: str, text: str) -> None:
    at.switch_page("pages/import.py")
    at.run()
    at.file_uploader(key="import-file").set_value((name, text.encode(), "text/csv"))
    at.run()
    assert not at.exception, at.exception
    assert f"{name} imported" in texts(at.success)


def open_page(at: AppTest, page: str) -> None:
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception


def markers(at: AppTest) -> set[str]:
    found: set[str] = set()
    for frame in at.dataframe:
        value = frame.value
        if isinstance(value, pd.DataFrame) and "verification" in value.columns:
            found |= {str(v) for v in value["verification"] if str(v).startswith("⇪")}
    return found


def test_an_upload_shows_on_incidents_marked_and_named_in_this_session_only():
    mine = fresh()
    upload(mine, "acled.csv", samples.ACLED_CSV)
    assert "access date not stated" in texts(mine.caption)
    stated = next(d for d in mine.date_input if d.key.startswith("import-accessed-imp-"))
    stated.set_value(date(2026, 11, 30))
    mine.run()
    open_page(mine, "pages/incidents.py")
    assert MINE in markers(mine)
    notice = texts(mine.info)
    assert "acled.csv (2 incidents rows, imported by you)" in notice
    captions = texts(mine.caption)
    assert "⇪ Imported by you: acled.csv (ACLED event export (CSV); publisher ACLED" in captions
    assert "Armed Conflict Location & Event Data (ACLED), www.acleddata.com" in captions
    assert "filters: countries: Kazakhstan (KAZ)" in captions
    assert "event type: all" in captions  # the page's own filters too
    assert "accessed 2026-11-30" in captions and "never passed on" in captions

    other = fresh("pages/incidents.py")  # another browser session, same server process
    assert not markers(other)
    assert "acled.csv" not in texts(other.caption) + texts(other.info)


def test_removing_an_import_takes_its_rows_off_the_pages():
    at = fresh()
    upload(at, "acled.csv", samples.ACLED_CSV)
    entry = next(b for b in at.button if b.key and b.key.startswith("remove-"))
    entry.click()
    at.run()
    open_page(at, "pages/incidents.py")
    assert not markers(at)


def test_a_comtrade_upload_fills_a_gap_in_the_trade_figures():
    extract = "\n".join(
        [
            samples.COMTRADE_FIELDS,
            samples.comtrade_row(795, "TKM", "X", 4, "AFG", "2023", "TOTAL", "123456789"),
            samples.comtrade_row(795, "TKM", "M", 4, "AFG", "2023", "TOTAL", "1000000"),
        ]
    )
    at = fresh()
    upload(at, "comtrade.csv", extract + "\n")
    open_page(at, "pages/trade.py")
    figures = at.dataframe[0].value  # headline figures: Turkmenistan had no data before
    row = figures[(figures["Indicator"] == "Trade with Afghanistan")]
    row = row[row["Country"] == "Turkmenistan"].iloc[0]
    assert row["verification"].startswith("⇪ Imported")
    assert row["Figure"] == "US$124 million" and row["Year"] == "2023"
    assert "own figure in an imported file" in row["Note"]
    assert "⇪ Imported by you: comtrade.csv" in texts(at.caption)


def test_the_year_filter_widens_to_imported_rows():
    later = samples.UCDP_CSV.replace("2022-09-14", "2026-05-01")
    at = fresh()
    hi = int(at.session_state["years"][1])
    assert hi < 2026
    upload(at, "ucdp.csv", later)
    at.run()
    assert tuple(at.session_state["years"])[1] == 2026  # the selection reached the old end


def test_the_operators_layers_show_to_everyone(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "clean").symlink_to(paths.clean_dir())
    (data / "datapackage.json").symlink_to(paths.datapackage_path())
    monkeypatch.setenv("CAM_DATA_DIR", str(data))
    path = samples.write(tmp_path, "acled.csv", samples.ACLED_CSV)
    layer, _ = store.add_layer(path)
    for _ in range(2):  # two sessions
        at = fresh("pages/incidents.py")
        assert "⇪ Imported by the operator (acled.csv)" in markers(at)
        assert "imported by the operator" in texts(at.info)
    store.remove_layer(layer.id)
    at = fresh("pages/incidents.py")
    assert not markers(at)


def unhcr_table(years: range, hosts: list[str]) -> str:
    """A UNHCR API / refugees-package population table: Afghans in many hosts, many years."""
    head = ("year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,"
            "returned_refugees,idps,returned_idps,stateless,ooc,oip,hst")  # fmt: skip
    rows = [
        f"{y},Afghanistan,AFG,AFG,Host,{h},{h},{100 + i},0,0,0,0,0,0,,0"
        for y in years
        for i, h in enumerate(hosts)
    ]
    return "\n".join([head, *rows]) + "\n"


def test_a_large_unhcr_upload_is_summed_per_file_and_never_breaks_a_chart():
    import pycountry

    hosts = sorted(c.alpha_3 for c in pycountry.countries)[:160]
    at = fresh()
    upload(at, "unhcr_population.csv", unhcr_table(range(1990, 2025), hosts))
    open_page(at, "pages/displacement.py")
    assert not at.exception
    assert "unhcr_population.csv" in texts(at.info)
    captions = texts(at.caption)
    assert "⇪ Imported by you: unhcr_population.csv" in captions
    assert "separate figures" not in texts(at.info)  # summed per year, one line for the file


def test_a_chart_with_too_many_separate_figures_says_so_in_words():
    head = "admin0Pcode,admin1Name,admin2Name,numPresentIdpInd,reportingDate,roundNumber\n"
    tags = "#country+code,#adm1+name,#adm2+name,#affected+idps,#date+reported,#round+code\n"
    rows = "".join(  # 6,000 districts, each its own figure (one count per district and year)
        f"AFG,Province {i % 34},District {i},{10 + i},2023-{1 + i % 12:02d}-{1 + i % 28:02d},1\n"
        for i in range(6000)
    )
    at = fresh()
    upload(at, "dtm.csv", head + tags + rows)
    open_page(at, "pages/displacement.py")
    types = at.multiselect(key="types")
    idps = next(o for o in types.options if "internally" in o.lower())
    types.select(idps).run()
    assert not at.exception
    assert "separate figures, more than can be read" in texts(at.info)


def test_an_imported_route_has_its_own_corridor_card():
    route = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature",
                      "properties": {"name": "Termez–Mazar rail (test)", "status": "planned"},
                      "geometry": {"type": "LineString",
                                   "coordinates": [[67.28, 37.22], [67.10, 36.90]]}}],
    }  # fmt: skip
    at = fresh()
    upload(at, "route.geojson", json.dumps(route))
    at.query_params["corridor"] = "Termez–Mazar rail (test)"  # the card, by the URL
    open_page(at, "pages/corridors.py")
    assert "Termez–Mazar rail (test)" in texts(at.subheader)
    assert "⇪ Imported by you: route.geojson" in texts(at.caption)
