"""Ring 4 for tables and downloads in Chromium: an analyst filters refugees from Afghanistan
hosted in Tajikistan, downloads the bundle and finds the rows of the table on screen, a README
naming every active filter and a datapackage.json that Frictionless validates; and no table on
any page shows a raw field name as a header or "None" in a cell.

The table on screen is read from the grid's accessible table (the rows and columns in view).
Expected rows are computed here from data/clean with pandas, not through dashboard_core.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import pandas as pd
import pytest
from frictionless import Package

from dashboard_core.data import dictionary, paths

from .helpers import (
    ARTIFACTS_DIR,
    assert_no_exception,
    change,
    choose,
    current_query,
    download,
    expect_rerun,
    goto,
    widget,
)

CLEAN = paths.clean_dir()
GRID = '[data-testid="stDataFrame"]'

pytestmark = pytest.mark.skipif(
    not (CLEAN / "displacement.parquet").exists(), reason="data/clean is not built"
)

_READ_GRID_JS = """(el) => {
  const headers = [...el.querySelectorAll('th')].map(th => th.innerText.trim());
  const rows = [...el.querySelectorAll('tbody tr, tr')]
    .map(tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim()))
    .filter(cells => cells.length);
  return {headers, rows};
}"""


def read_grid(grid) -> pd.DataFrame:
    """The header and the rows of a st.dataframe as its accessible table gives them."""
    grid.scroll_into_view_if_needed()
    grid.locator("th").first.wait_for(state="attached", timeout=20_000)
    found = grid.evaluate(_READ_GRID_JS)
    width = len(found["headers"])
    rows = [r[:width] for r in found["rows"]]
    return pd.DataFrame(rows, columns=found["headers"])


def test_refugees_from_afghanistan_in_tajikistan_bundle(app_server, browser_page):
    page = browser_page
    goto(page, app_server, "/displacement", "countries=TJK&years=2015&years=2024")
    assert_no_exception(page)
    types = widget(page, "types")
    types.get_by_text("Refugees").first.wait_for(timeout=15_000)
    for other in ("Asylum seekers", "Others in need of protection", "Returned refugees", "Returns"):
        change(page, lambda o=other: types.get_by_role("button", name=f"Remove {o}").click())
    change(page, widget(page, "direction").get_by_text("Hosted by the selected countries").click)
    change(page, lambda: choose(page, "origin", "Afghanistan"))
    page.keyboard.press("Escape")
    assert_no_exception(page)
    q = current_query(page)
    assert q["types"] == ["Refugees"] and q["origin"] == ["Afghanistan (AFG)"]
    assert q["direction"] == ["Hosted by the selected countries"]

    d = pd.read_parquet(CLEAN / "displacement.parquet")
    expected = d[
        (d["origin_iso3"] == "AFG")
        & (d["location_iso3"] == "TJK")
        & (d["population_type"] == "refugees")
        & d["year"].between(2015, 2024)
    ]
    assert len(expected) > 0

    on_screen = read_grid(page.locator(GRID).last)
    assert {"Origin", "Host or place left", "Year", "People"} <= set(on_screen.columns)
    assert len(on_screen) == len(expected)
    assert set(on_screen["Origin"]) == {"Afghanistan (AFG)"}
    assert set(on_screen["Host or place left"]) == {"Tajikistan (TJK)"}

    path = download(page, "dl-displacement-zip")
    stem = "displacement_TJK_2015-2024_refugees_hosted_origin-AFG"
    assert path.name == f"{stem}.zip"
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert names == {f"{stem}.csv", "datapackage.json", "README.md"}
        rows = pd.read_csv(io.BytesIO(archive.read(f"{stem}.csv")), encoding="utf-8-sig")
        readme = archive.read("README.md").decode("utf-8")
        folder = path.parent / "unzipped"
        shutil.rmtree(folder, ignore_errors=True)
        archive.extractall(folder)

    # the same rows as the table on screen (and as the clean data say)
    assert len(rows) == len(on_screen) == len(expected)
    assert set(rows["origin_iso3"]) == {"AFG"} and set(rows["location_iso3"]) == {"TJK"}
    got = sorted(zip(rows["year"].astype(int), rows["value"].round().astype(int), strict=True))
    shown = sorted(
        zip(
            on_screen["Year"].str.replace(",", "").astype(int),
            on_screen["People"].str.replace(",", "").astype(float).round().astype(int),
            strict=True,
        )
    )
    assert got == shown
    assert got == sorted(
        zip(expected["year"].astype(int), expected["value"].round().astype(int), strict=True)
    )

    # a README naming every active filter
    for line in (
        "- Countries: Tajikistan (TJK)",
        "- Years: 2015–2024",
        "- Population types: Refugees",
        "- Direction: Hosted by the selected countries",
        "- Origin (nationality): Afghanistan (AFG)",
    ):
        assert line in readme, line
    assert "## How to cite" in readme and "## Caveats" in readme and "CC BY 4.0" in readme
    (ARTIFACTS_DIR / "bundle-README.md").write_text(readme, encoding="utf-8")

    # a datapackage that Frictionless validates, for exactly these rows
    package = Package(str(folder / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resource = descriptor["resources"][0]
    assert resource["path"] == f"{stem}.csv"
    assert {s["id"] for s in descriptor["sources"]} == set(expected["source_id"])


# (path, query): every page, with the views that hold extra tables
TABLE_VIEWS = [
    ("/", "", "Headline figures and key events as tables"),
    ("/trade", "", None),
    ("/displacement", "section=Repatriation+from+Syria+and+Iraq", None),
    ("/incidents", "", None),
    ("/corridors", "countries=UZB&countries=AFG&km=200", None),
    ("/compare", "", None),
    ("/data", "", None),
]
RAW_NAMES = {
    column
    for fields in (*dictionary.FIELDS.values(), dictionary.PROVENANCE, dictionary.DERIVED)
    for column in fields
}


@pytest.mark.parametrize(
    ("path", "query", "expander"), TABLE_VIEWS, ids=[v[0] for v in TABLE_VIEWS]
)
def test_no_header_is_a_raw_field_name_and_no_cell_reads_none(
    app_server, browser_page, path, query, expander
):
    page = browser_page
    goto(page, app_server, path, query)
    assert_no_exception(page)
    if expander:
        with expect_rerun(page):
            page.get_by_text(expander).click()
    grids = page.locator(GRID)
    grids.first.wait_for(state="attached", timeout=30_000)
    for i in range(grids.count()):
        table = read_grid(grids.nth(i))
        headers = [h for h in table.columns if h]
        assert headers, f"{path}: table {i} has no header"
        raw = [h for h in headers if h in RAW_NAMES or "_" in h]
        assert not raw, f"{path}: table {i} shows raw field names {raw}"
        cells = table.to_numpy().ravel().tolist()
        assert "None" not in cells and "nan" not in cells, f"{path}: table {i} shows None/nan"
