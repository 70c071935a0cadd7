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
    what = f"{record['type_of_conflict']} conflict" + (
        f" over territory ({territory})" if territory else ""
    )
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
    counterparts = (
        incidents["counterpart_iso3"]
        if "counterpart_iso3" in incidents
        else pd.Series(None, index=incidents.index)
    )
    said: dict[tuple[object, str | None, int], str] = {}  # many incidents share a key
    for index, country, other, start in zip(
        incidents.index,
        incidents["country_iso3"],
        counterparts,
        incidents["date_start"],
        strict=True,
    ):
        if pd.isna(start):
            continue
        key = (country, clean_text(other) or None, start.year)
        if key not in said:
            found = matches(conflicts, *key)
            said[key] = " ".join(conflict_text(r, title) for r in found.to_dict("records"))
        out[index] = said[key]
    return out


def _source_title(sources: pd.DataFrame | None) -> str:
    if sources is not None and not sources.empty:
        hit = sources[sources["source_id"] == "ucdp-prio-acd"]
        if not hit.empty:
            return source_name(hit.iloc[0].to_dict())
    return "UCDP/PRIO Armed Conflict Dataset"


BANDS: dict[int, str] = {1: "25 to 999 battle-related deaths", 2: "1,000 or more"}
COUNTRY_COLUMNS: tuple[str, ...] = (
    "country", "conflict", "years", "intensity", "parties", "source", "conflict_id",
    "source_id", "verification",
)  # fmt: skip
MAX_PARTIES = 160


def conflict_name(record: Mapping[str, object]) -> str:
    """A conflict in words, as UCDP codes it: where, what kind, over what ("Kyrgyzstan –
    Tajikistan: interstate conflict over territory (Common Border)")."""
    where = " – ".join(split_list(record.get("location"))) or "Location not given"
    kind = clean_text(record.get("type_of_conflict")) or "armed"
    incompatibility = clean_text(record.get("incompatibility"))
    territory = clean_text(record.get("territory_name"))
    if territory:
        over = f" over territory ({territory})"
    elif incompatibility == "government":
        over = " over the government"
    elif incompatibility:
        over = f" over {incompatibility}"
    else:
        over = ""
    return f"{where}: {kind} conflict{over}"


def years_text(years: Sequence[int]) -> str:
    """1992, 1993, 1994, 1996 -> '1992–1994, 1996' (runs of consecutive years)."""
    runs: list[list[int]] = []
    for year in sorted(set(int(y) for y in years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _parties(group: pd.DataFrame) -> str:
    side_a = list(dict.fromkeys(p for cell in group["side_a"] for p in split_list(cell)))
    side_b = list(dict.fromkeys(p for cell in group["side_b"] for p in split_list(cell)))
    text = " and ".join(side_a) + (" vs " + "; ".join(side_b) if side_b else "")
    return text if len(text) <= MAX_PARTIES else text[: MAX_PARTIES - 1].rstrip() + "…"


def _intensity(group: pd.DataFrame) -> str:
    parts = []
    for level in sorted(BANDS):
        years = group.loc[group["intensity_level"] == level, "year"]
        if len(years):
            parts.append(f"{BANDS[level]} in {years_text(list(years))}")
    return "; ".join(parts)


def by_country(
    conflicts: pd.DataFrame | None,
    countries: Sequence[str],
    years: tuple[int, int],
    names: Mapping[str, str],
    sources: pd.DataFrame | None,
) -> pd.DataFrame:
    """Per selected country, each UCDP/PRIO conflict on its territory in the years: the conflict
    by name, its parties, the conflict-years and the intensity band of each (never a toll), the
    source by its title. One row per country and conflict, in the order of `countries`."""
    if conflicts is None or conflicts.empty:
        return pd.DataFrame(columns=list(COUNTRY_COLUMNS))
    rows = conflicts[conflicts["year"].between(*years)]
    title = _source_title(sources)
    out = []
    for code in countries:
        here = rows[[code in split_list(cell) for cell in rows["location_iso3"]]]
        for conflict_id, group in here.groupby("conflict_id", sort=False):
            group = group.sort_values("year")
            latest = group.iloc[-1].to_dict()
            out.append(
                {
                    "country": names.get(code, code),
                    "conflict": conflict_name(latest),
                    "parties": _parties(group),
                    "years": years_text(list(group["year"])),
                    "intensity": _intensity(group),
                    "source": title,
                    "conflict_id": str(conflict_id),
                    "source_id": ";".join(sorted(set(group["source_id"].astype(str)))),
                    "verification": str(latest.get("verification", "")),
                    "_last": int(group["year"].max()),
                }
            )
    frame = pd.DataFrame(out, columns=[*COUNTRY_COLUMNS, "_last"])
    order = {names.get(c, c): i for i, c in enumerate(countries)}
    frame = frame.assign(_c=frame["country"].map(order)).sort_values(
        ["_c", "_last"], ascending=[True, False], kind="stable"
    )
    return frame[list(COUNTRY_COLUMNS)].reset_index(drop=True)


BY_COUNTRY_NOTE = (
    "UCDP/PRIO Armed Conflict Dataset: the armed conflicts it records on each country's "
    "territory in the selected years, with the intensity band of each year (25 to 999, or 1,000 "
    "or more battle-related deaths). UCDP gives the band, not a toll: where the documents give "
    "no toll for a clash, none is shown."
)


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
