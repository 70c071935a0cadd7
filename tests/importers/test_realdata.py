"""The importers on real publisher files in ../shared/realdata (skipped where it is absent)."""

from __future__ import annotations

import pytest

from dashboard_core.data import paths
from dashboard_core.importers import detect, read

REAL = paths.DEFAULT_REALDATA
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason=f"no publisher files at {REAL}")

CASES = {
    "unhcr/refugees_pkg_population_CA_AFG.csv": ("unhcr-api-csv", 7177),
    "unhcr/refugees_pkg_solutions_CA_AFG.csv": ("unhcr-api-csv", 1256),
    "unhcr/refugees_pkg_flows_CA_AFG.csv": ("unhcr-api-csv", 5244),
    "unhcr/refugees_pkg_asylum_applications_CA_AFG.csv": ("unhcr-api-csv", 6570),
    "unhcr/refugees_pkg_demographics_CA_AFG.csv": ("unhcr-api-csv", 1093),
    "unhcr/refugees_pkg_idmc_CA_AFG.csv": ("unhcr-api-csv", 36),
    "iom_dtm/hdx_global-iom-dtm-from-api-admin-0-to-2_AFG.csv": ("iom-dtm-csv", 11377),
    "iom_dtm/dtm_api_displacement-admin1-admin0pcode-afg.json": ("iom-dtm-json", 1395),
    "wdi/databank_wdi_all_countries_population_CA_AFG.csv": ("worldbank-databank", 6),
    "wdi/wb_bulk_API_BX.TRF.PWKR.DT.GD.ZS_DS2_en_csv_v2_3686014_CA_AFG.csv": (
        "worldbank-bulk", 6),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_real_file_is_recognised_read_and_reconciled(name):
    fmt, rows = CASES[name]
    path = REAL / name
    assert detect(path).name == fmt
    result = read(path)
    assert result.report.rows_read == rows
    assert all(r.ok for r in result.report.reconciliations if "female + male" not in r.label)
    for frame in result.frames.values():
        assert (frame["verification"] == "imported").all()
        assert frame["locator"].notna().all()


def test_real_population_matches_the_pipeline_figures():
    rows = read(REAL / "wdi/databank_wdi_all_countries_population_CA_AFG.csv").frames["population"]
    kgz = rows[(rows.iso3 == "KGZ") & (rows.year == 2023)]
    assert kgz["population"].tolist() == [7100800]


def test_real_statuz_needs_the_flow_stated():
    from dashboard_core.importers import ImportFileError

    path = REAL / "trade/statuz_sdmx_data_1105_UZB_exports_by_partner_2010-2023.csv"
    with pytest.raises(ImportFileError, match="--flow export"):
        read(path)
    trade = read(path, options={"flow": "export"}).frames["trade"]
    assert set(trade["reporter_iso3"]) == {"UZB"} and (trade["unit_original"] == "thousand").all()


def test_real_geojson_lines_become_corridors():
    result = read(REAL / "geometry/ne_50m_rivers_lake_centerlines_region.geojson")
    assert "corridors" in result.frames and result.geometry["features"]
    ids = set(result.frames["corridors"]["corridor_id"])
    assert {f["properties"]["corridor_id"] for f in result.geometry["features"]} == ids
