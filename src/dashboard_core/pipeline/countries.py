"""The countries table: every ISO3 code the data uses, with English name, group and capital."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from dashboard_core.data import contract
from dashboard_core.pipeline import gazetteer

# Codes UNHCR uses where origin or asylum is not a country; kept as the publisher gives them.
UNHCR_PSEUDO_CODES: dict[str, str] = {
    "UNK": "Unknown (UNHCR code)",
    "UKN": "Unknown or other (UNHCR code)",
    "XXA": "Stateless (UNHCR code)",
    "STA": "Stateless (UNHCR code)",
}
COLUMNS: tuple[str, ...] = (
    *contract.TABLE_COLUMNS["countries"],
    "capital_geonameid",
    "iso2",
    "region",
)


def country_group(iso3: str) -> str:
    """'focus', 'neighbour', 'aggregate' (blocs and non-country codes) or 'partner'."""
    if iso3 in contract.FOCUS_ISO3:
        return "focus"
    if iso3 in contract.NEIGHBOUR_ISO3:
        return "neighbour"
    if iso3 in contract.AGGREGATE_CODES or iso3 in UNHCR_PSEUDO_CODES:
        return "aggregate"
    return "partner"


@lru_cache(maxsize=1)
def known_codes() -> frozenset[str]:
    """ISO3 codes GeoNames knows, and the aggregate and UNHCR codes kept as given."""
    return (
        frozenset(gazetteer.countries_by_iso3())
        | set(contract.AGGREGATE_CODES)
        | set(UNHCR_PSEUDO_CODES)
    )


def is_known_code(code: str) -> bool:
    return code in known_codes()


def _row(iso3: str) -> dict:
    group = country_group(iso3)
    if group == "aggregate":
        name = contract.AGGREGATE_CODES.get(iso3) or UNHCR_PSEUDO_CODES[iso3]
        return {"iso3": iso3, "name": name, "group": group}
    record = gazetteer.countries_by_iso3().get(iso3)
    if record is None:
        raise ValueError(f"country code {iso3!r} is neither ISO3 (GeoNames) nor a known aggregate")
    row = {
        "iso3": iso3,
        "name": record["name"],
        "group": group,
        "iso2": record["iso"],
        "region": gazetteer.continent_name(iso3),
    }
    capital = gazetteer.capital_city(iso3)
    if capital is not None:
        name, lat, lon, geonameid = capital
        row |= {
            "capital": name,
            "capital_lat": lat,
            "capital_lon": lon,
            "capital_geonameid": geonameid,
        }
    return row


def build_countries(iso3_codes: Iterable[str]) -> pd.DataFrame:
    """One row per distinct code, sorted; capitals from GeoNames (empty where none matches)."""
    codes = sorted({str(c).strip().upper() for c in iso3_codes if pd.notna(c) and str(c).strip()})
    frame = pd.DataFrame([_row(c) for c in codes], columns=list(COLUMNS))
    return frame.astype(
        {
            "capital_lat": "float64",
            "capital_lon": "float64",
            "capital_geonameid": "Int64",
        }
    )


def capital_failures(iso3_codes: Iterable[str]) -> list[str]:
    """Country codes (not aggregates) whose GeoNames capital could not be matched to a city."""
    frame = build_countries(iso3_codes)
    mask = (frame["group"] != "aggregate") & frame["capital"].isna()
    return frame.loc[mask, "iso3"].tolist()
