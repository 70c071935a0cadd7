"""Overview transforms: headline figures, timeline/annotations and map layers (synthetic data)."""

from __future__ import annotations

from dashboard_core.data.filters import Filters
from dashboard_core.overview import headlines
from tests.overview.samples import ALL, INCIDENTS, TABLES


def test_trade_with_afghanistan_per_country_full_years_only():
    trade = {h.key: h for h in headlines.headlines(TABLES, ALL)}["trade"]
    lines = {line.label: line for line in trade.lines}
    # UZB: 2022 is part-year and 2025 a target, so 2020; the published turnover beats the
    # exports + imports of another document of the same rank
    assert (lines["Uzbekistan"].value, lines["Uzbekistan"].year) == ("US$700 million", "2020")
    # TJK: only Afghanistan's figures (mirror): exports + imports of one document
    assert (lines["Tajikistan"].value, lines["Tajikistan"].year) == ("US$50 million", "2021")
    assert list(lines) == ["Kazakhstan", "Tajikistan", "Uzbekistan"]
    assert trade.number is None  # years differ: no regional total


def test_trade_headline_respects_filters_and_flags_reported():
    items = {h.key: h for h in headlines.headlines(TABLES, Filters(("KAZ",), (2010, 2019)))}
    trade = items["trade"]
    assert [line.label for line in trade.lines] == ["Kazakhstan"]
    assert trade.lines[0].verification == "reported"
    none = headlines.headlines(TABLES, Filters(("TKM",), (2000, 2025)))[0]
    assert none.lines == () and none.value == "n/a"


def test_hosted_uses_official_rows_of_the_latest_year_in_selected_hosts():
    items = {h.key: h for h in headlines.headlines(TABLES, ALL)}
    hosted = items["hosted"]
    assert hosted.period == "2023"
    assert hosted.number == 1000 + 50 + 20  # the seed's 15,000 would double count
    assert {line.label for line in hosted.lines} == {"Tajikistan", "Kazakhstan"}
    assert set(hosted.rows["source_id"]) == {"unhcr"}


def test_returns_to_selected_focus_countries():
    items = {h.key: h for h in headlines.headlines(TABLES, ALL)}
    assert items["returns"].number == 1100
    assert items["returns"].period == "2023"
    only_2022 = {h.key: h for h in headlines.headlines(TABLES, Filters(("AFG",), (2000, 2022)))}
    assert only_2022["returns"].number == 99
    none = {h.key: h for h in headlines.headlines(TABLES, Filters(("KGZ",), (2000, 2025)))}
    assert none["returns"].value == "n/a"


def test_casualty_range_keeps_disputes_and_unknowns():
    low, high, unknown = headlines.casualty_range(INCIDENTS)
    assert (low, high, unknown) == (81, 156, 1)


def test_incident_and_corridor_headlines():
    items = {h.key: h for h in headlines.headlines(TABLES, Filters(ALL.countries, (2020, 2025)))}
    assert items["incidents"].value == "3"
    assert items["incidents"].lines[0].value == "80–155 + 1 unknown"
    corridors = items["corridors"]
    assert corridors.value == "3"
    assert [line.label for line in corridors.lines] == [
        "Planned",
        "Under construction",
        "Operational",
    ]


def test_headline_table_has_one_row_per_figure_and_line():
    items = headlines.headlines(TABLES, ALL)
    table = headlines.headline_table(items)
    assert set(table["figure"]) == {h.title for h in items}
    assert len(table) == len(items) + sum(len(h.lines) for h in items)
    hosted = table[
        (table["figure"] == "People hosted (refugees, asylum seekers, others in need)")
        & (table["line"] == "")
    ]
    assert hosted["number"].iloc[0] == 1070
    assert hosted["source_id"].iloc[0] == "unhcr"
