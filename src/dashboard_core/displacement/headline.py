"""The Displacement page's headline figures (from the indicator registry, as on the Overview and
Compare) and UNHCR's 2025 reclassification note for charts that run through it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard_core.data import indicators
from dashboard_core.data.contract import FOCUS_ISO3

HEADLINE_NOTE = (
    "One definition per figure (see Data & sources), the same on the Overview and Compare: "
    "UNHCR end-year stocks of refugees, asylum seekers and other people in need of "
    "international protection (UNHCR's own headline), UNHCR returns, and repatriations as "
    "documents report them; the latest year in the selected years, whatever the type filter."
)
PROTECTION_SERIES: tuple[str, ...] = ("Refugees", "Asylum seekers", "Others in need of protection")


def reclassification_note(series: pd.DataFrame) -> str:
    """UNHCR's 2025 move of Afghans from refugees to 'other people in need', said wherever a
    chart of those populations runs through 2024 and 2025."""
    if series.empty or "series" not in series:
        return ""
    years = set(series["year"].astype(int))
    protection = series["series"].astype(str).str.startswith(PROTECTION_SERIES).any()
    if not protection or not {2024, 2025} <= years:
        return ""
    return "Note: " + indicators.RECLASSIFICATION_NOTE.replace("this figure", "the headline")


def headline_figures(
    tables: Mapping[str, pd.DataFrame],
    countries: Sequence[str],
    years: tuple[int, int],
    names: Mapping[str, str],
    sources: pd.DataFrame | None,
) -> pd.DataFrame:
    """The displacement indicators of the selected focus countries, as every page shows them."""
    focus = [c for c in countries if c in FOCUS_ISO3]
    keys = [i.key for i in indicators.INDICATORS if i.table == "displacement"]
    results = indicators.evaluate_all(tables, focus, years, keys)
    return indicators.figure_table(results, names, sources)
