"""Fixtures shared by the compare tests."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.compare import measures
from dashboard_core.data.naming import known_country_names
from tests.compare.samples import (
    synthetic_corridors,
    synthetic_displacement,
    synthetic_incidents,
    synthetic_trade,
)

COUNTRIES = ["UZB", "TJK", "AFG", "KAZ"]


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    return {
        "trade": synthetic_trade(),
        "displacement": synthetic_displacement(),
        "incidents": synthetic_incidents(),
        "corridors": synthetic_corridors(),
    }


@pytest.fixture
def table(tables) -> pd.DataFrame:
    return measures.comparison_table(COUNTRIES, (2019, 2023), tables, known_country_names())
