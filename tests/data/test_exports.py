"""Download files: CSV/Excel neutralise formula text, keep numbers; Parquet/GeoJSON keep values."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import openpyxl
import pandas as pd
import pytest

from dashboard_core.data.exports import (
    about_rows,
    features_for_rows,
    neutralise_cell,
    neutralise_frame,
    points_to_geojson,
    sources_for_rows,
    to_csv_bytes,
    to_geojson_bytes,
    to_parquet_bytes,
    to_xlsx_bytes,
)

HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", "plain", "a=b"]


def rows() -> pd.DataFrame:
    n = len(HOSTILE)
    return pd.DataFrame(
        {
            "text": pd.array(HOSTILE, dtype="string"),
            "value_usd": [-5.5, 0.0, 1e9, -1.0, 2.0, 3.0, float("nan"), 4.0],
            "year": pd.array([2020] * (n - 1) + [None], dtype="Int64"),
            "date": pd.to_datetime(["2021-02-03"] * n),
            "source_id": ["s1", "s2"] * (n // 2),
            "verification": ["reported"] * n,
        }
    )


SOURCES = pd.DataFrame(
    {
        "source_id": ["s1", "s2", "s3"],
        "title": ["One", "=Two", "Three"],
        "publisher": ["P1", "P2", "P3"],
        "author": [None, None, None],
        "published": ["2020", "2021", "2022"],
        "url": ["https://a", None, "https://c"],
        "seed_file": [None, None, None],
        "licence": ["CC BY 4.0", "not stated", "CC0"],
        "retrieved": ["2025-01-01"] * 3,
        "kind": ["publisher_dataset"] * 3,
    }
)


@pytest.mark.parametrize("text", HOSTILE[:6])
def test_formula_triggers_are_prefixed(text):
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["plain", "a=b", 5, -5.0, None])
def test_other_values_unchanged(value):
    assert neutralise_cell(value) == value


def test_neutralise_frame_leaves_numbers_numeric():
    out = neutralise_frame(rows())
    assert out["value_usd"].tolist()[0] == -5.5
    assert pd.api.types.is_float_dtype(out["value_usd"])
    assert out["text"].tolist()[:2] == ["'=1+1", "'+SUM(A1)"]


def test_csv_neutralised_numbers_intact_and_bom():
    data = to_csv_bytes(rows())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(back) == len(HOSTILE)
    assert back.loc[0, "text"] == "'=1+1"
    assert back.loc[2, "text"] == "'-2+3"
    assert back.loc[6, "text"] == "plain"
    assert back.loc[0, "value_usd"] == -5.5
    assert back.loc[0, "date"] == "2021-02-03"


def test_parquet_round_trip_keeps_values_exactly():
    frame = rows().iloc[[1, 3, 5]]  # a filtered slice with a gappy index
    back = pd.read_parquet(io.BytesIO(to_parquet_bytes(frame)))
    assert back["text"].tolist() == ["+SUM(A1)", "@cmd", "\rCR"]
    assert back["year"].dtype == "Int64"


def test_xlsx_has_three_sheets_neutralised_text_and_numeric_cells():
    about = about_rows(
        "trade",
        "countries: KAZ; years: 2015–2020",
        "abc123",
        len(HOSTILE),
        view_url="http://x/trade?countries=KAZ",
        downloaded_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(rows(), SOURCES, about)))
    assert book.sheetnames == ["Data", "Sources", "About"]
    data = list(book["Data"].values)
    header, body = data[0], data[1:]
    assert len(body) == len(HOSTILE)
    col = {name: i for i, name in enumerate(header)}
    # openpyxl leaves xlsxwriter's escape for a carriage return (_x000D_) as it is
    texts = [r[col["text"]].replace("_x000D_", "\r") for r in body[:6]]
    assert texts == ["'" + t for t in HOSTILE[:6]]
    # no cell is a formula
    for row in book["Data"].iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    assert body[0][col["value_usd"]] == -5.5
    assert isinstance(body[0][col["year"]], int | float)
    assert body[-1][col["year"]] is None
    assert body[6][col["value_usd"]] is None or body[6][col["value_usd"]] == "#NUM!"
    assert isinstance(body[0][col["date"]], datetime)

    sources = list(book["Sources"].values)
    assert [r[0] for r in sources[1:]] == ["s1", "s2"]
    assert "licence" in sources[0]
    assert sources[2][1] == "'=Two"

    about_sheet = dict(list(book["About"].values)[1:])
    assert about_sheet["Data version"] == "abc123"
    assert about_sheet["Filters applied"].startswith("countries: KAZ")
    assert about_sheet["Downloaded at"] == "2025-01-02 03:04:05 UTC"
    assert about_sheet["Rows"] == str(len(HOSTILE))


def test_xlsx_of_empty_rows_still_has_headers():
    empty = rows().iloc[0:0]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(empty, SOURCES, [("a", "b")])))
    assert list(book["Data"].values)[0][0] == "text"
    assert len(list(book["Sources"].values)) == 1


def test_sources_for_rows_only_cited():
    cited = sources_for_rows(pd.DataFrame({"source_id": ["s3", "s3", None]}), SOURCES)
    assert cited["source_id"].tolist() == ["s3"]
    joined = sources_for_rows(pd.DataFrame({"source_id": ["s1;s2", "s3+s1"]}), SOURCES)
    assert joined["source_id"].tolist() == ["s1", "s2", "s3"]
    assert "seed_file" not in cited.columns


def test_points_to_geojson_skips_rows_without_coordinates():
    frame = pd.DataFrame(
        {
            "incident_id": ["a", "b"],
            "lat": [37.1, None],
            "lon": [68.2, 69.0],
            "date_start": pd.to_datetime(["2022-01-01", "2022-01-02"]),
            "fatalities_min": pd.array([3, None], dtype="Int64"),
        }
    )
    collection = json.loads(to_geojson_bytes(points_to_geojson(frame)))
    assert len(collection["features"]) == 1
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [68.2, 37.1]}
    assert feature["properties"] == {
        "incident_id": "a",
        "date_start": "2022-01-01",
        "fatalities_min": 3,
    }


def test_features_for_rows_keeps_only_filtered_features_with_row_fields():
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"corridor_id": cid},
                "geometry": {"type": "LineString", "coordinates": [[60, 40], [61, 41]]},
            }
            for cid in ("c1", "c2", "c3")
        ],
    }
    frame = pd.DataFrame({"corridor_id": ["c3", "c1"], "status": ["planned", None]})
    out = features_for_rows(collection, frame, "corridor_id")
    assert [f["properties"]["corridor_id"] for f in out["features"]] == ["c1", "c3"]
    assert out["features"][0]["properties"]["status"] is None
    json.dumps(out)


def test_rows_whose_terms_forbid_raw_downloads_are_withheld():
    from dashboard_core.data.exports import withhold_restricted

    frame = rows().assign(raw_download_allowed=pd.array([True, False, None, True] * 2, "boolean"))
    kept, withheld = withhold_restricted(frame)
    assert withheld == 2 and len(kept) == 6
    assert withhold_restricted(rows())[1] == 0
