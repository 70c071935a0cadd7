"""The build: data/raw + publisher files in shared/realdata -> data/clean + data/datapackage.json.

Same inputs give byte-identical outputs: rows are sorted, columns ordered, no timestamps written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard_core.data import contract
from dashboard_core.data.dictionary import TABLE_DESCRIPTIONS, field_doc
from dashboard_core.data.loading import split_list
from dashboard_core.data.naming import short_source_names
from dashboard_core.data.preference import mark_displacement, mark_trade
from dashboard_core.data.validate import years_covered
from dashboard_core.pipeline import countries as countries_mod
from dashboard_core.pipeline import (
    eurostat,
    gazetteer,
    geometry,
    statgovkz,
    statkg,
    statuz,
    ucdp,
    unhcr,
    wdi,
)
from dashboard_core.pipeline.raw import (
    RawDataError,
    RawIssue,
    check_and_type,
    check_unique,
    read_raw_table,
)

HAND_TABLES = ("sources", "trade", "displacement", "incidents", "corridors", "events")
SORT_KEYS: dict[str, list[str]] = {
    "countries": ["iso3"],
    "trade": [
        "reporter_iso3", "partner_iso3", "flow", "commodity", "measure", "period_start",
        "period_end", "source_id", "locator", "value_original",
    ],
    "displacement": [
        "origin_iso3", "location_iso3", "population_type", "measure", "group", "period_start",
        "period_end", "source_id", "locator", "value",
    ],
    "incidents": ["incident_id"],
    "corridors": ["corridor_id"],
    "events": ["event_id"],
    "sources": ["source_id"],
    "population": ["iso3", "year"],
    "cities": ["geonameid"],
    "conflicts": ["conflict_id", "year"],
}  # fmt: skip
INTEGER_COLUMNS = {
    "year", "start_year", "completion_year", "fatalities_min", "fatalities_max", "injuries",
    "place_geonameid", "geonameid", "intensity_level",
}  # fmt: skip


GEOJSON_DESCRIPTIONS = {
    "boundaries": "Natural Earth 1:50m country boundaries (de facto lines), clipped and simplified",
    "corridors": "Schematic corridor lines through GeoNames waypoint cities",
}


class BuildError(RuntimeError):
    """A build input is missing or wrong; the message says which and where."""


@dataclass
class BuildResult:
    tables: dict[str, pd.DataFrame]
    geojson: dict[str, dict]
    written: list[Path] = field(default_factory=list)
    version: str = ""


def read_hand_tables(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Every data/raw table, checked and typed; all problems reported at once."""
    tables: dict[str, pd.DataFrame] = {}
    issues: list[RawIssue] = []
    keys = {"sources": "source_id", "incidents": "incident_id", "corridors": "corridor_id"}
    keys["events"] = "event_id"
    for table in HAND_TABLES:
        frame, read_issues = read_raw_table(table, raw_dir)
        typed, type_issues = check_and_type(table, frame)
        issues += read_issues + type_issues
        if table in keys:
            issues += check_unique(frame, keys[table])
        tables[table] = typed
    if issues:
        raise RawDataError(issues)
    return tables


def read_fx(raw_dir: Path) -> pd.DataFrame:
    path = raw_dir / "reference" / "fx_eur_usd.csv"
    if not path.exists():
        raise BuildError(f"{path} is missing: the EUR->USD rate table is needed for Eurostat rows")
    fx = pd.read_csv(path)
    missing = {"year", "usd_per_eur", "source_id"} - set(fx.columns)
    if missing:
        raise BuildError(f"{path}: header lacks {', '.join(sorted(missing))}")
    return fx


def place_incidents(incidents: pd.DataFrame) -> pd.DataFrame:
    """Give each incident the coordinates of its gazetteer place."""
    if incidents.empty:
        return incidents.assign(lat=pd.Series(dtype=float), lon=pd.Series(dtype=float))
    ids = incidents["place_geonameid"].astype("int64")
    places = gazetteer.cities_by_geonameid(sorted(set(ids)))
    coords = places.set_index("geonameid")[["lat", "lon"]]
    return incidents.assign(
        lat=ids.map(coords["lat"]).astype(float), lon=ids.map(coords["lon"]).astype(float)
    )


def corridor_geojson(corridors: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """Schematic LineStrings through the waypoint cities, and those cities."""
    all_ids = sorted({int(i) for cell in corridors["waypoints"] for i in split_list(cell)})
    places = gazetteer.cities_by_geonameid(all_ids).set_index("geonameid")
    features = []
    for _, row in corridors.sort_values("corridor_id").iterrows():
        ids = [int(i) for i in split_list(row["waypoints"])]
        if len(ids) < 2:
            raise BuildError(f"corridor {row['corridor_id']}: needs at least two waypoints")
        coords = [
            [round(float(places.at[i, "lon"]), 4), round(float(places.at[i, "lat"]), 4)]
            for i in ids
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "corridor_id": row["corridor_id"],
                    "name": row["name"],
                    "mode": row["mode"],
                    "status": row["status"],
                    "geometry_precision": row["geometry_precision"],
                    "waypoint_names": [str(places.at[i, "name"]) for i in ids],
                },
                "geometry": {"type": "LineString", "coordinates": coords},
            }
        )
    return {"type": "FeatureCollection", "features": features}, places.reset_index()


def build_cities(
    incidents: pd.DataFrame, waypoints: pd.DataFrame, countries: pd.DataFrame
) -> pd.DataFrame:
    kinds: dict[int, set[str]] = {}
    rows: dict[int, dict] = {}

    def add(geonameid: int, name: str, iso3: str, lat: float, lon: float, kind: str) -> None:
        rows.setdefault(
            geonameid, {"name": name, "iso3": iso3, "lat": lat, "lon": lon, "geonameid": geonameid}
        )
        kinds.setdefault(geonameid, set()).add(kind)

    for iso3 in countries.loc[countries["group"].isin(["focus", "neighbour"]), "iso3"]:
        capital = gazetteer.capital_city(iso3)
        if capital is not None:
            name, lat, lon, geonameid = capital
            add(int(geonameid), name, iso3, lat, lon, "capital")
    ids = sorted({int(i) for i in incidents["place_geonameid"].dropna()})
    for _, place in gazetteer.cities_by_geonameid(ids).iterrows():
        add(
            int(place["geonameid"]),
            place["name"],
            place["iso3"],
            place["lat"],
            place["lon"],
            "incident_place",
        )
    for _, place in waypoints.iterrows():
        add(
            int(place["geonameid"]),
            place["name"],
            place["iso3"],
            place["lat"],
            place["lon"],
            "waypoint",
        )
    frame = pd.DataFrame(rows.values())
    frame["kind"] = frame["geonameid"].map(lambda g: ";".join(sorted(kinds[g])))
    return frame


def iso3_codes_used(tables: dict[str, pd.DataFrame]) -> set[str]:
    codes: set[str] = set(contract.FOCUS_ISO3) | set(contract.NEIGHBOUR_ISO3)
    for table, frame in tables.items():
        for column in [c for c in frame.columns if c.endswith("_iso3")]:
            for cell in frame[column].dropna().astype(str).unique():
                codes |= set(split_list(cell))  # conflicts.location_iso3 is a list
        if table in ("corridors", "events") and "countries" in frame.columns:
            for cell in frame["countries"]:
                codes |= set(split_list(cell))
    return codes


def finalise(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Contract columns first, extras in name order; typed, sorted, private columns dropped."""
    frame = frame.drop(columns=[c for c in frame.columns if c.startswith("_")])
    first = list(contract.TABLE_COLUMNS[table])
    for column in first:
        if column not in frame.columns:
            frame[column] = pd.NA
    extras = sorted(c for c in frame.columns if c not in first)
    frame = frame[first + extras].copy()
    for column in frame.columns:
        if pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].astype("bool")
        elif column in INTEGER_COLUMNS:
            frame[column] = pd.to_numeric(frame[column]).round().astype("Int64")
        elif pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].astype("datetime64[ms]")
        elif pd.api.types.is_numeric_dtype(frame[column]) and column not in INTEGER_COLUMNS:
            frame[column] = frame[column].astype("float64")
        else:
            frame[column] = frame[column].astype("string")
    keys = [k for k in SORT_KEYS[table] if k in frame.columns]
    return frame.sort_values(keys, kind="mergesort", na_position="last").reset_index(drop=True)


def mark_preferred(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The `preferred` and `not_preferred_reason` columns of trade and displacement (see
    `data.preference`), computed on the final row order."""
    names = short_source_names(tables["sources"])
    out = dict(tables)
    out["trade"] = finalise("trade", tables["trade"].join(mark_trade(tables["trade"], names)))
    displacement = tables["displacement"]
    marks = mark_displacement(displacement, names)
    out["displacement"] = finalise("displacement", displacement.join(marks))
    return out


def assemble(raw_dir: Path, realdata: Path) -> BuildResult:
    if not realdata.is_dir():
        raise BuildError(
            f"publisher data folder not found at {realdata}: pass --realdata PATH "
            "(the folder holding unhcr/, trade/, wdi/, geometry/)"
        )
    hand = read_hand_tables(raw_dir)
    fx = read_fx(raw_dir)
    trade = pd.concat(
        [
            hand["trade"],
            statuz.load_statuz_trade(realdata),
            statkg.load_statkg_trade(realdata, raw_dir),
            statgovkz.load_statgovkz_trade(realdata, raw_dir),
            eurostat.load_eurostat_trade(realdata, fx),
        ],
        ignore_index=True,
    )
    displacement = pd.concat(
        [hand["displacement"], unhcr.load_unhcr_displacement(realdata)], ignore_index=True
    )
    incidents = place_incidents(hand["incidents"])
    corridor_fc, waypoints = corridor_geojson(hand["corridors"])
    population = wdi.load_wdi_population(realdata)
    tables = {
        "trade": trade,
        "displacement": displacement,
        "incidents": incidents,
        "corridors": hand["corridors"],
        "events": hand["events"],
        "population": population,
        "conflicts": ucdp.load_conflicts(realdata),
    }
    countries = countries_mod.build_countries(sorted(iso3_codes_used(tables)))
    tables["countries"] = countries
    tables["cities"] = build_cities(incidents, waypoints, countries)
    tables["sources"] = hand["sources"]
    tables = {name: finalise(name, frame) for name, frame in tables.items()}
    tables = mark_preferred(tables)
    geojson = {"boundaries": geometry.build_boundaries(realdata), "corridors": corridor_fc}
    return BuildResult(tables=tables, geojson=geojson)


def write_outputs(result: BuildResult, data_dir: Path) -> BuildResult:
    clean = data_dir / "clean"
    clean.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in sorted(result.tables):
        path = clean / f"{name}.parquet"
        result.tables[name].to_parquet(path, index=False, compression="zstd")
        written.append(path)
    for name in sorted(result.geojson):
        path = clean / f"{name}.geojson"
        geometry.write_geojson(result.geojson[name], path)
        written.append(path)
    result.version = content_version(written)
    package_path = data_dir / "datapackage.json"
    package = datapackage(result)
    package_path.write_text(
        json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    result.written = [*written, package_path]
    return result


def content_version(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _years(frame: pd.DataFrame) -> list[int] | None:
    covered = years_covered(frame)
    return list(covered) if covered else None


def _frictionless_type(table: str, column: str, series: pd.Series) -> str:
    doc = field_doc(table, column)
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if doc.type == "year":
        return "integer"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    return "string"


def datapackage(result: BuildResult) -> dict:
    sources = result.tables["sources"]
    resources = []
    for name in sorted(result.tables):
        frame = result.tables[name]
        fields = []
        for column in frame.columns:
            doc = field_doc(name, column)
            entry = {"name": column, "type": _frictionless_type(name, column, frame[column])}
            if doc.unit:
                entry["unit"] = doc.unit
            entry["description"] = doc.description
            fields.append(entry)
        used = sorted(set(frame["source_id"].dropna())) if "source_id" in frame.columns else []
        resources.append(
            {
                "name": name,
                "path": f"clean/{name}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": TABLE_DESCRIPTIONS.get(name, ""),
                "rows": len(frame),
                "years": _years(frame),
                "schema": {"fields": fields},
                "sources": used,
            }
        )
    for name in sorted(result.geojson):
        resources.append(
            {
                "name": f"{name}_geometry",
                "path": f"clean/{name}.geojson",
                "format": "geojson",
                "mediatype": "application/geo+json",
                "description": GEOJSON_DESCRIPTIONS[name],
                "features": len(result.geojson[name]["features"]),
            }
        )
    return {
        "profile": "data-package",
        "name": "central-asia-monitor",
        "title": "Central Asia Monitor: trade, displacement, incidents and corridors",
        "version": result.version,
        "licenses": [
            {
                "name": "mixed",
                "title": "Each figure keeps its source's licence; see sources",
            }
        ],
        "sources": [
            {
                "id": row["source_id"],
                "title": row["title"],
                "path": row["url"] if pd.notna(row["url"]) else None,
                "publisher": row["publisher"] if pd.notna(row["publisher"]) else None,
                "licence": row["licence"] if pd.notna(row["licence"]) else None,
            }
            for _, row in sources.iterrows()
        ],
        "resources": resources,
    }


def build(raw_dir: Path, realdata: Path, data_dir: Path) -> BuildResult:
    return write_outputs(assemble(raw_dir, realdata), data_dir)
