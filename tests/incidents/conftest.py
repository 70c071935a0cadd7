"""Fixtures shared by the incidents tests."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.incidents import transforms
from tests.incidents.samples import synthetic_incidents


@pytest.fixture
def prepared() -> pd.DataFrame:
    sources = pd.DataFrame({"source_id": ["psm14", "ca-digest"], "title": ["PSM 14", "Digest"]})
    return transforms.prepare(synthetic_incidents(), sources=sources)
