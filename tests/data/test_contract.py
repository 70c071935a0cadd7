"""The committed clean data: schemas, references and the coverage the foundation promises."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.data import loading
from dashboard_core.data.validate import validate

REPORT = validate()


def test_every_clean_table_validates() -> None:
    assert REPORT.ok, "\n".join(REPORT.problems)


def _stats(name: str):
    return next(s for s in REPORT.stats if s.name == name)


@pytest.mark.parametrize(
    ("table", "min_rows"),
    [
        ("displacement", 5000),
        ("trade", 1000),
        ("incidents", 15),
        ("corridors", 15),
        ("events", 100),
    ],
)
def test_minimum_rows(table: str, min_rows: int) -> None:
    assert _stats(table).rows >= min_rows


def test_displacement_covers_1990_to_2024() -> None:
    first, last = _stats("displacement").years
    assert first <= 1990 and last >= 2024


def test_trade_has_at_least_three_reporters() -> None:
    trade = loading.load_table("trade")
    assert trade["reporter_iso3"].nunique() >= 3


def test_trusted_share_of_fact_rows() -> None:
    assert REPORT.trusted_share >= 0.95


def test_every_corridor_has_a_line() -> None:
    corridors = loading.load_table("corridors")
    lines = loading.load_geojson("corridors")["features"]
    drawn = {f["properties"]["corridor_id"]: f["geometry"] for f in lines}
    assert set(corridors["corridor_id"]) == set(drawn)
    assert all(g["type"] == "LineString" and len(g["coordinates"]) >= 2 for g in drawn.values())


def test_boundaries_are_small_and_cover_the_six() -> None:
    path = loading.paths.clean_dir() / "boundaries.geojson"
    assert path.stat().st_size < 400_000
    iso3 = {f["properties"]["iso3"] for f in loading.load_geojson("boundaries")["features"]}
    assert {"KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG"} <= iso3


def test_fact_rows_carry_provenance() -> None:
    for name in ("trade", "displacement", "incidents", "corridors", "events"):
        frame = loading.load_table(name)
        for column in ("source_id", "locator", "verification"):
            assert frame[column].notna().all(), f"{name}.{column} has gaps"


def test_partial_years_and_targets_are_kept_as_such() -> None:
    trade = loading.load_table("trade")
    partial = trade.dropna(subset=["period_start", "period_end"])
    partial = partial[(partial["period_end"] - partial["period_start"]) < pd.Timedelta(days=360)]
    assert not partial.empty
    assert (trade["measure"] == "target").any()


def test_disputed_casualties_keep_both_ends() -> None:
    incidents = loading.load_table("incidents")
    both = incidents.dropna(subset=["fatalities_min", "fatalities_max"])
    assert (both["fatalities_min"] <= both["fatalities_max"]).all()
