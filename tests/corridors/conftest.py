"""Fixtures shared by the corridors tests."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.corridors import transforms
from tests.corridors.samples import synthetic_corridors


@pytest.fixture
def prepared() -> pd.DataFrame:
    return transforms.prepare(synthetic_corridors())
