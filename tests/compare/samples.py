"""Sample rows and helpers shared by the compare tests."""

from __future__ import annotations

import pandas as pd


def trade_row(rep, par, flow, start, end, value, sid="statuz", ver="official_release", **kw):
    row = {
        "reporter_iso3": rep,
        "partner_iso3": par,
        "flow": flow,
        "commodity": "TOTAL",
        "period_start": start,
        "period_end": end,
        "year": int(start[:4]) if start else 2024,
        "measure": "observed",
        "value_usd": value,
        "value_original": value,
        "currency_original": "USD",
        "source_id": sid,
        "locator": "x",
        "verification": ver,
    }
    row.update(kw)
    return row


def synthetic_trade() -> pd.DataFrame:
    rows = [
        trade_row("UZB", "KAZ", "export", "2022-01-01", "2022-12-31", 1.0e9),
        trade_row("UZB", "KAZ", "import", "2022-01-01", "2022-12-31", 2.0e9),
        # a seed turnover figure for the same year: less verified, must not be added
        trade_row(
            "UZB", "KAZ", "turnover", "2022-01-01", "2022-12-31", 3.5e9, "seed", "seed_verified"
        ),
        # the same export twice from two sources: one wins
        trade_row("UZB", "TJK", "export", "2022-01-01", "2022-12-31", 0.4e9),
        trade_row(
            "UZB", "TJK", "export", "2022-01-01", "2022-12-31", 0.5e9, "seed", "seed_verified"
        ),
        trade_row("UZB", "TJK", "import", "2022-01-01", "2022-12-31", 0.1e9),
        trade_row("UZB", "AFG", "export", "2022-01-01", "2022-12-31", 0.7e9),
        trade_row("UZB", "AFG", "import", "2022-01-01", "2022-12-31", 0.1e9),
        # monthly and partial-year rows never join a yearly figure
        trade_row("UZB", "AFG", "export", "2022-01-01", "2022-01-31", 0.06e9),
        trade_row(
            "UZB", "AFG", "turnover", "2024-01-01", "2024-09-30", 0.9e9, "seed", "seed_verified"
        ),
        # a target is not an observation
        trade_row("UZB", "AFG", "turnover", "2023-01-01", "2023-12-31", 3e9, measure="target"),
        # seed turnover with only that figure
        trade_row(
            "TJK", "AFG", "turnover", "2023-01-01", "2023-12-31", 0.2e9, "seed", "seed_verified"
        ),
        # 2020 UZB-KAZ only: 2021 is a gap
        trade_row(
            "UZB", "KAZ", "turnover", "2020-01-01", "2020-12-31", 2.5e9, "seed", "seed_verified"
        ),
    ]
    return pd.DataFrame(rows)


def synthetic_displacement() -> pd.DataFrame:
    def row(origin, loc, ptype, year, value, sid="unhcr-pop", measure="stock", **kw):
        base = {
            "origin_iso3": origin,
            "location_iso3": loc,
            "population_type": ptype,
            "measure": measure,
            "group": "total",
            "period_start": f"{year}-01-01",
            "period_end": f"{year}-12-31",
            "year": year,
            "value": value,
            "operation": None,
            "source_id": sid,
            "locator": "x",
            "verification": "official_release",
        }
        base.update(kw)
        return base

    rows = [
        row("AFG", "TJK", "refugees", 2022, 6000),
        row("AFG", "TJK", "refugees", 2022, 6000, sid="unhcr-other"),  # duplicate cell
        row("UZB", "TJK", "refugees", 2022, 10),
        row("AFG", "TJK", "refugees", 2023, 7000),
        row("AFG", "TJK", "refugees", 2023, 300, group="women"),  # not the total
        row("AFG", "PAK", "refugees", 2023, 1_500_000),
        row("AFG", "IRN", "refugees", 2023, 750_000),
        row("AFG", "PAK", "returned_refugees", 2023, 20_000, measure="flow"),
        row(
            "KAZ",
            "SYR",
            "repatriated_nationals",
            2019,
            595,
            sid="seed",
            measure="flow",
            period_start="2019-01-06",
            period_end="2019-05-30",
        ),
        row(
            "KAZ",
            "SYR",
            "repatriated_nationals",
            2021,
            750,
            sid="seed",
            measure="flow",
            period_start="2019-01-01",
            period_end="2021-02-28",
        ),  # multi-year: left out
    ]
    return pd.DataFrame(rows)


def synthetic_incidents() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "incident_id": ["a", "b", "c"],
            "date_start": pd.to_datetime(["2021-04-29", "2022-09-14", "2022-09-20"]),
            "date_precision": "day",
            "country_iso3": ["KGZ", "TJK", "TJK"],
            "counterpart_iso3": ["TJK", "KGZ", "AFG"],
            "lat": 39.9,
            "lon": 70.6,
            "geo_precision": "place",
            "event_type": "armed_clash",
            "fatalities_min": [55, 37, None],
            "fatalities_max": [55, 100, None],
            "injuries": None,
            "source_id": "psm14",
            "verification": "seed_verified",
        }
    )


def synthetic_corridors() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "corridor_id": ["c1", "c2", "c3"],
            "countries": ["UZB;AFG;PAK", "KGZ;TJK;AFG;PAK", "TJK;AFG"],
            "name": ["Trans-Afghan railway", "CASA-1000", "Dushanbe-Kabul road"],
            "status": ["planned", "under_construction", "planned"],
            "start_year": [2022, 2016, None],
            "completion_year": [None, None, None],
            "source_id": "psm14",
            "verification": "seed_verified",
        }
    )


def value(t, iso, measure, year=None, col="value"):
    sel = t.loc[(t["iso3"] == iso) & (t["measure"] == measure)]
    if year is not None:
        sel = sel.loc[sel["year"] == year]
    assert len(sel) == 1, sel
    return sel.iloc[0][col]
