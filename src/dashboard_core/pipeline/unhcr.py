"""UNHCR Refugee Population Statistics (refugees R package extracts) -> displacement rows.

NA and zero policy: empty cells are gaps and are dropped. Zeros occur only in the population
file, where the wide layout fills every category of a row that exists because some other
category is non-zero; UNHCR publishes no separate "none" marker, so those zeros carry no
information and are dropped too. Nothing is filled, summed or estimated.

Returned refugees and returned IDPs are flows within the year; the population file repeats the
solutions file's figures for them (checked cell by cell), so they are taken from solutions only.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard_core.data import contract

FILES: dict[str, str] = {
    "population": "unhcr/refugees_pkg_population_CA_AFG.csv",
    "solutions": "unhcr/refugees_pkg_solutions_CA_AFG.csv",
    "flows": "unhcr/refugees_pkg_flows_CA_AFG.csv",
}
SOURCE_IDS: dict[str, str] = {
    "population": "unhcr-population",
    "solutions": "unhcr-solutions",
    "flows": "unhcr-flows",
}
# file -> {UNHCR column: (population_type, measure, subtype)}
COLUMN_MAP: dict[str, dict[str, tuple[str, str, str | None]]] = {
    "population": {
        "refugees": ("refugees", "stock", None),
        "asylum_seekers": ("asylum_seekers", "stock", None),
        "idps": ("idps", "stock", None),
        "stateless": ("stateless", "stock", None),
        "ooc": ("others_of_concern", "stock", None),
        "oip": ("other_in_need", "stock", None),
        "hst": ("host_community", "stock", None),
    },
    "solutions": {
        "returned_refugees": ("returned_refugees", "flow", None),
        "resettlement": ("resettlement", "flow", None),
        "naturalisation": ("naturalisation", "flow", None),
        "returned_idps": ("returned_idps", "flow", None),
    },
    # UNHCR: refugee arrivals, refugee-like arrivals, OIP arrivals; asylum_seekers here are
    # new asylum applications (repeat and appeal applications excluded).
    "flows": {
        "refugees": ("new_arrivals", "flow", "refugees"),
        "refugee_like": ("new_arrivals", "flow", "refugee_like"),
        "oip": ("new_arrivals", "flow", "other_in_need"),
        "asylum_seekers": ("asylum_applications", "flow", "new_applications"),
    },
}
DUPLICATED_IN_SOLUTIONS: tuple[str, ...] = ("returned_refugees", "returned_idps")
# UNHCR's codes for an unknown or stateless origin/asylum: not ISO 3166, kept as given.
NON_ISO_CODES: dict[str, str] = {
    "UNK": "unknown (population, solutions, asylum files)",
    "UKN": "unknown/other (flows file)",
    "XXA": "stateless (population, asylum files)",
    "STA": "stateless (flows file)",
}
KEY_COLUMNS: tuple[str, ...] = ("year", "coo_iso", "coa_iso")
EXTRA_COLUMNS: tuple[str, ...] = ("subtype",)


def read_unhcr_file(realdata: Path, name: str) -> pd.DataFrame:
    """One UNHCR extract as published: codes as strings, figures as floats (NA kept)."""
    path = realdata / FILES[name]
    codes = {"coo_iso": str, "coa_iso": str}
    frame = pd.read_csv(path, dtype=codes, keep_default_na=False, na_values=[""])
    wanted = set(COLUMN_MAP[name]) | set(DUPLICATED_IN_SOLUTIONS)
    value_columns = [c for c in frame.columns if c in wanted]
    for column in value_columns:
        frame[column] = pd.to_numeric(frame[column], errors="raise").astype("float64")
    if frame.duplicated(list(KEY_COLUMNS)).any():
        raise ValueError(f"{path}: repeated (year, coo_iso, coa_iso) rows")
    return frame


def _check_returns_match(population: pd.DataFrame, solutions: pd.DataFrame) -> None:
    """The population file's return columns must equal the solutions file's, cell by cell."""
    keys = list(KEY_COLUMNS)
    merged = population.merge(solutions, on=keys, how="outer", suffixes=("_pop", "_sol"))
    for column in DUPLICATED_IN_SOLUTIONS:
        pop = merged[f"{column}_pop"].where(merged[f"{column}_pop"] != 0)
        sol = merged[f"{column}_sol"]
        if not pop.fillna(-1).equals(sol.fillna(-1)):
            raise ValueError(f"UNHCR {column}: population and solutions files disagree")


def _long(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    parts = []
    for column, (population_type, measure, subtype) in COLUMN_MAP[name].items():
        if column not in frame.columns:
            raise ValueError(f"{FILES[name]}: expected column {column!r} is missing")
        values = frame[column]
        keep = values.notna() & (values != 0)
        part = frame.loc[keep, list(KEY_COLUMNS)].copy()
        part["value"] = values[keep].astype("float64")
        part["population_type"] = population_type
        part["measure"] = measure
        part["subtype"] = subtype
        part["locator"] = f"{name}.csv#{column}"
        part["source_id"] = SOURCE_IDS[name]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def load_unhcr_displacement(realdata: Path) -> pd.DataFrame:
    """Population stocks, solutions and new-arrival flows as contract displacement rows."""
    frames = {name: read_unhcr_file(realdata, name) for name in FILES}
    _check_returns_match(frames["population"], frames["solutions"])
    long = pd.concat([_long(frames[name], name) for name in FILES], ignore_index=True)
    years = long["year"].astype("int64")
    out = pd.DataFrame(
        {
            "origin_iso3": long["coo_iso"].astype("string"),
            "location_iso3": long["coa_iso"].astype("string"),
            "population_type": long["population_type"].astype("string"),
            "measure": long["measure"].astype("string"),
            "group": pd.Series("total", index=long.index, dtype="string"),
            "period_start": pd.to_datetime(years.astype(str) + "-01-01"),
            "period_end": pd.to_datetime(years.astype(str) + "-12-31"),
            "year": years,
            "value": long["value"],
            "operation": pd.Series(pd.NA, index=long.index, dtype="string"),
            "source_id": long["source_id"].astype("string"),
            "locator": long["locator"].astype("string"),
            "verification": pd.Series("official_release", index=long.index, dtype="string"),
            "subtype": long["subtype"].astype("string"),
        }
    )
    order = [
        "origin_iso3", "location_iso3", "population_type", "measure", "year", "source_id",
        "locator",
    ]  # fmt: skip
    out = out.sort_values(order, kind="mergesort").reset_index(drop=True)
    return out[[*contract.TABLE_COLUMNS["displacement"], *EXTRA_COLUMNS]]


def non_iso_codes(frame: pd.DataFrame) -> dict[str, int]:
    """How many rows carry each UNHCR non-ISO code, in origin or location."""
    codes = pd.concat([frame["origin_iso3"], frame["location_iso3"]])
    counts = codes[codes.isin(list(NON_ISO_CODES))].value_counts()
    return {str(k): int(v) for k, v in sorted(counts.items())}
