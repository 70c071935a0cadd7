"""The Import page in Chromium: a visitor's ACLED export shows on the Incidents map and timeline,
a Comtrade extract on Trade, a GeoJSON route on the Corridors map, each with its provenance on
screen; ACLED rows are never in a download; another browser session sees none of it; markup in a
file stays text.

Uploads live in the browser session, so each test moves from /import to the page through the
app's navigation (`open_in_session`), never by loading a URL (a new session). The files are
written here in the publishers' layouts (tests/importers/samples.py); their figures are made up
and never leave the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard_core.data import paths
from dashboard_core.data.contract import FOCUS_ISO3
from dashboard_core.data.filters import Filters, apply_filters
from tests.importers import samples

from .helpers import (
    FIND_DECK_JS,
    VEGA_CHART,
    assert_no_exception,
    download,
    goto,
    open_in_session,
    upload_files,
    wait_for_deck_ready,
    wait_for_vega,
)
from .hostile import PAYLOADS, RequestLog, injected_elements

CLEAN = paths.clean_dir()
pytestmark = pytest.mark.skipif(
    not (CLEAN / "incidents.parquet").exists(), reason="data/clean is not built"
)

# Every data record of the first map: layer, tooltip title, body and source line.
DECK_RECORDS_JS = f"""
() => {{
  const deck = ({FIND_DECK_JS})(0);
  const out = [];
  for (const layer of deck.layerManager.getLayers()) {{
    if (layer.parent || layer.id.startsWith('ctx-') || !Array.isArray(layer.props.data)) continue;
    for (const row of layer.props.data) {{
      out.push({{layer: layer.id, title: String(row.tip_title || row.name || ''),
                 body: String(row.tip_body || ''), source: String(row.tip_source || '')}});
    }}
  }}
  return out;
}}
"""
ARIA_LABELS_JS = """
(sel) => [...document.querySelectorAll(sel)].map(
  c => [...c.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label')))
"""
ACLED_EVENTS = [  # id, date as ACLED has written it, country, ISO number, lat, lon, killed
    ("KGZ901", "2023-03-10", "Kyrgyzstan", 417, "39.95", "70.85", 1),
    ("TJK902", "12 March 2023", "Tajikistan", 762, "39.90", "70.70", 0),
    ("TJK903", "2023-03-14", "Tajikistan", 762, "39.50", "69.90", 2),
    ("DEU904", "2023-03-14", "Germany", 276, "52.50", "13.40", 0),  # set aside: not the region
]


def acled_file(folder: Path, location: str = "Kok-Tash") -> Path:
    rows = [samples.acled_row(*event).replace("Kok-Tash", location) for event in ACLED_EVENTS]
    text = "\ufeff" + "\n".join([samples.ACLED_HEADER, *rows]) + "\n"
    return samples.write(folder, "acled_export.csv", text)


def comtrade_file(folder: Path) -> Path:
    rows = [
        samples.comtrade_row(795, "TKM", "X", 4, "AFG", "2023", "TOTAL", "123456789"),
        samples.comtrade_row(795, "TKM", "M", 4, "AFG", "2023", "TOTAL", "1000000"),
    ]
    return samples.write(folder, "comtrade.csv", "\n".join([samples.COMTRADE_FIELDS, *rows]) + "\n")


def route_file(folder: Path) -> Path:
    line = {"type": "LineString", "coordinates": [[67.28, 37.22], [67.10, 36.90], [67.11, 36.71]]}
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Termez–Mazar rail (test)", "mode": "railway",
                               "status": "planned"},
                "geometry": line,
            }
        ],
    }  # fmt: skip
    path = folder / "route.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")


def deck_records(page) -> list[dict]:
    wait_for_deck_ready(page)
    return page.evaluate(DECK_RECORDS_JS)


def test_an_acled_export_shows_on_the_incidents_map_and_timeline(
    app_server, browser_page, tmp_path
):
    page = browser_page
    goto(page, app_server, "/import")
    report = upload_files(page, [acled_file(tmp_path)])
    for line in ("ACLED event export (CSV) [acled-events]", "rows read     4", "rows kept     3",
                 "feeds         incidents (3 rows)", "(e.g. row 5)"):  # fmt: skip
        assert line in report
    open_in_session(page, "Incidents")
    assert_no_exception(page)

    mapped = [r for r in deck_records(page) if "acled_export.csv" in r["source"]]
    assert {r["source"].split(", row ")[1].split(" ")[0] for r in mapped} == {"2", "3", "4"}
    assert all("⇪ acled_export.csv, imported by you" in r["source"] for r in mapped)

    wait_for_vega(page, count=3)
    every_year = Filters(countries=FOCUS_ISO3, years=(1900, 2100), present=False)
    clean = apply_filters(pd.read_parquet(CLEAN / "incidents.parquet"), "incidents", every_year)
    expected = int((clean["date_start"].dt.year == 2023).sum()) + 3
    labels = page.evaluate(ARIA_LABELS_JS, VEGA_CHART)[0]  # incidents over time
    assert any(f"2023; Incidents: {expected};" in label for label in labels), labels[:30]

    text = main_text(page)
    assert "acled_export.csv (3 incidents rows, imported by you)" in text  # under the title
    assert "⇪ Imported by you: acled_export.csv (ACLED event export (CSV); publisher ACLED" in text
    assert "Armed Conflict Location & Event Data (ACLED), www.acleddata.com; access date" in text
    assert "filters: countries: Kazakhstan (KAZ)" in text
    assert "3 rows shown above are left out" in text  # ACLED's terms, said at the downloads

    csv = pd.read_csv(download(page, "dl-incidents-csv"), encoding="utf-8-sig")
    assert len(csv) == len(clean)  # the clean rows alone: ACLED rows are never handed out
    assert not csv["source_id"].astype(str).str.startswith("imported-").any()
    points = json.loads(download(page, "dl-incidents-geojson").read_text())["features"]
    assert len(points) == len(clean)
    assert not [f for f in points if "imported" in str(f["properties"].get("source_id"))]


def test_a_comtrade_extract_shows_on_trade(app_server, browser_page, tmp_path):
    page = browser_page
    goto(page, app_server, "/import", "countries=TKM")  # the shared filters go along
    report = upload_files(page, [comtrade_file(tmp_path)])
    assert "feeds         trade (2 rows)" in report
    open_in_session(page, "Trade")
    assert_no_exception(page)
    arcs = [r for r in deck_records(page) if "⇪ comtrade.csv, imported by you" in r["source"]]
    assert [r["title"] for r in arcs] == ["Turkmenistan → Afghanistan"], arcs
    assert "Exports 2023: US$123 million" in arcs[0]["body"]
    text = main_text(page)
    assert "comtrade.csv (2 trade rows, imported by you)" in text
    assert "⇪ Imported by you: comtrade.csv (UN Comtrade (CSV); publisher UN Comtrade" in text
    parquet = pd.read_parquet(download(page, "dl-trade-parquet"))
    mine = parquet[parquet["source_id"].astype(str).str.startswith("imported-")]
    assert mine["value_usd"].tolist() == [123_456_789]  # the Flow filter's default: exports
    assert mine["verification"].tolist() == ["imported"] and mine["locator"].tolist() == ["row 2"]


def test_a_geojson_route_shows_on_the_corridors_map(app_server, browser_page, tmp_path):
    page = browser_page
    goto(page, app_server, "/import")
    report = upload_files(page, [route_file(tmp_path)])
    assert "feeds         corridors (1 rows)" in report
    open_in_session(page, "Corridors")
    assert_no_exception(page)
    drawn = [r for r in deck_records(page) if "Termez–Mazar rail (test)" in r["title"]]
    assert drawn, "the imported line is not on the map"
    text = main_text(page)
    assert "route.geojson (1 corridors row, imported by you)" in text
    assert "⇪ Imported by you: route.geojson (Geometry (GeoJSON, GeoPackage" in text
    assert "SHA-256 " in text


def test_another_browser_session_sees_none_of_it(app_server, browser_page_factory, tmp_path):
    mine = browser_page_factory()
    goto(mine, app_server, "/import")
    upload_files(mine, [acled_file(tmp_path)])
    open_in_session(mine, "Incidents")
    assert "imported by you" in main_text(mine)
    other = browser_page_factory()
    goto(other, app_server, "/incidents")
    assert "acled_export.csv" not in main_text(other)
    assert not [r for r in deck_records(other) if "acled_export.csv" in r["source"]]


def test_markup_in_an_uploaded_file_stays_text(app_server, browser_page, tmp_path):
    page = browser_page
    log = RequestLog(page, app_server)
    payload = next(p for p in PAYLOADS if "onerror" in p and "," not in p)
    goto(page, app_server, "/import")
    upload_files(page, [acled_file(tmp_path, location=payload)])
    open_in_session(page, "Incidents")
    assert any("cam-pwn" in r["body"] for r in deck_records(page))  # the text arrived ...
    assert not injected_elements(page)  # ... and made nothing
    assert not log.take()
