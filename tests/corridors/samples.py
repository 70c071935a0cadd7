"""Sample rows and helpers shared by the corridors tests."""

from __future__ import annotations

import pandas as pd

# Termez (67.28, 37.22) - Mazar-i-Sharif (67.11, 36.71) - Kabul (69.17, 34.53)
GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"corridor_id": "trans-afghan-rail"},
            "geometry": {
                "type": "LineString",
                "coordinates": [[67.28, 37.22], [67.11, 36.71], [69.17, 34.53]],
            },
        },
        {
            "type": "Feature",
            "properties": {"corridor_id": "casa-1000"},
            "geometry": {"type": "LineString", "coordinates": [[72.8, 40.9], [69.2, 34.5]]},
        },
        {
            "type": "Feature",
            "properties": {"corridor_id": "cafo-canal"},
            "geometry": {"type": "LineString", "coordinates": [[66.0, 37.2], [65.0, 36.9]]},
        },
        {
            "type": "Feature",
            "properties": {"corridor_id": "tapi"},
            "geometry": {
                "type": "MultiLineString",
                "coordinates": [[[62.0, 37.0], [65.0, 32.0]], [[65.0, 32.0], [67.0, 31.0]]],
            },
        },
    ],
}


def synthetic_corridors() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "corridor_id": ["trans-afghan-rail", "casa-1000", "tapi", "cafo-canal"],
            "name": [
                "Trans-Afghan Railway (Termez-Kabul)",
                "CASA-1000",
                "TAPI gas pipeline",
                "Qosh Tepa canal",
            ],
            "mode": ["rail", "power_line", "gas_pipeline", "canal"],
            "countries": ["UZB;AFG;PAK", "KGZ;TJK;AFG;PAK", "TKM;AFG;PAK;IND", "AFG"],
            "status": ["planned", "under_construction", "under_construction", "proposed"],
            "length_km": [573, 1227, None, 285],
            "cost_usd_min": [4.6e9, 1.16e9, None, None],
            "cost_usd_max": [7.0e9, 1.16e9, None, None],
            "financiers": ["World Bank;ADB", "World Bank", None, None],
            "start_year": [2025, 2016, None, None],
            "completion_year": [2030, None, 2027, None],
            "geometry_precision": ["schematic", "schematic", "schematic", "surveyed"],
            "summary": ["Rail", "Power", "Gas", "Canal"],
            "source_id": ["psm14", "psm14", "ca-digest", "psm14"],
            "locator": ["L10", "L11", "L12", "L13"],
            "verification": ["seed_verified", "seed_verified", "reported", "seed_verified"],
            "waypoint_names": ["Termez;Mazar-i-Sharif;Kabul", "Datka;Kabul", None, None],
            "cited_source": [None, None, None, None],
            "note": [None, None, None, None],
        }
    )
