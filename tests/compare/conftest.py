"""Fixtures shared by the compare tests."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.compare import measures
from tests.compare.samples import (
    synthetic_corridors,
    synthetic_displacement,
    synthetic_incidents,
    synthetic_trade,
)


@pytest.fixture
def table() -> pd.DataFrame:
    t, notes = measures.comparison_table(
        ["UZB", "TJK", "AFG", "KAZ"],
        (2019, 2023),
        trade=synthetic_trade(),
        displacement=synthetic_displacement(),
        incidents=synthetic_incidents(),
        corridors=synthetic_corridors(),
    )
    assert notes == {"displacement_rows_left_out": 1}
    return t
