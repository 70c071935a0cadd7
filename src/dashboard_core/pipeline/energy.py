"""Energy infrastructure in the six from Global Energy Monitor's trackers (CC BY 4.0): hydropower
plants, oil and gas power plants (one row per unit, as published) and oil and gas extraction
fields. Capacities are the trackers' own, in MW; nothing is filled in where a tracker is silent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from dashboard_core.data import contract

HYDRO_FILE = "energy/gem_hydropower_tracker_2025-04-21_CA_AFG.geojson"
PLANTS_FILE = "energy/gem_oil_gas_plant_tracker_2024-08-29_CA_AFG.csv"
FIELDS_FILE = "energy/gem_oil_gas_extraction_tracker_2025-02-26_CA_AFG.csv"
SOURCE_IDS = {
    "hydropower": "gem-hydropower",
    "oil_gas_plant": "gem-oil-gas-plants",
    "extraction_field": "gem-oil-gas-extraction",
}
ASSET_KINDS: tuple[str, ...] = tuple(SOURCE_IDS)
# GEM's status words, normalised (in_development and pre-construction stay distinct: the trackers
# use them for different stages of different kinds of asset).
STATUSES: tuple[str, ...] = (
    "operating",
    "construction",
    "pre-construction",
    "announced",
    "in_development",
    "discovered",
    "exploration",
    "shelved",
    "cancelled",
    "retired",
    "not_stated",
)
COLUMNS: tuple[str, ...] = (
    "asset_id", "name", "kind", "fuel", "status", "capacity_mw", "start_year", "country_iso3",
    "lat", "lon", "location_accuracy", "source_id", "locator", "verification",
)  # fmt: skip


# The trackers name countries in English; these are all the extracts use.
COUNTRY_CODES: dict[str, str] = {
    "Afghanistan": "AFG",
    "Kazakhstan": "KAZ",
    "Kyrgyzstan": "KGZ",
    "Tajikistan": "TJK",
    "Turkmenistan": "TKM",
    "Uzbekistan": "UZB",
    "Russia": "RUS",
}


def _iso3(names: pd.Series, file: str) -> pd.Series:
    """Country names -> ISO3. A field shared by two countries ("Russia-Kazakhstan") goes to the
    one of the six (the other country's name stays in the tracker)."""

    def one(name: object) -> str:
        parts = [p.strip() for p in str(name).replace(";", "-").split("-") if p.strip()]
        unknown = [p for p in parts if p not in COUNTRY_CODES]
        if not parts or unknown:
            raise ValueError(f"{file}: country not understood: {name!r}")
        codes = [COUNTRY_CODES[p] for p in parts]
        focus = [c for c in codes if c in contract.FOCUS_ISO3]
        return focus[0] if focus else codes[0]

    return names.map(one)


def _status(values: pd.Series) -> pd.Series:
    cleaned = values.fillna("not_stated").astype(str).str.strip().str.lower()
    cleaned = cleaned.replace({"": "not_stated"})
    unknown = sorted(set(cleaned) - set(STATUSES))
    if unknown:
        raise ValueError(f"GEM status not understood: {', '.join(unknown)}")
    return cleaned


def _year(values: pd.Series) -> pd.Series:
    """Start years as integers; ranges or words ("2026-2027", "TBD") stay empty."""
    text = values.astype("string").str.strip().str.replace(r"\.0$", "", regex=True)
    return pd.to_numeric(text.where(text.str.fullmatch(r"\d{4}")), errors="coerce").astype("Int64")


def load_hydropower(realdata: Path) -> pd.DataFrame:
    path = realdata / HYDRO_FILE
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    props = pd.DataFrame([f["properties"] for f in features])
    return pd.DataFrame(
        {
            "asset_id": props["id"],
            "name": props["name"],
            "kind": "hydropower",
            "fuel": "water",
            "status": _status(props["status"]),
            "capacity_mw": pd.to_numeric(props["capacity"], errors="coerce"),
            "start_year": _year(props["start-year"]),
            "country_iso3": _iso3(props["areas"], path.name),
            "lat": pd.to_numeric(props["Latitude"], errors="coerce"),
            "lon": pd.to_numeric(props["Longitude"], errors="coerce"),
            "location_accuracy": pd.NA,
            "source_id": SOURCE_IDS["hydropower"],
            "locator": [f"{path.name}#id={i}" for i in props["id"]],
        }
    )


def load_plants(realdata: Path) -> pd.DataFrame:
    path = realdata / PLANTS_FILE
    rows = pd.read_csv(path, dtype={"unit": "string"})
    line = rows.index + 2  # the header is line 1
    unit = rows["unit"].fillna("").str.strip()
    return pd.DataFrame(
        {
            "asset_id": [
                f"{p} unit {u}" if u else p for p, u in zip(rows["project"], unit, strict=True)
            ],
            "name": rows["project"],
            "kind": "oil_gas_plant",
            "fuel": rows["fuel_type"],
            "status": _status(rows["status"]),
            "capacity_mw": pd.to_numeric(rows["capacity"], errors="coerce"),
            "start_year": _year(rows["start_year"]),
            "country_iso3": _iso3(rows["country"], path.name),
            "lat": pd.to_numeric(rows["lat"], errors="coerce"),
            "lon": pd.to_numeric(rows["lng"], errors="coerce"),
            "location_accuracy": pd.NA,
            "source_id": SOURCE_IDS["oil_gas_plant"],
            "locator": [f"{path.name}#L{n}" for n in line],
        }
    )


def load_fields(realdata: Path) -> pd.DataFrame:
    path = realdata / FIELDS_FILE
    rows = pd.read_csv(path)
    name = rows["wiki-name"].str.replace(r"\s*\([^)]*\)\s*$", "", regex=True)
    return pd.DataFrame(
        {
            "asset_id": rows["unit-id"],
            "name": name,
            "kind": "extraction_field",
            "fuel": "oil and gas",
            "status": _status(rows["status"]),
            "capacity_mw": float("nan"),
            "start_year": _year(rows["production-start-year"]),
            "country_iso3": _iso3(rows["country/area"], path.name),
            "lat": pd.to_numeric(rows["lat"], errors="coerce"),
            "lon": pd.to_numeric(rows["lng"], errors="coerce"),
            "location_accuracy": rows["location-accuracy"],
            "source_id": SOURCE_IDS["extraction_field"],
            "locator": [f"{path.name}#unit-id={i}" for i in rows["unit-id"]],
        }
    )


def load_energy(realdata: Path) -> pd.DataFrame:
    """Every asset of the three trackers in the six, with its provenance."""
    for name in (HYDRO_FILE, PLANTS_FILE, FIELDS_FILE):
        if not (realdata / name).exists():
            raise FileNotFoundError(f"{realdata / name} is missing (Global Energy Monitor extract)")
    frame = pd.concat(
        [load_hydropower(realdata), load_plants(realdata), load_fields(realdata)],
        ignore_index=True,
    )
    frame["verification"] = "official_release"
    duplicated = frame["asset_id"].duplicated(keep=False)
    if duplicated.any():
        raise ValueError(
            "GEM asset ids repeat: " + ", ".join(sorted(set(frame.loc[duplicated, "asset_id"])))
        )
    return frame[list(COLUMNS)]
