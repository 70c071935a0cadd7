"""UCDP/PRIO conflict context beside the incidents (dashboard_core.incidents.conflicts): the
incident tooltip's sentence, the per-country table of Compare, never a toll."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.data.loading import DataNotBuiltError, load_table
from dashboard_core.incidents import conflicts
from dashboard_core.incidents.transforms import prepare, tooltip_fields

SOURCES = pd.DataFrame(
    {
        "source_id": ["ucdp-prio-acd"],
        "title": ["UCDP/PRIO Armed Conflict Dataset version 25.1"],
        "publisher": ["UCDP/PRIO"],
    }
)
NAMES = {"KGZ": "Kyrgyzstan", "TJK": "Tajikistan", "AFG": "Afghanistan", "UZB": "Uzbekistan"}


def conflict_row(conflict_id, year, location, iso3, side_b, level=1, **extra) -> dict:
    return {
        "conflict_id": conflict_id,
        "year": year,
        "location": location,
        "location_iso3": iso3,
        "side_a": extra.get("side_a", "Government of Kyrgyzstan"),
        "side_b": side_b,
        "incompatibility": extra.get("incompatibility", "territory"),
        "territory_name": extra.get("territory", "Common Border"),
        "type_of_conflict": extra.get("kind", "interstate"),
        "intensity_level": level,
        "intensity_label": conflicts.BANDS[level].replace("1,000 or more", "1,000 or more deaths"),
        "source_id": "ucdp-prio-acd",
        "locator": f"ucdp-acd-v25.1#L{year}",
        "verification": "official_release",
    }


@pytest.fixture
def table() -> pd.DataFrame:
    rows = [
        conflict_row("13324", y, "Kyrgyzstan;Tajikistan", "TJK;KGZ", "Government of Tajikistan")
        for y in (2021, 2022)
    ]
    civil = {"side_a": "Government of Tajikistan", "incompatibility": "government", "territory": ""}
    civil["kind"] = "intrastate"
    rows += [conflict_row("395", 1992, "Tajikistan", "TJK", "PFT;UTO", 2, **civil)]
    rows += [conflict_row("395", 1993, "Tajikistan", "TJK", "UTO", 2, **civil)]
    rows += [conflict_row("395", 1995, "Tajikistan", "TJK", "UTO", 1, **civil)]
    return pd.DataFrame(rows)


def test_conflict_name_and_year_runs(table) -> None:
    first = table.iloc[0].to_dict()
    assert conflicts.conflict_name(first) == (
        "Kyrgyzstan – Tajikistan: interstate conflict over territory (Common Border)"
    )
    civil = table[table["conflict_id"] == "395"].iloc[0].to_dict()
    assert conflicts.conflict_name(civil) == "Tajikistan: intrastate conflict over the government"
    assert (
        conflicts.years_text([1992, 1993, 1994, 1996, 2010, 2011]) == "1992–1994, 1996, 2010–2011"
    )
    assert conflicts.years_text([2024]) == "2024"


def test_by_country_names_each_conflict_its_years_and_bands(table) -> None:
    frame = conflicts.by_country(table, ["KGZ", "TJK", "UZB"], (1990, 2025), NAMES, SOURCES)
    assert list(frame["country"]) == ["Kyrgyzstan", "Tajikistan", "Tajikistan"]
    kgz = frame.iloc[0]
    assert kgz["years"] == "2021–2022"
    assert kgz["intensity"] == "25 to 999 battle-related deaths in 2021–2022"
    assert kgz["source"] == "UCDP/PRIO Armed Conflict Dataset version 25.1"
    assert kgz["parties"] == "Government of Kyrgyzstan vs Government of Tajikistan"
    civil = frame[frame["conflict_id"] == "395"].iloc[0]
    assert civil["years"] == "1992–1993, 1995"
    assert civil["intensity"] == (
        "25 to 999 battle-related deaths in 1995; 1,000 or more in 1992–1993"
    )
    assert civil["parties"] == "Government of Tajikistan vs PFT; UTO"
    # the band, never a number of deaths of its own
    assert not frame[["years", "intensity"]].apply(lambda c: c.str.contains("killed")).any().any()
    later = conflicts.by_country(table, ["TJK"], (2022, 2025), NAMES, SOURCES)
    assert list(later["years"]) == ["2022"]  # only the conflict-years in the selected years
    assert conflicts.by_country(table, ["UZB"], (1990, 2025), NAMES, SOURCES).empty
    assert conflicts.by_country(None, ["TJK"], (1990, 2025), NAMES, SOURCES).empty


def test_an_incident_without_a_toll_shows_ucdp_beside_it_and_keeps_no_toll(table) -> None:
    incident = pd.DataFrame(
        {
            "incident_id": ["inc-1"],
            "date_start": [pd.Timestamp("2021-01-01")],
            "date_end": [pd.NaT],
            "date_precision": ["year"],
            "country_iso3": ["KGZ"],
            "counterpart_iso3": ["TJK"],
            "location": ["Kyrgyz-Tajik border"],
            "geo_precision": ["border"],
            "event_type": ["armed_clash"],
            "fatalities_min": [None],
            "fatalities_max": [None],
            "summary": ["Clashes on the border."],
            "source_id": ["psm14"],
            "verification": ["seed_verified"],
        }
    )
    prepared = prepare(incident)
    context = conflicts.context_for(prepared, table, SOURCES)
    assert "UCDP/PRIO Armed Conflict Dataset" in context.iloc[0]
    assert "2021" in context.iloc[0] and "25 to 999" in context.iloc[0]
    tip = tooltip_fields(prepared.assign(ucdp_context=context).iloc[0].to_dict())
    assert "Conflict context: UCDP/PRIO" in tip["tip_body"]
    assert "Casualties: killed: unknown" in tip["tip_body"]  # the documents give none: none made up
    elsewhere = conflicts.context_for(prepared.assign(counterpart_iso3="UZB"), table, SOURCES)
    assert elsewhere.iloc[0] == ""  # a conflict on both countries' territory, or nothing


def test_real_kyrgyz_tajik_clashes_carry_ucdp_record() -> None:
    try:
        table, incidents = load_table("conflicts"), load_table("incidents")
        sources = load_table("sources")
    except DataNotBuiltError as exc:
        pytest.skip(str(exc))
    prepared = prepare(incidents, None, sources)
    pair = prepared[prepared["border_pair"] == "KGZ-TJK"]
    context = conflicts.context_for(pair, table, sources)
    years = sorted(pair["date_start"].dt.year)
    assert years[:2] == [2021, 2022]
    for year, text in zip(pair["date_start"].dt.year, context, strict=True):
        if year in (2021, 2022):
            assert f"in {year}: 25 to 999 battle-related deaths" in text
    assert pair["fatalities_min"].isna().all()  # UCDP's band does not become a toll
    frame = conflicts.by_country(table, ["KGZ"], (2021, 2022), {"KGZ": "Kyrgyzstan"}, sources)
    assert list(frame["years"]) == ["2021–2022"]


def test_incidents_sharing_a_point_still_show_ucdp_record(table) -> None:
    from dashboard_core.incidents.map import point_records

    base = {
        "date_end": pd.NaT,
        "country_iso3": "KGZ",
        "counterpart_iso3": "TJK",
        "location": "Isfara",
        "lat": 40.12,
        "lon": 70.63,
        "geo_precision": "place",
        "event_type": "armed_clash",
        "fatalities_min": None,
        "fatalities_max": None,
        "source_id": "psm14",
        "verification": "seed_verified",
    }
    incidents = pd.DataFrame(
        [
            {**base, "incident_id": "a", "date_start": pd.Timestamp("2021-01-01"),
             "date_precision": "year", "summary": "Clashes."},
            {**base, "incident_id": "b", "date_start": pd.Timestamp("2022-09-14"),
             "date_precision": "day", "summary": "Fighting."},
        ]
    )  # fmt: skip
    prepared = prepare(incidents)
    prepared = prepared.assign(ucdp_context=conflicts.context_for(prepared, table, SOURCES))
    (record,) = point_records(prepared)
    assert record["count"] == 2
    body = record["tip_body"]
    assert body.count("Conflict context: UCDP/PRIO") == 2
    assert "in 2021: 25 to 999" in body and "in 2022: 25 to 999" in body
