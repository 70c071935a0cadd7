"""Trade vocabulary: flows, measures, partner groups and the words the page prints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard_core.data.contract import EU27_ISO3, FOCUS_ISO3, NEIGHBOUR_ISO3
from dashboard_core.data.formatting import count_text
from dashboard_core.data.naming import name_of

FLOWS: tuple[str, ...] = ("export", "import", "turnover")
FLOW_LABELS: dict[str, str] = {
    "export": "Exports",
    "import": "Imports",
    "turnover": "Turnover",
}
# Sidebar labels double as URL values (Streamlit binds a widget's label, not its option).
FLOW_HELP = (
    "Seen from the selected countries: exports leave them, imports reach them (a partner's "
    "report of the same goods counts too). Turnover = exports + imports."
)
PARTNER_HELP = (
    "Any reporter or partner in the data, listed by group: the focus countries, their "
    "neighbours, the EU and its members, then all others. None selected = all partners."
)
MEASURES: tuple[str, ...] = ("observed", "target")
MEASURE_LABELS: dict[str, str] = {"observed": "Observed", "target": "Targets"}
COMPARISON_COUNTERPARTS: tuple[str, ...] = ("AFG", "CHN", "RUS", "EU27")
PARTNER_GROUPS: tuple[str, ...] = ("focus", "neighbour", "eu", "other")
PARTNER_GROUP_LABELS: dict[str, str] = {
    "focus": "Focus",
    "neighbour": "Neighbour",
    "eu": "EU",
    "other": "Other",
}
KIND_LABELS: dict[str, str] = {
    "year": "Full year",
    "partial": "Part of a year",
    "alt": "Other reading, same year",
    "target": "Target",
}
EVENT_CATEGORIES: tuple[str, ...] = ("trade", "shutdown", "infrastructure")  # chart annotations
MIN_STRUCTURE_PARTNERS = 10  # a reporter with fewer partners has no meaningful partner structure


def partner_group(code: str) -> str:
    if code in FOCUS_ISO3:
        return "focus"
    if code in NEIGHBOUR_ISO3:
        return "neighbour"
    if code == "EU27" or code in EU27_ISO3:
        return "eu"
    return "other"


def partner_options(trade: pd.DataFrame, names: Mapping[str, str]) -> list[str]:
    """Every reporter or partner in the data, grouped (focus, neighbours, EU, others), by name."""
    codes = set(trade["reporter_iso3"].dropna()) | set(trade["partner_iso3"].dropna())
    return sorted(
        codes,
        key=lambda c: (PARTNER_GROUPS.index(partner_group(c)), c != "EU27", name_of(c, names)),
    )


def partner_label(code: str, names: Mapping[str, str]) -> str:
    """`Germany (DEU)`: the label is also the partner's value in a shared URL."""
    return f"{name_of(code, names)} ({code})"


INTRO = (
    "Goods trade of the selected countries with their partners, in US$ as published (Eurostat "
    "euros converted at annual rates). Figures are never interpolated: gaps stay gaps."
)
COMPARISON_TITLE = "Trade with Afghanistan, China, Russia and the EU, country by country"
MIRROR_TITLE = "The same flow reported twice: by both sides, or by two sources"
NO_STRUCTURE = (
    "No reporter in the selection lists enough partner countries (at least "
    f"{MIN_STRUCTURE_PARTNERS}) in one dataset for a partner structure; Uzbekistan's national "
    "statistics do."
)
NO_MIRROR = (
    "No flow in the selection is reported by two sides or two sources for the same full year, "
    "so there is nothing to set side by side. Try Uzbekistan with Afghanistan or an EU member."
)


def table_note(no_usd: int) -> str:
    text = "The rows behind every chart above, as published, with their sources."
    if no_usd:
        text += (
            f" {count_text(no_usd, 'row')} {'has' if no_usd == 1 else 'have'} no US$ value (euro "
            "figures without an exchange rate for "
            "their year, or a figure printed without a unit): they are listed here but not drawn."
        )
    return text


HEADLINE_NOTE = (
    "Turnover, latest full year in the selected years, by one rule for every page: the "
    "country's own official statistics first, then the partner's (mirror), then documents "
    "(see Data & sources). The same figures stand on the Overview and Compare; the table below "
    "keeps every reading, the preferred one marked."
)


def comparison_note(missing: Sequence[str]) -> str:
    text = (
        "Each bar is the latest full year with a figure in the period (written on the bar), "
        "its preferred reading: the country's own statistics first, then the partner's (mirror), "
        "then documents, as in the headline figures."
    )
    if missing:
        text += " No figures: " + "; ".join(missing) + "."
    return text
