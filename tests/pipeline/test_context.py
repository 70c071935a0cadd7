"""Map context layers and the province join, on the Natural Earth extracts in ../shared/realdata."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from dashboard_core.data import paths
from dashboard_core.pipeline import context

REALDATA = paths.DEFAULT_REALDATA
pytestmark = pytest.mark.skipif(
    not (REALDATA / "geometry").is_dir(), reason=f"Natural Earth extracts not found at {REALDATA}"
)


@pytest.fixture(scope="module")
def provinces():
    return context.load_provinces(REALDATA)


def test_province_names_are_fixed_where_the_copy_is_out_of_date(provinces) -> None:
    names = set(provinces["province"])
    assert {"Daykundi", "Panjshir", "Sughd", "Dashoguz", "Lebap"} <= names
    assert {"Tashkent Region", "Tashkent City"} <= names
    assert not {"Leninabad", "Tashauz", "Chardzhou", "Tadzhikistan Territories"} & names
    assert provinces["province"].notna().all()
    # one name per area now (Uruzgan, Parwan and Tashkent appeared twice in the copy)
    assert not provinces.duplicated(["iso3", "province"]).any()


def test_points_get_the_province_they_lie_in(provinces) -> None:
    lat = pd.Series([36.70, 38.56, 41.31, 33.0, None])  # Mazar, Dushanbe, Tashkent, Pakistan
    lon = pd.Series([67.11, 68.77, 69.28, 73.0, 69.0])
    found = context.provinces_at(lat, lon, provinces)
    assert found["province"].tolist()[:3] == ["Balkh", "Dushanbe", "Tashkent City"]
    assert found["province"].isna().tolist()[3:] == [True, True]  # outside the six; no point


def test_context_layers_are_small_and_rounded() -> None:
    world = context.build_world(REALDATA)
    rivers = context.build_rivers(REALDATA)
    places = context.build_places(REALDATA)
    assert len(world["features"]) > 150  # far-away partners sit on land
    assert {f["properties"]["name"] for f in rivers["features"]} == set(
        context.MAIN_RIVERS.values()
    )
    assert context.layer_bytes(world) < 150_000
    coordinates = json.dumps([f["geometry"]["coordinates"] for f in world["features"]])
    assert max(len(d) for d in re.findall(r"\.(\d+)", coordinates)) == 1  # 0.1 degree
    kabul = [f for f in places["features"] if f["properties"]["name"] == "Kabul"]
    assert kabul and kabul[0]["properties"]["capital"] is True
    assert kabul[0]["properties"]["zoom"] < 3.5  # labelled on the regional view


def test_the_caspian_is_no_lake_here() -> None:
    names = {f["properties"]["name"] for f in context.build_water(REALDATA)["features"]}
    assert "Aral Sea" in names and "Caspian Sea" not in names
