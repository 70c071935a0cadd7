"""Country boundaries for the maps: Natural Earth 1:50m (de facto lines), clipped and simplified."""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import box, mapping, shape
from shapely.geometry.base import BaseGeometry

from dashboard_core.data import contract
from dashboard_core.pipeline import gazetteer

FILES: tuple[str, ...] = (
    "geometry/ne_50m_admin_0_countries_CA_AFG.geojson",
    "geometry/ne_50m_admin_0_countries_neighbours_IRN_PAK_CHN_RUS_AZE_IND.geojson",
)
SOURCE_ID = "natural-earth-50m"
BBOX: tuple[float, float, float, float] = (44.0, 23.0, 90.0, 56.0)  # lon/lat, EPSG:4326
TOLERANCE = 0.01  # degrees (~1 km); keeps the file well under 400 KB
DECIMALS = 4
MAX_BYTES = 400_000
DISPUTED_NOTES: dict[str, str] = {
    "IND": "Kashmir: Natural Earth draws de facto lines of control; the boundary is disputed "
    "between India, Pakistan and China.",
    "PAK": "Kashmir: de facto line of control shown; the boundary is disputed with India.",
    "CHN": "Aksai Chin and other Himalayan sectors: de facto lines shown; disputed with India.",
    "KGZ": "Sections of the border with Tajikistan were long undemarcated and contested; "
    "the line is Natural Earth's.",
    "TJK": "Sections of the border with Kyrgyzstan were long undemarcated and contested; "
    "the line is Natural Earth's.",
}


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Valid and polygonal: make_valid, then keep only (multi)polygon parts."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type == "GeometryCollection":
        parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(parts)
    return geom


def _prepare(geom: BaseGeometry) -> BaseGeometry:
    clipped = _polygonal(_polygonal(geom).intersection(box(*BBOX)))
    simple = clipped.simplify(TOLERANCE, preserve_topology=True)
    snapped = shapely.set_precision(simple, 10**-DECIMALS)
    return _polygonal(snapped)


def _round(value: object) -> object:
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, list | tuple):
        return [_round(v) for v in value]
    return value


def _group(iso3: str) -> str:
    return "focus" if iso3 in contract.FOCUS_ISO3 else "neighbour"


def build_boundaries(realdata: Path) -> dict:
    """FeatureCollection of the six focus countries and their neighbours (iso3, name, group)."""
    features = []
    for file in FILES:
        data = json.loads((realdata / file).read_text(encoding="utf-8"))
        for feature in data["features"]:
            iso3 = feature["properties"]["adm0_a3"]
            if iso3 not in contract.FOCUS_ISO3 + contract.NEIGHBOUR_ISO3:
                continue
            geom = _prepare(shape(feature["geometry"]))
            if geom.is_empty:
                continue
            geometry = mapping(geom)
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "iso3": iso3,
                        "name": gazetteer.country_name(iso3) or feature["properties"]["name"],
                        "group": _group(iso3),
                        "disputed_note": DISPUTED_NOTES.get(iso3, ""),
                    },
                    "geometry": {
                        "type": geometry["type"],
                        "coordinates": _round(geometry["coordinates"]),
                    },
                }
            )
    features.sort(key=lambda f: (f["properties"]["group"] != "focus", f["properties"]["iso3"]))
    return {"type": "FeatureCollection", "features": features}


def dumps(fc: dict) -> str:
    """Compact, deterministic GeoJSON text."""
    return json.dumps(fc, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def write_geojson(fc: dict, path: Path) -> None:
    """Write a FeatureCollection as compact UTF-8 JSON (same input, same bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(fc), encoding="utf-8", newline="\n")
