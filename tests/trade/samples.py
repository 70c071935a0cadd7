"""Sample rows and helpers shared by the trade tests."""

from __future__ import annotations

import pandas as pd

NAMES = {
    "UZB": "Uzbekistan",
    "AFG": "Afghanistan",
    "KAZ": "Kazakhstan",
    "DEU": "Germany",
    "EU27": "EU",
    "CHN": "China",
    "RUS": "Russia",
}


SOURCES = {"statuz": "stat.uz", "seed": "Seed doc", "eurostat": "Eurostat"}


def row(
    rep,
    par,
    flow,
    start,
    end,
    year,
    value,
    source="statuz",
    measure="observed",
    ver="official_release",
    note=None,
    commodity="TOTAL",
):
    return {
        "reporter_iso3": rep,
        "partner_iso3": par,
        "flow": flow,
        "commodity": commodity,
        "period_start": pd.Timestamp(start) if start else pd.NaT,
        "period_end": pd.Timestamp(end) if end else pd.NaT,
        "year": year,
        "measure": measure,
        "value_usd": value,
        "value_original": value,
        "currency_original": "USD",
        "source_id": source,
        "locator": "L1",
        "verification": ver,
        "note": note,
    }


def full(rep, par, flow, year, value, **kw):
    return row(rep, par, flow, f"{year}-01-01", f"{year}-12-31", year, value, **kw)


def month(rep, par, flow, year, m, value, **kw):
    start = pd.Timestamp(year=year, month=m, day=1)
    return row(rep, par, flow, start, start + pd.offsets.MonthEnd(0), year, value, **kw)


def frame(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    return df.astype({"year": "Int64"})
