"""Fixtures shared by the displacement tests."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.displacement import transforms as dsp
from tests.displacement.samples import frame, rec


@pytest.fixture
def chart_rows() -> pd.DataFrame:
    rows = []
    for y in (2019, 2020, 2022):
        rows.append(rec("AFG", "PAK", "refugees", "stock", y, 1_300_000))
        rows.append(rec("TJK", "AFG", "refugees", "stock", y, 20))
    rows.append(rec("AFG", "PAK", "returned_refugees", "flow", 2022, 50_000))
    rows.append(rec("AFG", "AFG", "idps", "stock", 2022, 3_000_000))
    rows.append(
        rec(
            "AFG",
            "IRN",
            "returns",
            "flow",
            2020,
            860_000,
            source="seed",
            ver="seed_verified",
            start="2020-01-01",
            end="2020-12-31",
        )
    )
    for g, v in (("total", 725), ("women", 188), ("children", 522)):
        rows.append(
            rec(
                "KAZ",
                "SYR",
                "repatriated_nationals",
                "flow",
                2025,
                v,
                group=g,
                start="2019-01-01",
                source="seed",
                ver="seed_verified",
                operation="Jusan",
            )
        )
    rows.append(
        rec(
            "KAZ",
            "IRQ",
            "repatriated_nationals",
            "flow",
            2019,
            14,
            group="children",
            start="2019-11-27",
            end="2019-11-27",
            source="seed",
            ver="seed_verified",
        )
    )
    rows.append(rec("UKR", "TJK", "refugees", "stock", 2022, 100))
    return dsp.prepared(frame(rows))
