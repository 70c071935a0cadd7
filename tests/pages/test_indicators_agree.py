"""One question, one number: for every headline indicator and each of the six countries, the
Overview, Compare and the domain page (Trade, Displacement, Incidents) show the same figure,
year and source, all read from `data.indicators`."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard_core.data import indicators, paths
from dashboard_core.data.contract import FOCUS_ISO3

REPO = paths.PROJECT_ROOT
TIMEOUT = 120
KEY = ["Indicator", "Country"]
SHOWN = ["Figure", "Year", "Source"]

pytestmark = [
    pytest.mark.skipif(
        not (paths.clean_dir() / "trade.parquet").exists(),
        reason="data/clean is not built: run `uv run python -m dashboard_core build`",
    ),
    pytest.mark.usefixtures("navigation_like_the_server"),
]


def figures_on(page: str) -> pd.DataFrame:
    """Every indicator table the page shows (columns Indicator, Country, Figure, Year, Source)."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    frames = [d.value for d in at.dataframe if {*KEY, *SHOWN} <= set(d.value.columns)]
    assert frames, f"{page}: no indicator table on the page"
    return pd.concat(frames, ignore_index=True)[[*KEY, *SHOWN]].drop_duplicates()


@pytest.fixture(scope="module")
def pages() -> dict[str, pd.DataFrame]:
    return {
        page: figures_on(page)
        for page in (
            "pages/overview.py",
            "pages/compare.py",
            "pages/trade.py",
            "pages/displacement.py",
            "pages/incidents.py",
        )
    }


DOMAIN_PAGE = {"Trade": "pages/trade.py", "Displacement": "pages/displacement.py"}
DOMAIN_PAGE["Incidents"] = "pages/incidents.py"


def test_every_indicator_and_country_is_on_the_overview_and_compare(pages) -> None:
    expected = len(indicators.INDICATORS) * len(FOCUS_ISO3)
    overview, compare = pages["pages/overview.py"], pages["pages/compare.py"]
    assert len(overview.drop_duplicates(KEY)) == expected
    assert len(compare.drop_duplicates(KEY)) == expected


@pytest.mark.parametrize("indicator", indicators.INDICATORS, ids=lambda i: i.key)
def test_same_figure_year_and_source_on_every_page(pages, indicator) -> None:
    overview = pages["pages/overview.py"].set_index(KEY)
    compare = pages["pages/compare.py"].set_index(KEY)
    rows = overview.loc[indicator.title]
    assert len(rows) == len(FOCUS_ISO3)
    pd.testing.assert_frame_equal(rows, compare.loc[indicator.title])
    domain = DOMAIN_PAGE.get(indicator.domain)
    if domain is not None:
        pd.testing.assert_frame_equal(rows, pages[domain].set_index(KEY).loc[indicator.title])


def test_the_figures_that_used_to_disagree(pages) -> None:
    overview = pages["pages/overview.py"].set_index(KEY)
    kgz = overview.loc[("Trade with Afghanistan", "Kyrgyzstan")]
    assert (kgz["Figure"], kgz["Year"]) == ("US$19.1 million", "2023")
    assert "stat.kg" in kgz["Source"]
    kaz = overview.loc[("Trade with Afghanistan", "Kazakhstan")]
    assert (kaz["Figure"], kaz["Year"]) == ("US$637 million", "2023")
    assert "stat.gov.kz" in kaz["Source"]
    hosted = overview.loc[
        ("People hosted (refugees, asylum seekers, others in need)", "Kazakhstan")
    ]
    # refugees 4,377 + asylum seekers 163 + others in need of protection 48,391 (UNHCR 2025)
    assert (hosted["Figure"], hosted["Year"]) == ("52,931", "2025")
    for page in pages.values():
        assert not page["Source"].str.contains(r"\b(?:kjfs|psm14|statuz|unhcr)-", regex=True).any()
