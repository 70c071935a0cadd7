"""Download bundles: the zip holds the rows as CSV, a datapackage.json that Frictionless
validates for exactly those rows, and a README naming every filter, sources, licences, caveats."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

import pandas as pd
import pyarrow.parquet as pq
import pytest
from frictionless import Package

from dashboard_core.data import bundle
from dashboard_core.data.filters import FilterChoice

SOURCES = pd.DataFrame(
    {
        "source_id": ["unhcr-population", "psm14", "unused"],
        "title": ["UNHCR Refugee Population Statistics", "Security monitor [no. 14]", "Other"],
        "publisher": ["UNHCR", "Platform for Peace and Humanity", "X"],
        "author": [None, "not stated in the file", None],
        "published": ["2025", "2025-12", None],
        "url": ["https://example.org/unhcr", None, None],
        "seed_file": [None, None, None],
        "licence": ["CC BY 4.0", "All rights reserved (quoted figures only)", "CC0"],
        "retrieved": ["2025-06-01", "2026-11-22", None],
        "kind": ["publisher_dataset", "seed_document", "reference"],
    }
)


def displacement_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "origin_iso3": pd.array(["AFG", "AFG", "AFG"], dtype="string"),
            "location_iso3": pd.array(["TJK", "TJK", "TJK"], dtype="string"),
            "population_type": pd.array(["refugees"] * 3, dtype="string"),
            "measure": pd.array(["stock", "stock", "flow"], dtype="string"),
            "group": pd.array(["total"] * 3, dtype="string"),
            "period_start": pd.to_datetime(["2015-01-01", "2024-01-01", "2024-03-01"]),
            "period_end": pd.to_datetime(["2015-12-31", "2024-12-31", "2024-05-31"]),
            "year": pd.array([2015, 2024, 2024], dtype="Int64"),
            "value": [1500.0, 7087.0, None],
            "operation": pd.array([None, None, "=cmd|' /C calc'!A0"], dtype="string"),
            "source_id": pd.array(
                ["unhcr-population", "unhcr-population", "psm14"], dtype="string"
            ),
            "locator": pd.array(["population.csv#r1", "population.csv#r2", "L12"], dtype="string"),
            "verification": pd.array(
                ["official_release", "official_release", "reported"], dtype="string"
            ),
        }
    )


CHOICES = (
    FilterChoice("Countries", "Tajikistan (TJK)", "TJK"),
    FilterChoice("Years", "2015–2024", "2015-2024"),
    FilterChoice("Population types", "Refugees", "refugees"),
    FilterChoice("Direction", "Hosted by the selected countries", "hosted"),
    FilterChoice("Origin", "Afghanistan (AFG)", "origin-AFG"),
)
CTX = bundle.BundleContext(
    dataset="displacement",
    page_title="Displacement",
    choices=CHOICES,
    data_version="a1996b5737ad",
    accessed=datetime(2026, 12, 3, 5, 0, tzinfo=UTC),
    view_url="http://localhost:8501/displacement?countries=TJK&years=2015&years=2024",
)


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_names_say_what_is_inside():
    assert bundle.stem(CTX) == "displacement_TJK_2015-2024_refugees_hosted_origin-AFG"
    files = unzip(bundle.bundle_zip(displacement_rows(), CTX, SOURCES))
    assert sorted(files) == sorted(
        [
            "displacement_TJK_2015-2024_refugees_hosted_origin-AFG.csv",
            "datapackage.json",
            "README.md",
        ]
    )


def test_zip_rows_are_the_rows(tmp_path):
    rows = displacement_rows()
    files = unzip(bundle.bundle_zip(rows, CTX, SOURCES))
    csv = pd.read_csv(io.BytesIO(files[f"{bundle.stem(CTX)}.csv"]), encoding="utf-8-sig")
    assert list(csv.columns) == list(rows.columns)  # raw field names in the download
    assert csv["value"].tolist()[:2] == [1500.0, 7087.0]
    assert csv["operation"].tolist()[2].startswith("'=")  # spreadsheet formulas neutralised


def test_datapackage_validates_with_frictionless(tmp_path):
    files = unzip(bundle.bundle_zip(displacement_rows(), CTX, SOURCES))
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    package = Package(str(tmp_path / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads(files["datapackage.json"])
    resource = descriptor["resources"][0]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["value"]["unit"] == "people" and fields["value"]["title"] == "People"
    assert fields["year"]["type"] == "integer" and fields["period_start"]["type"] == "date"
    assert [s["id"] for s in descriptor["sources"]] == ["psm14", "unhcr-population"]
    assert {s["id"]: s["rows"] for s in descriptor["sources"]} == {
        "psm14": 1,
        "unhcr-population": 2,
    }
    names = {lic["name"] for lic in descriptor["licenses"]}
    assert names == {"CC-BY-4.0", "other-closed"}
    assert "unused" not in json.dumps(descriptor)
    assert descriptor["version"] == "a1996b5737ad"
    assert {f["filter"] for f in descriptor["filters"]} >= {"Origin", "Direction"}


def test_readme_names_every_filter_sources_licences_and_caveats():
    text = unzip(bundle.bundle_zip(displacement_rows(), CTX, SOURCES))["README.md"].decode()
    for choice in CHOICES:
        assert f"- {choice.label}: {choice.words}" in text
    assert "a1996b5737ad" in text and "2026-12-03 05:00 UTC" in text
    assert "## How to cite" in text and "Central Asia Monitor (2026)" in text
    assert "CC BY 4.0" in text and "credit the source" in text
    assert "All rights reserved" in text
    assert "Partial years: 1 row covers less than a full calendar year" in text
    assert "Rounding" in text and "never zeros" in text
    assert "Security monitor \\[no. 14\\]" in text  # text from data cannot become a link
    assert "1 row reported" in text


def test_preferred_column_is_explained_when_present():
    rows = displacement_rows().assign(preferred=[True, True, False])
    text = bundle.readme(rows, CTX, SOURCES, "x.csv")
    assert "Preferred series" in text and "1 row is an other reading" in text


def test_full_dataset_says_no_filters():
    ctx = bundle.BundleContext("events", "Data & sources", (), "v1", CTX.accessed, filtered=False)
    assert bundle.stem(ctx) == "events_full"
    text = bundle.readme(displacement_rows(), ctx, SOURCES, "events_full.csv")
    assert "none: the full dataset" in text
    assert "homepage" not in bundle.datapackage(displacement_rows(), ctx, SOURCES)


def test_parquet_carries_the_same_metadata():
    data = bundle.parquet_with_metadata(displacement_rows(), CTX, SOURCES)
    meta = pq.read_schema(io.BytesIO(data)).metadata
    package = json.loads(meta[b"datapackage.json"])
    assert package["resources"][0]["path"].endswith(".parquet")
    assert "Origin: Afghanistan (AFG)" in meta[b"README.md"].decode()
    assert pd.read_parquet(io.BytesIO(data))["value"].tolist()[:2] == [1500.0, 7087.0]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("CC BY 4.0", "CC-BY-4.0"),
        ("public domain", "other-pd"),
        ("US government work (public domain)", "other-pd"),
        ("not stated (quoted figures only)", "notspecified"),
        ("ECB statistics: reuse with source acknowledged", "other-at"),
        ("reuse with attribution (Eurostat copyright notice)", "other-at"),
        (None, "notspecified"),
    ],
)
def test_licence_texts_map_to_open_definition_ids(text, name):
    assert bundle.licence_of(text)["name"] == name


def test_empty_rows_still_make_a_valid_package(tmp_path):
    files = unzip(bundle.bundle_zip(displacement_rows().iloc[0:0], CTX, SOURCES))
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    assert Package(str(tmp_path / "datapackage.json")).validate().valid
