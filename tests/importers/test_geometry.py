"""Geometry files (importers/geometry.py): GeoJSON, GeoPackage and zipped Shapefile written here
with geopandas/pyogrio the way GIS tools write them; reprojection to EPSG:4326; an invalid
geometry repaired when the repair keeps its kind, else the file refused naming the feature."""

from __future__ import annotations

import json
import zipfile

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon

from dashboard_core.data import paths
from dashboard_core.importers import ImportFileError, detect, read

# A planned line from Termez (Uzbekistan) to Mazar-i-Sharif (Afghanistan), a dated point near
# Batken, an undated asset and a polygon; names and values made up for the tests.
LINE = LineString([(67.28, 37.22), (67.10, 36.90), (67.11, 36.71)])
FEATURES = gpd.GeoDataFrame(
    {
        "name": ["Termez–Mazar rail (test)", "Clash near Batken (test)", "Depot (test)", "Area"],
        "mode": ["railway", None, None, None],
        "status": ["Planned", None, None, None],
        "date": [None, "2024-05-02", None, None],
    },
    geometry=[
        LINE,
        Point(70.82, 40.06),
        Point(69.2, 41.3),
        Polygon([(66, 37), (67, 37), (67, 38), (66, 37)]),
    ],
    crs="EPSG:4326",
)
CLEAN_BOUNDARIES = (paths.clean_dir() / "boundaries.geojson").exists()


def write_gpkg(folder, frame, crs="EPSG:4326"):
    path = folder / "routes.gpkg"
    frame.to_crs(crs).to_file(path, driver="GPKG", engine="pyogrio")
    return path


def write_zipped_shapefile(folder, frame, with_prj=True):
    shp = folder / "shp"
    shp.mkdir()
    frame.to_file(shp / "routes.shp", engine="pyogrio")
    path = folder / "routes.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for part in sorted(shp.iterdir()):
            if with_prj or part.suffix != ".prj":
                zf.write(part, part.name)
    return path


def check_mapped(result) -> None:
    report = result.report
    assert report.rows_read == 4
    corridors, incidents = result.frames["corridors"], result.frames["incidents"]
    assert corridors["name"].tolist() == ["Termez–Mazar rail (test)"]
    assert corridors["mode"].tolist() == ["rail"] and corridors["status"].tolist() == ["planned"]
    assert corridors["locator"].tolist() == ["feature 1"]
    assert incidents["date_start"].dt.strftime("%Y-%m-%d").tolist() == ["2024-05-02"]
    assert incidents["locator"].tolist() == ["feature 2"]
    reasons = {entry.reason: entry.example_row for entry in report.set_aside.values()}
    assert any("undated" in r or "without a date" in r for r in reasons)
    assert reasons["polygon: no contract table takes areas"] == "feature 4"
    line = result.geometry["features"][0]["geometry"]["coordinates"]
    assert line[0] == pytest.approx([67.28, 37.22], abs=1e-6)


@pytest.mark.skipif(not CLEAN_BOUNDARIES, reason="data/clean is not built")
def test_geopackage_in_a_projected_crs_is_reprojected_and_mapped(tmp_path):
    path = write_gpkg(tmp_path, FEATURES, crs="EPSG:3857")
    assert detect(path).name == "geometry"
    result = read(path)
    check_mapped(result)
    assert any("reprojected from EPSG:3857" in n for n in result.report.notes)
    assert result.frames["corridors"]["countries"].tolist() == ["AFG;UZB"]
    assert result.frames["incidents"]["country_iso3"].tolist() == ["KGZ"]


LINES = FEATURES.iloc[[0, 0]].reset_index(drop=True)  # a Shapefile holds one geometry type
LINES.loc[1, "name"] = "Second line (test)"


@pytest.mark.skipif(not CLEAN_BOUNDARIES, reason="data/clean is not built")
def test_zipped_shapefile_is_read_through_the_zip(tmp_path):
    path = write_zipped_shapefile(tmp_path, LINES.to_crs("EPSG:32642"))  # UTM 42N, metres
    assert detect(path).name == "geometry"
    result = read(path)
    assert result.report.rows_read == result.report.rows_kept == 2
    rows = result.frames["corridors"]
    assert rows["name"].tolist() == ["Termez–Mazar rail (test)", "Second line (test)"]
    assert rows["locator"].tolist() == ["feature 1", "feature 2"]
    assert rows["countries"].tolist() == ["AFG;UZB"] * 2
    assert any("reprojected" in n for n in result.report.notes)
    line = result.geometry["features"][1]["geometry"]["coordinates"]
    assert line[-1] == pytest.approx([67.11, 36.71], abs=1e-6)


def test_a_shapefile_without_its_prj_is_refused(tmp_path, data_dir):
    path = write_zipped_shapefile(tmp_path, LINES, with_prj=False)
    with pytest.raises(ImportFileError, match="coordinate reference system"):
        read(path)


@pytest.mark.skipif(not CLEAN_BOUNDARIES, reason="data/clean is not built")
def test_an_invalid_polygon_is_repaired_and_noted(tmp_path):
    bowtie = Polygon([(66, 37), (67, 38), (67, 37), (66, 38), (66, 37)])
    assert not bowtie.is_valid
    frame = gpd.GeoDataFrame({"name": ["line", "bowtie"]}, geometry=[LINE, bowtie], crs=4326)
    result = read(write_gpkg(tmp_path, frame))
    assert "1 invalid geometries repaired (make_valid)" in result.report.notes
    assert result.report.rows_kept == 1  # the repaired polygon is still an area: set aside


def test_a_line_that_cannot_be_repaired_is_refused_naming_the_feature(tmp_path, data_dir):
    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": "ok"}, "geometry": LINE.__geo_interface__},
            {"type": "Feature", "properties": {"name": "a point drawn as a line"},
             "geometry": {"type": "LineString", "coordinates": [[67.0, 37.0], [67.0, 37.0]]}},
        ],
    }  # fmt: skip
    path = tmp_path / "route.geojson"
    path.write_text(json.dumps(doc))
    with pytest.raises(ImportFileError) as caught:
        read(path)
    assert caught.value.row == "feature 2" and caught.value.column == "geometry"
    assert "route.geojson: feature 2, column 'geometry'" in str(caught.value)


def test_coordinates_outside_the_globe_are_refused(tmp_path, data_dir):
    frame = gpd.GeoDataFrame(
        {"name": ["metres"]},
        geometry=[LineString([(7_500_000, 4_400_000), (7_400_000, 4_300_000)])],
    )
    path = tmp_path / "metres.geojson"
    path.write_text(frame.to_json())
    with pytest.raises(ImportFileError, match="outside longitude"):
        read(path)
