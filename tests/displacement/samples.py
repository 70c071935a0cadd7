"""Sample displacement rows shared by the displacement tests."""

from __future__ import annotations

import pandas as pd

NAMES = {
    "AFG": "Afghanistan",
    "IRN": "Iran",
    "PAK": "Pakistan",
    "TJK": "Tajikistan",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "SYR": "Syria",
    "IRQ": "Iraq",
    "DEU": "Germany",
    "PSE": "Palestine",
}


SOURCES = {"unhcr": "UNHCR", "seed": "Digest (document)"}


def rec(
    origin,
    loc,
    ptype,
    measure,
    year,
    value,
    group="total",
    start=None,
    end=None,
    source="unhcr",
    ver="official_release",
    operation=None,
    note=None,
):
    if start is None and end is None and source == "unhcr":
        start, end = f"{year}-01-01", f"{year}-12-31"
    return {
        "origin_iso3": origin,
        "location_iso3": loc,
        "population_type": ptype,
        "measure": measure,
        "group": group,
        "period_start": pd.Timestamp(start) if start else pd.NaT,
        "period_end": pd.Timestamp(end) if end else pd.NaT,
        "year": year,
        "value": value,
        "operation": operation,
        "source_id": source,
        "locator": "L1",
        "verification": ver,
        "note": note,
    }


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows).astype({"year": "Int64"})
