"""UCDP/PRIO conflict-years beside the incidents: for an incident, the conflicts UCDP records
in the same year on the territory of both countries of its pair (or of its country, where it
has no counterpart). UCDP gives an intensity band, not a toll: the band is shown, never a
number of deaths, and an incident without a toll in the documents keeps none."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard_core.data.filters import Filters, apply_filters
from dashboard_core.data.formatting import clean_text
from dashboard_core.data.loading import split_list
from dashboard_core.data.provenance import source_name

TABLE_NOTE = (
    "UCDP/PRIO Armed Conflict Dataset: a conflict-year is recorded where organised armed force "
    "between two parties, at least one a government, caused at least 25 battle-related deaths "
    "in the year. Intensity 1 = 25 to 999 deaths, 2 = 1,000 or more. UCDP gives the band, not "
    "a toll, so no toll is shown here."
)


def _sides(record: Mapping[str, object]) -> str:
    a = " and ".join(split_list(record.get("side_a")))
    b = " and ".join(split_list(record.get("side_b")))
    return f"{a} vs {b}" if b else a


def conflict_text(record: Mapping[str, object], source: str) -> str:
    """One sentence on a conflict-year: who, what, the intensity band, the source by name."""
    territory = clean_text(record.get("territory_name"))
    what = f"{record['type_of_conflict']} conflict" + (f" over {territory}" if territory else "")
    return (
        f"{source} records the {what} ({_sides(record)}) in {int(record['year'])}: "
        f"{record['intensity_label']}."
    )


def matches(conflicts: pd.DataFrame, country: str, counterpart: str | None, year: int):
    """Conflict-years of `year` located in `country` and, if given, in `counterpart` too."""
    if conflicts is None or conflicts.empty:
        return conflicts
    same_year = conflicts[conflicts["year"] == year]
    wanted = {country} | ({counterpart} if counterpart else set())
    keep = [wanted <= set(split_list(cell)) for cell in same_year["location_iso3"]]
    return same_year[keep]


def context_for(
    incidents: pd.DataFrame, conflicts: pd.DataFrame | None, sources: pd.DataFrame | None
) -> pd.Series:
    """Per incident, UCDP's record of the matching conflict-years (empty where none)."""
    out = pd.Series("", index=incidents.index, dtype=object)
    if conflicts is None or conflicts.empty or incidents.empty:
        return out
    title = _source_title(sources)
    for index, row in incidents.iterrows():
        if pd.isna(row["date_start"]):
            continue
        counterpart = clean_text(row.get("counterpart_iso3")) or None
        found = matches(conflicts, row["country_iso3"], counterpart, row["date_start"].year)
        out[index] = " ".join(conflict_text(r, title) for r in found.to_dict("records"))
    return out


def _source_title(sources: pd.DataFrame | None) -> str:
    if sources is not None and not sources.empty:
        hit = sources[sources["source_id"] == "ucdp-prio-acd"]
        if not hit.empty:
            return source_name(hit.iloc[0].to_dict())
    return "UCDP/PRIO Armed Conflict Dataset"


def conflict_table(
    conflicts: pd.DataFrame | None,
    countries: Sequence[str],
    years: tuple[int, int],
) -> pd.DataFrame:
    """The conflict-years located in the selected countries and years, for the page's table."""
    columns = [
        "year", "location", "side_a", "side_b", "type_of_conflict", "territory_name",
        "intensity_level", "intensity_label", "conflict_id", "source_id", "locator",
        "verification",
    ]  # fmt: skip
    if conflicts is None or conflicts.empty:
        return pd.DataFrame(columns=columns)
    rows = apply_filters(conflicts, "conflicts", Filters(tuple(countries), years))
    return rows.sort_values(["year", "conflict_id"], ascending=[False, True])[columns]
