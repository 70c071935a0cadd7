"""Fixtures shared by the trade tests."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.data.loading import DataNotBuiltError, load_table
from dashboard_core.trade import figures
from tests.trade.samples import frame, full, month, row


@pytest.fixture
def sample() -> pd.DataFrame:
    rows = []
    for y in (2010, 2011, 2013):  # 2012 missing: a gap
        rows.append(full("UZB", "AFG", "export", y, 100e6 + y))
        rows.append(full("UZB", "AFG", "import", y, 1e6))
    rows.append(full("UZB", "AFG", "turnover", 2010, 120e6, source="seed", ver="seed_verified"))
    rows.append(full("UZB", "AFG", "export", 2011, 90e6, source="seed", ver="seed_verified"))
    rows.append(
        row(
            "KAZ",
            "AFG",
            "turnover",
            "2024-01-01",
            "2024-09-30",
            2024,
            400e6,
            source="seed",
            ver="seed_verified",
        )
    )
    rows.append(
        row(
            "UZB",
            "AFG",
            "turnover",
            None,
            None,
            2025,
            3e9,
            source="seed",
            measure="target",
            ver="seed_verified",
            note="no target year",
        )
    )
    for m in range(1, 13):
        rows.append(month("DEU", "UZB", "export", 2020, m, 10e6, source="eurostat"))
    for m in range(1, 4):
        rows.append(month("DEU", "UZB", "export", 2021, m, 10e6, source="eurostat"))
    rows.append(full("EU27", "UZB", "export", 2020, 500e6, source="eurostat"))
    for m in range(1, 13):  # EU27 months duplicate its yearly total: must not be added
        rows.append(month("EU27", "UZB", "export", 2020, m, 41e6, source="eurostat"))
    rows.append(full("UZB", "DEU", "import", 2020, 150e6))
    return frame(rows)


@pytest.fixture(scope="module")
def real_trade() -> pd.DataFrame:
    try:
        return load_table("trade")
    except DataNotBuiltError as exc:
        pytest.skip(str(exc))


@pytest.fixture
def ori() -> pd.DataFrame:
    rows = [full("UZB", "AFG", "export", y, 100e6 + y) for y in (2010, 2011, 2013)]
    rows += [full("UZB", "AFG", "export", 2011, 90e6, source="seed", ver="seed_verified")]
    rows += [full("UZB", "AFG", "export", 2010, 95e6)]  # a second reading from the same source
    rows += [
        row(
            "UZB",
            "AFG",
            "export",
            "2024-01-01",
            "2024-06-30",
            2024,
            40e6,
            source="seed",
            ver="seed_verified",
        )
    ]
    rows += [
        row(
            "UZB",
            "AFG",
            "export",
            None,
            None,
            2025,
            3e9,
            source="seed",
            measure="target",
            ver="seed_verified",
        )
    ]
    rows += [full("UZB", "CHN", "export", 2013, 2e9), full("UZB", "WLD", "export", 2013, 9e9)]
    a = figures.annual(frame(rows))
    return figures.oriented(figures.select_rows(a, ["UZB"], [], "export"), "export", ["UZB"])
