"""Sample rows and helpers shared by the incidents tests."""

from __future__ import annotations

import pandas as pd


def synthetic_incidents() -> pd.DataFrame:
    rows = [
        # id, start, precision, country, counterpart, lat, lon, geo, type, fmin, fmax, inj, src, ver
        ("i1", "2022-09-14", "day", "KGZ", "TJK", 39.9, 70.6, "place", "armed_clash", 37, 100, 20,
         "psm14", "seed_verified"),
        ("i2", "2022-09-16", "day", "TJK", "KGZ", 39.8, 70.5, "border_area", "armed_clash", 41, 41,
         None, "psm14", "seed_verified"),
        ("i3", "2021-04-01", "month", "KGZ", "TJK", 39.95, 70.7, "nearby_place",
         "cross_border_fire", None, None, None, "ca-digest", "reported"),
        ("i4", "2023-01-01", "year", "TJK", "AFG", 37.2, 68.8, "admin1", "rocket_attack", 0, 0,
         None, "psm14", "seed_verified"),
        ("i5", "2024-08-20", "day", "AFG", "TJK", 37.1, 69.0, "place", "drone_strike", None, 3,
         1, "psm14", "seed_verified"),
        ("i6", "2024-10-05", "day", "UZB", None, 41.3, 69.2, "country", "smuggling_interdiction",
         0, 0, 0, "ca-digest", "seed_verified"),
    ]  # fmt: skip
    cols = [
        "incident_id", "date_start", "date_precision", "country_iso3", "counterpart_iso3", "lat",
        "lon", "geo_precision", "event_type", "fatalities_min", "fatalities_max", "injuries",
        "source_id", "verification",
    ]  # fmt: skip
    df = pd.DataFrame(rows, columns=cols)
    df["date_start"] = pd.to_datetime(df["date_start"])
    df["date_end"] = df["date_start"]
    df["location"] = ["Kok-Tash", "Vorukh", "Khojai Alo", "Khatlon", "Shamsiddin Shohin", None]
    df["admin1"] = None
    df["actors"] = ["border guards", "border guards", None, "unknown group", "drone", "customs"]
    df["summary"] = ["Clash <b>big</b>", "Clash", "Fire", "Rockets", "Strike", "Seizure"]
    df["locator"] = "L1"
    df["cited_source"] = [None, "RFE/RL", None, None, None, None]
    df["note"] = None
    df["place_name"] = df["location"]
    return df
