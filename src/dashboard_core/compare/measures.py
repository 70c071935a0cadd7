"""Country comparison across the four domains: one long table, per country, measure and year.

Rules (never invent, never double count):
- Trade: full calendar years only (1 Jan - 31 Dec), commodity TOTAL, measure `observed`. One figure
  per reporter, partner, flow and year: where several sources give one, the best verified wins
  (official release, then seed-verified, then reported; ties by source_id). Turnover is the reported
  turnover or export + import of the same year, whichever is better verified (export + import on a
  tie). A country's trade is what it reports itself (or, for seed figures, what is given with it as
  the reporter); a country that reports nothing has a gap, not a zero. "Trade with the region" adds
  the partners that have a figure that year and says how many of them that is.
- Displacement: `group` total. Refugees hosted = refugees (stock) with location = the country,
  summed over origins; nationals abroad = refugees (stock) with origin = the country, summed over
  hosts; refugee returns = returned_refugees with origin = the country; repatriated nationals =
  repatriated_nationals with origin = the country. Only rows whose period lies within one calendar
  year (see `_one_year`). Each cell (origin, location, type, year) takes one source as above, so
  two publishers never add up.
- Incidents: an incident counts for both countries of its border pair. Years between the first and
  the last incident in the whole dataset with none recorded are 0; years outside it are gaps.
  Killed is a range (low, high) as in `incidents.transforms`.
- Corridors: how many corridors run through each country, by status (current status, not by year).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard_core.data.contract import CENTRAL_ASIA_5, CORRIDOR_STATUSES
from dashboard_core.data.formatting import count_text
from dashboard_core.data.loading import split_list
from dashboard_core.data.naming import known_country_names
from dashboard_core.data.provenance import best_verified
from dashboard_core.incidents.transforms import prepare as prepare_incidents
from dashboard_core.trade.yearly import annual_trade

MIN_COUNTRIES, MAX_COUNTRIES = 2, 6

# measure -> (label, unit, domain, summary basis). basis: `latest` (last year with data in range) or
# `total` (sum over the years with data in range) or `current` (no year).
MEASURES: dict[str, tuple[str, str, str, str]] = {
    "trade_region": ("Trade with the other Central Asian states", "US$", "Trade", "latest"),
    "trade_afg": ("Trade with Afghanistan", "US$", "Trade", "latest"),
    "refugees_hosted": ("Refugees hosted", "people", "Displacement", "latest"),
    "refugees_abroad": ("Nationals abroad as refugees", "people", "Displacement", "latest"),
    "refugee_returns": ("Refugees returned home", "people", "Displacement", "total"),
    "repatriated": ("Nationals repatriated (named operations)", "people", "Displacement", "total"),
    "incidents": ("Border incidents recorded", "incidents", "Incidents", "total"),
    "killed": ("Killed in border incidents", "people", "Incidents", "total"),
    "corridors": ("Corridors through the country", "corridors", "Corridors", "current"),
}
TIME_MEASURES: tuple[str, ...] = tuple(m for m, v in MEASURES.items() if v[3] != "current")
RANGE_MEASURES: tuple[str, ...] = ("killed",)

LONG_COLUMNS: tuple[str, ...] = (
    "iso3",
    "country",
    "domain",
    "measure",
    "measure_label",
    "unit",
    "year",
    "status",
    "value",
    "value_low",
    "value_high",
    "partners_covered",
    "unknown_tolls",
    "source_id",
    "note",
)


def normalise_selection(countries: Sequence[str] | None, available: Sequence[str]) -> list[str]:
    """The countries to compare, in the order given, known codes only, at most six."""
    seen: list[str] = []
    for c in countries or []:
        if c in available and c not in seen:
            seen.append(c)
    return seen[:MAX_COUNTRIES]


def _frame(measure: str, df: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Long-table rows of one measure from a frame with iso3 and any of the value columns."""
    label, unit, domain, _ = MEASURES[measure]
    out = pd.DataFrame(index=df.index)
    for col in LONG_COLUMNS:
        out[col] = df.get(col, None)
    out["country"] = df["iso3"].map(lambda c: names.get(c, c))
    out["domain"], out["measure"], out["measure_label"], out["unit"] = domain, measure, label, unit
    if "value_low" not in df:
        out["value_low"] = out["value"]
    if "value_high" not in df:
        out["value_high"] = out["value"]
    return out.reset_index(drop=True)


def joined_ids(df: pd.DataFrame, keys: list[str], column: str) -> pd.Series:
    """Per group of `keys`, the sorted distinct ids of `column` (cells may be ';'-joined lists),
    joined with ';'. Vectorised: one string join per group, no per-group pandas work."""
    ids = df[keys].assign(_id=df[column].astype("string").str.split(";")).explode("_id")
    ids["_id"] = ids["_id"].str.strip()
    ids = ids.loc[ids["_id"].notna() & (ids["_id"] != "")].drop_duplicates()
    ids = ids.sort_values([*keys, "_id"])
    return ids.groupby(keys, sort=False)["_id"].agg(";".join).rename(column)


def in_years(series: pd.Series, years: tuple[int, int] | None) -> pd.Series:
    if not years:
        return pd.Series(True, index=series.index)
    return series.between(int(years[0]), int(years[1]))


def trade_rows(
    annual: pd.DataFrame,
    countries: Sequence[str],
    years: tuple[int, int] | None,
    names: Mapping[str, str],
) -> list[pd.DataFrame]:
    if annual.empty:
        return []
    a = annual.loc[
        annual["turnover_usd"].notna()
        & in_years(annual["year"], years)
        & annual["reporter_iso3"].isin(list(countries))
        & (annual["reporter_iso3"] != annual["partner_iso3"])
    ]
    region = a.loc[a["partner_iso3"].isin(CENTRAL_ASIA_5)]
    pieces = []
    if not region.empty:
        keys = ["reporter_iso3", "year"]
        g = (
            region.sort_values("partner_iso3")
            .groupby(keys, sort=True)
            .agg(
                value=("turnover_usd", "sum"),
                partners=("partner_iso3", ", ".join),
                n=("partner_iso3", "size"),
            )
        )
        g = g.join(joined_ids(region, keys, "source_ids").rename("source_id"))
        g = g.reset_index().rename(columns={"reporter_iso3": "iso3"})
        size = g["iso3"].map(lambda c: len([x for x in CENTRAL_ASIA_5 if x != c]))
        g["partners_covered"] = g["n"].astype(str) + " of " + size.astype(str)
        g["note"] = [
            f"as reported by {names.get(c, c)}; partners with a figure: {p}"
            for c, p in zip(g["iso3"], g["partners"], strict=True)
        ]
        pieces.append(_frame("trade_region", g, names))
    afg = a.loc[(a["partner_iso3"] == "AFG") & (a["reporter_iso3"] != "AFG")]
    if not afg.empty:
        g = afg.rename(columns={"reporter_iso3": "iso3", "turnover_usd": "value"}).assign(
            partners_covered="1 of 1",
            source_id=afg["source_ids"],
            note=[
                f"as reported by {names.get(c, c)}; {b}"
                for c, b in zip(afg["reporter_iso3"], afg["turnover_basis"], strict=True)
            ],
        )
        pieces.append(_frame("trade_afg", g, names))
    return pieces


def _displacement_base(displacement: pd.DataFrame) -> pd.DataFrame:
    d = displacement.loc[displacement["group"].astype(str) == "total"].copy()
    d["value"] = pd.to_numeric(d["value"], errors="coerce")
    d = d.loc[d["value"].notna()]
    d["year"] = pd.to_numeric(d["year"], errors="coerce")
    d = d.loc[d["year"].notna()]
    d["year"] = d["year"].astype(int)
    return best_verified(
        d, ["origin_iso3", "location_iso3", "population_type", "measure", "year", "operation"]
    )


def _one_year(df: pd.DataFrame, stock: bool) -> pd.Series:
    """Rows whose period lies within one calendar year (the `year`). A stock with no period at all
    counts for its `year` (a figure "as of" that year); a flow with no period, or a period running
    over several years (cumulative operations), is left out rather than put in one year."""
    s = pd.to_datetime(df["period_start"], errors="coerce")
    e = pd.to_datetime(df["period_end"], errors="coerce")
    same = (s.dt.year == e.dt.year) & (e.dt.year == df["year"])
    same = same.fillna(False).astype(bool)
    if stock:
        same |= (s.isna() & e.isna()).astype(bool)
    return same


DISPLACEMENT_SPECS: tuple[tuple[str, str, str, str | None, str], ...] = (
    ("refugees_hosted", "refugees", "location_iso3", "stock", "summed over countries of origin"),
    ("refugees_abroad", "refugees", "origin_iso3", "stock", "summed over host countries"),
    ("refugee_returns", "returned_refugees", "origin_iso3", None, "returned to the country"),
    ("repatriated", "repatriated_nationals", "origin_iso3", None, "named operations"),
)


def prepare_displacement(displacement: pd.DataFrame | None) -> pd.DataFrame:
    """The rows the comparison can use, once per data version: `group` total, one source per
    cell, and a `one_year` flag (see `_one_year`) per measure kind. Pass the result as
    `displacement` to `comparison_table`/`build_view` (a raw table works too, more slowly)."""
    if displacement is None or displacement.empty:
        return pd.DataFrame()
    types = {spec[1] for spec in DISPLACEMENT_SPECS}
    d = _displacement_base(displacement.loc[displacement["population_type"].isin(types)])
    d["one_year"] = _one_year(d, stock=False) | (
        (d["measure"] == "stock") & _one_year(d, stock=True)
    )
    return d.reset_index(drop=True)


def displacement_rows(
    displacement: pd.DataFrame,
    countries: Sequence[str],
    years: tuple[int, int] | None,
    names: Mapping[str, str],
) -> tuple[list[pd.DataFrame], int]:
    """Rows for the four displacement measures and the number of rows left out by `_one_year`."""
    if displacement is None or displacement.empty:
        return [], 0
    d = displacement if "one_year" in displacement else prepare_displacement(displacement)
    d = d.loc[in_years(d["year"], years)]
    pieces, left_out = [], 0
    for measure, ptype, side, stock_flow, note in DISPLACEMENT_SPECS:
        sel = d.loc[(d["population_type"] == ptype) & d[side].isin(list(countries))]
        if stock_flow:
            sel = sel.loc[sel["measure"] == stock_flow]
        left_out += int((~sel["one_year"]).sum())
        sel = sel.loc[sel["one_year"]]
        if sel.empty:
            continue
        g = sel.groupby([side, "year"], sort=True).agg(value=("value", "sum"), n=("value", "size"))
        g = g.join(joined_ids(sel, [side, "year"], "source_id"))
        g = g.reset_index().rename(columns={side: "iso3"})
        g["note"] = [note + (f" ({n} rows)" if n > 1 else "") for n in g["n"]]
        pieces.append(_frame(measure, g, names))
    return pieces, left_out


def incident_rows(
    incidents: pd.DataFrame,
    countries: Sequence[str],
    years: tuple[int, int] | None,
    names: Mapping[str, str],
) -> list[pd.DataFrame]:
    if incidents is None or incidents.empty:
        return []
    inc = incidents if "fat_lo" in incidents else prepare_incidents(incidents)
    inc = inc.loc[inc["date_start"].notna()].assign(year=lambda x: x["date_start"].dt.year)
    if inc.empty or not countries:
        return []
    first, last = int(inc["year"].min()), int(inc["year"].max())
    lo, hi = years if years else (first, last)
    span = list(range(max(first, int(lo)), min(last, int(hi)) + 1))
    if not span:
        return []
    # One row per (country, incident): an incident counts for both countries of its pair.
    sides = pd.concat(
        [
            inc.assign(iso3=inc["country_iso3"]),
            inc.assign(iso3=inc["counterpart_iso3"]).loc[
                inc["counterpart_iso3"].notna() & (inc["counterpart_iso3"] != inc["country_iso3"])
            ],
        ]
    )
    sides = sides.loc[sides["iso3"].isin(list(countries)) & sides["year"].isin(span)]
    sides = sides.assign(unknown=sides["fat_lo"].isna() & sides["fat_hi"].isna())
    grid = pd.MultiIndex.from_product([list(countries), span], names=["iso3", "year"])
    grouped = sides.groupby(["iso3", "year"])
    g = (
        pd.DataFrame(
            {
                "n": grouped["incident_id"].size(),
                "low": grouped["fat_lo"].sum(min_count=1),
                "high": grouped["fat_hi"].sum(min_count=1),
                "unknown_tolls": grouped["unknown"].sum(),
            }
        )
        .join(joined_ids(sides, ["iso3", "year"], "source_id"))
        .reindex(grid)
        .reset_index()
    )
    none = g["n"].isna()
    g["n"] = g["n"].fillna(0)
    g["unknown_tolls"] = g["unknown_tolls"].fillna(0).astype(int)
    g["source_id"] = g["source_id"].fillna("")
    # No incident recorded that year: 0 killed; incidents with no known toll: unknown (NaN).
    g.loc[none, ["low", "high"]] = 0.0
    counts = _frame(
        "incidents",
        g.assign(value=g["n"].astype(float), note="counts for both countries of a border pair"),
        names,
    )
    killed = g.assign(
        value_low=g["low"],
        value_high=g["high"],
        value=g["low"].where(g["low"] == g["high"]),
        note=[
            f"{count_text(u, 'incident')} with unknown toll not included" if u else ""
            for u in g["unknown_tolls"]
        ],
    )
    return [counts, _frame("killed", killed, names)]


def corridor_rows(
    corridors: pd.DataFrame, countries: Sequence[str], names: Mapping[str, str]
) -> list[pd.DataFrame]:
    if corridors is None or corridors.empty:
        return []
    long = corridors.assign(iso3=corridors["countries"].map(split_list)).explode("iso3")
    long = long.loc[long["iso3"].isin(list(countries))]
    if long.empty:
        return []
    g = (
        long.groupby(["iso3", "status"], sort=False)
        .agg(value=("corridor_id", "size"), note=("corridor_id", "; ".join))
        .join(joined_ids(long, ["iso3", "status"], "source_id"))
        .reset_index()
    )
    g["value"] = g["value"].astype(float)
    rank = {st: i for i, st in enumerate(CORRIDOR_STATUSES)}
    g = g.assign(_r=g["status"].map(rank)).sort_values(["iso3", "_r"]).drop(columns="_r")
    return [_frame("corridors", g, names)]


def comparison_table(
    countries: Sequence[str],
    years: tuple[int, int] | None,
    trade: pd.DataFrame | None = None,
    displacement: pd.DataFrame | None = None,
    incidents: pd.DataFrame | None = None,
    corridors: pd.DataFrame | None = None,
    countries_table: pd.DataFrame | None = None,
    annual: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, dict]:
    """The long table behind the comparison and notes {displacement_rows_left_out: int}."""
    names = known_country_names(countries_table)
    countries = list(countries)
    annual = (
        annual
        if annual is not None
        else annual_trade(trade if trade is not None else pd.DataFrame())
    )
    pieces = trade_rows(annual, countries, years, names)
    disp_pieces, left_out = displacement_rows(displacement, countries, years, names)
    pieces += disp_pieces
    pieces += incident_rows(incidents, countries, years, names)
    pieces += corridor_rows(corridors, countries, names)
    pieces = [p for p in pieces if not p.empty]
    table = (
        pd.concat(pieces, ignore_index=True)[list(LONG_COLUMNS)]
        if pieces
        else pd.DataFrame(columns=list(LONG_COLUMNS))
    )
    if not table.empty:
        order = {m: i for i, m in enumerate(MEASURES)}
        c_order = {c: i for i, c in enumerate(countries)}
        table = (
            table.assign(_m=table["measure"].map(order), _c=table["iso3"].map(c_order))
            .sort_values(["_c", "_m", "year", "status"], kind="stable")
            .drop(columns=["_m", "_c"])
            .reset_index(drop=True)
        )
    table["year"] = table["year"].astype("Int64")
    for col in ("value", "value_low", "value_high"):
        table[col] = pd.to_numeric(table[col], errors="coerce").astype("float64")
    return table, {"displacement_rows_left_out": left_out}
