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
  Killed is a range (low, high) as in `incidents`.
- Corridors: how many corridors run through each country, by status (current status, not by year).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard_core.contract import CENTRAL_ASIA_5, CORRIDOR_STATUSES, EU27_ISO3
from dashboard_core.datasets import split_list
from dashboard_core.incidents import country_names
from dashboard_core.incidents import prepare as prepare_incidents

VERIFICATION_RANK = {"official_release": 0, "seed_verified": 1, "reported": 2}
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


def _verification_rank(series: pd.Series) -> pd.Series:
    return series.map(VERIFICATION_RANK).fillna(9)


def _full_year(df: pd.DataFrame) -> pd.Series:
    s = pd.to_datetime(df["period_start"], errors="coerce")
    e = pd.to_datetime(df["period_end"], errors="coerce")
    return (
        (s.dt.month == 1)
        & (s.dt.day == 1)
        & (e.dt.month == 12)
        & (e.dt.day == 31)
        & (s.dt.year == e.dt.year)
    ).fillna(False)


def _best_per_cell(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per `keys`: best verification, then smallest source_id."""
    if df.empty:
        return df
    work = df.assign(_rank=_verification_rank(df["verification"]), _sid=df["source_id"].astype(str))
    work = work.sort_values([*keys, "_rank", "_sid"], kind="stable")
    return work.drop_duplicates(keys, keep="first").drop(columns=["_rank", "_sid"])


def relevant_trade(trade: pd.DataFrame) -> pd.DataFrame:
    """The rows `annual_trade` can use for this page's questions: TOTAL observed figures reported
    by anyone but the EU and its members (Eurostat rows never describe trade between the focus
    countries). A speed-up only: `annual_trade` gives the same figures for the rows kept."""
    eu = set(EU27_ISO3) | {"EU27"}
    keep = (
        ~trade["reporter_iso3"].isin(eu)
        & (trade["commodity"].astype(str) == "TOTAL")
        & (trade["measure"].astype(str) == "observed")
    )
    return trade.loc[keep.fillna(False).astype(bool)]


def annual_trade(trade: pd.DataFrame) -> pd.DataFrame:
    """Full-year observed TOTAL trade, one row per reporter, partner and year.

    Columns: reporter_iso3, partner_iso3, year, export_usd, import_usd, turnover_usd,
    turnover_basis, source_ids, verification.
    """
    cols = [
        "reporter_iso3",
        "partner_iso3",
        "year",
        "export_usd",
        "import_usd",
        "turnover_usd",
        "turnover_basis",
        "source_ids",
        "verification",
    ]
    if trade is None or trade.empty:
        return pd.DataFrame(columns=cols)
    t = trade.loc[
        (trade["commodity"].astype(str) == "TOTAL")
        & (trade["measure"].astype(str) == "observed")
        & trade["value_usd"].notna()
        & _full_year(trade)
    ].copy()
    if t.empty:
        return pd.DataFrame(columns=cols)
    t["year"] = pd.to_datetime(t["period_start"]).dt.year.astype(int)
    t["value_usd"] = pd.to_numeric(t["value_usd"], errors="coerce")
    t = _best_per_cell(t, ["reporter_iso3", "partner_iso3", "flow", "year"])
    t["rank"] = _verification_rank(t["verification"])
    keys = ["reporter_iso3", "partner_iso3", "year"]
    wide = t.pivot(index=keys, columns="flow", values=["value_usd", "rank", "source_id"])
    out = pd.DataFrame(index=wide.index)

    def col(field: str, flow: str) -> pd.Series:
        if (field, flow) in wide.columns:
            return wide[(field, flow)]
        return pd.Series(np.nan, index=wide.index, dtype="object")

    exp, imp, tov = (
        col("value_usd", f).astype("float64") for f in ("export", "import", "turnover")
    )
    r_exp, r_imp, r_tov = (
        col("rank", f).astype("float64") for f in ("export", "import", "turnover")
    )
    both = exp.notna() & imp.notna()
    r_comp = np.maximum(r_exp, r_imp)
    use_comp = both & (tov.isna() | (r_comp <= r_tov))
    use_tov = ~use_comp & tov.notna()
    out["export_usd"], out["import_usd"] = exp, imp
    out["turnover_usd"] = np.where(use_comp, exp + imp, np.where(use_tov, tov, np.nan))
    out["turnover_basis"] = np.where(
        use_comp, "export + import", np.where(use_tov, "reported turnover", "")
    )
    s_exp, s_imp, s_tov = (col("source_id", f) for f in ("export", "import", "turnover"))
    comp_ids = [
        ";".join(sorted({str(a), str(b)}))
        for a, b in zip(s_exp.fillna(""), s_imp.fillna(""), strict=True)
    ]
    any_ids = [
        ";".join(sorted({str(v) for v in vals if isinstance(v, str) and v}))
        for vals in zip(s_exp, s_imp, s_tov, strict=True)
    ]
    out["source_ids"] = np.where(use_comp, comp_ids, np.where(use_tov, s_tov.fillna(""), any_ids))
    rank = np.where(
        use_comp, r_comp, np.where(use_tov, r_tov, np.fmin(np.fmin(r_exp, r_imp), r_tov))
    )
    labels = {v: k for k, v in VERIFICATION_RANK.items()}
    out["verification"] = [labels.get(int(r), "") if pd.notna(r) else "" for r in rank]
    out = out.reset_index()
    out["year"] = out["year"].astype(int)
    return out.sort_values(keys).reset_index(drop=True)[cols]


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


def _in_years(series: pd.Series, years: tuple[int, int] | None) -> pd.Series:
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
        & _in_years(annual["year"], years)
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
    return _best_per_cell(
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
    d = d.loc[_in_years(d["year"], years)]
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
            f"{u} incident(s) with unknown toll not included" if u else ""
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
    names = country_names(countries_table)
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


# --- summaries, series and text -----------------------------------------------------------------


def format_value(value: object, unit: str) -> str:
    if value is None or pd.isna(value):
        return "no data"
    v = float(value)
    if unit == "US$":
        if abs(v) >= 1e9:
            return f"US${v / 1e9:,.2f} bn"
        if abs(v) >= 1e6:
            return f"US${v / 1e6:,.1f} m"
        return f"US${v:,.0f}"
    return f"{v:,.0f}"


def _range_text(low: object, high: object, unit: str) -> str:
    if (low is None or pd.isna(low)) and (high is None or pd.isna(high)):
        return "no data"
    if low is None or pd.isna(low) or high is None or pd.isna(high) or float(low) == float(high):
        return format_value(high if low is None or pd.isna(low) else low, unit)
    return f"{format_value(low, unit)}–{format_value(high, unit)}"


def _coverage(row: Mapping[str, object]) -> str:
    """'; 1 of 4 partners' when a regional trade figure covers only some partners."""
    covered = row.get("partners_covered")
    if not isinstance(covered, str) or not covered:
        return ""
    have, _, total = covered.partition(" of ")
    return "" if have == total else f"; {covered} partners"


SUMMARY_COLUMNS: tuple[str, ...] = (
    "iso3",
    "country",
    "measure",
    "measure_label",
    "unit",
    "value",
    "value_low",
    "value_high",
    "year_from",
    "year_to",
    "years_with_data",
    "text",
    "short",
)


def _num(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def summary(
    table: pd.DataFrame, countries: Sequence[str], names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """One row per country and measure: latest value (stocks, trade) or total (flows, incidents).

    Columns: SUMMARY_COLUMNS. Missing data stays 'no data' (value NaN). One pass over the rows in
    plain Python: the table is small (countries x measures x years) and pandas group-bys cost
    more than the arithmetic.
    """
    names = names or country_names()
    acc: dict[tuple[str, str], dict] = {}
    cols = [
        "iso3",
        "measure",
        "year",
        "status",
        "value",
        "value_low",
        "value_high",
        "partners_covered",
        "unknown_tolls",
    ]
    rows = table[cols].itertuples(index=False, name=None) if not table.empty else []
    for iso, measure, year, status, value, low, high, covered, unknown in rows:
        basis = MEASURES[measure][3]
        a = acc.setdefault(
            (iso, measure),
            {"low": None, "high": None, "years": set(), "unknown": 0, "span": set(), "pieces": []},
        )
        value, low, high = _num(value), _num(low), _num(high)
        year = None if year is None or year is pd.NA or pd.isna(year) else int(year)
        if basis == "latest":
            if value is not None and year is not None and year >= a.get("year", -1):
                a.update(year=year, value=value, partners_covered=covered)
        elif basis == "total":
            if measure == "killed":
                a["unknown"] += int(_num(unknown) or 0)
                if year is not None:
                    a["span"].add(year)
                known = low is not None or high is not None
            else:
                known = value is not None
                low = high = value
            if known and year is not None:
                a["years"].add(year)
                if low is not None:
                    a["low"] = (a["low"] or 0.0) + low
                if high is not None:
                    a["high"] = (a["high"] or 0.0) + high
        elif value is not None:
            a["low"] = (a["low"] or 0.0) + value
            a["pieces"].append(f"{int(value)} {str(status).replace('_', ' ')}")
    out = []
    for iso in countries:
        for measure, (label, unit, _domain, basis) in MEASURES.items():
            a = acc.get((iso, measure), {})
            rec = {
                "iso3": iso,
                "country": names.get(iso, iso),
                "measure": measure,
                "measure_label": label,
                "unit": unit,
                "value": np.nan,
                "value_low": np.nan,
                "value_high": np.nan,
                "year_from": None,
                "year_to": None,
                "years_with_data": 0,
                "partners_covered": None,
                "unknown": a.get("unknown", 0),
                "span_from": None,
                "span_to": None,
                "by_status": "",
            }
            if basis == "latest" and "value" in a:
                rec.update(
                    value=a["value"],
                    value_low=a["value"],
                    value_high=a["value"],
                    year_from=a["year"],
                    year_to=a["year"],
                    years_with_data=1,
                    partners_covered=a.get("partners_covered"),
                )
            elif basis == "total" and a.get("years"):
                low = np.nan if a["low"] is None else a["low"]
                high = np.nan if a["high"] is None else a["high"]
                rec.update(
                    value=low if low == high else np.nan,
                    value_low=low,
                    value_high=high,
                    year_from=min(a["years"]),
                    year_to=max(a["years"]),
                    years_with_data=len(a["years"]),
                )
            elif basis == "current" and a.get("pieces"):
                rec.update(
                    value=a["low"],
                    value_low=a["low"],
                    value_high=a["low"],
                    by_status=", ".join(a["pieces"]),
                )
            if a.get("span"):
                rec.update(span_from=min(a["span"]), span_to=max(a["span"]))
            rec["text"] = _summary_text(rec)
            rec["short"] = (
                f"{int(rec['value'])}"
                if measure == "corridors" and pd.notna(rec["value"])
                else rec["text"]
            )
            out.append(rec)
    frame = pd.DataFrame(out)
    if frame.empty:
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    for col in ("year_from", "year_to"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    for col in ("value", "value_low", "value_high"):
        frame[col] = frame[col].astype("float64")
    return frame[list(SUMMARY_COLUMNS)]


def _summary_text(rec: Mapping[str, object]) -> str:
    measure, unit = str(rec["measure"]), str(rec["unit"])
    basis = MEASURES[measure][3]
    unknown = int(rec.get("unknown") or 0) if pd.notna(rec.get("unknown")) else 0
    has_value = pd.notna(rec.get("value_low")) or pd.notna(rec.get("value_high"))
    if basis == "latest":
        if not has_value:
            return "no data"
        return f"{format_value(rec['value'], unit)} ({int(rec['year_to'])}" + _coverage(rec) + ")"
    if basis == "current":
        if pd.isna(rec.get("value")):
            return "no data"
        return f"{int(rec['value'])} ({rec['by_status']})"
    if not has_value:
        return f"unknown ({unknown} incident(s), toll not given)" if unknown else "no data"
    y0, y1 = int(rec["year_from"]), int(rec["year_to"])
    if measure == "killed" and pd.notna(rec.get("span_from")):
        y0, y1 = int(rec["span_from"]), int(rec["span_to"])
    span = f"{y0}" if y0 == y1 else f"{y0}–{y1}"
    value = _range_text(rec["value_low"], rec["value_high"], unit)
    return f"{value} + {unknown} unknown ({span})" if unknown else f"{value} ({span})"


def side_by_side(summ: pd.DataFrame) -> pd.DataFrame:
    """Measures as rows, countries as columns, formatted text cells."""
    if summ.empty:
        return pd.DataFrame()
    wide = summ.pivot(index="measure_label", columns="country", values="short")
    order = [MEASURES[m][0] for m in MEASURES]
    cols = list(dict.fromkeys(summ["country"]))
    wide = wide.reindex(index=[o for o in order if o in wide.index], columns=cols)
    wide.index.name = "Measure"
    wide.columns.name = None
    return wide


def time_series(table: pd.DataFrame) -> pd.DataFrame:
    """Per country and time measure, one row per year from its first to its last year with data.

    Years without a figure inside that span get value NaN (the line breaks there); nothing is
    filled in.
    """
    cols = [
        "iso3",
        "country",
        "measure",
        "measure_label",
        "unit",
        "year",
        "value",
        "value_low",
        "value_high",
    ]
    if table.empty:
        return pd.DataFrame(columns=cols)
    t = table.loc[table["measure"].isin(TIME_MEASURES) & table["year"].notna()]
    t = t.loc[t["value"].notna() | t["value_low"].notna() | t["value_high"].notna()]
    if t.empty:
        return pd.DataFrame(columns=cols)
    t = t.assign(year=t["year"].astype(int))
    keys = ["iso3", "measure"]
    spans = (
        t.groupby(keys, sort=False)
        .agg(
            first=("year", "min"),
            last=("year", "max"),
            country=("country", "first"),
            measure_label=("measure_label", "first"),
            unit=("unit", "first"),
        )
        .reset_index()
    )
    spans["year"] = [
        list(range(a, b + 1)) for a, b in zip(spans["first"], spans["last"], strict=True)
    ]
    full = spans.explode("year").astype({"year": int})
    values = t[keys + ["year", "value", "value_low", "value_high"]]
    return full.merge(values, on=keys + ["year"], how="left")[cols].reset_index(drop=True)


def ranked(summ: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The summary rows of one measure, highest first; countries without data last."""
    sel = summ.loc[summ["measure"] == measure].copy()
    sel["_key"] = sel["value_high"].fillna(-np.inf)
    return (
        sel.sort_values(["_key", "country"], ascending=[False, True])
        .drop(columns="_key")
        .reset_index(drop=True)
    )


def sources_of(table: pd.DataFrame, measures: Iterable[str] | None = None) -> list[str]:
    sel = table if measures is None else table.loc[table["measure"].isin(list(measures))]
    return sorted({s for v in sel["source_id"].dropna() for s in split_list(v)})


@dataclass(frozen=True)
class CompareView:
    countries: list[str]
    notes: list[str]
    table: pd.DataFrame  # the long table behind the comparison (what downloads hold)
    summary: pd.DataFrame
    wide: pd.DataFrame
    series: pd.DataFrame


def country_table(
    iso3: str,
    trade_annual: pd.DataFrame,
    displacement: pd.DataFrame,
    incidents: pd.DataFrame,
    corridors: pd.DataFrame,
    names: Mapping[str, str],
) -> pd.DataFrame:
    """Every comparison row of one country over all years (cache it per data version: a view
    then only filters years and stacks countries)."""
    table, _ = comparison_table(
        [iso3], None, None, displacement, incidents, corridors, None, annual=trade_annual
    )
    table["country"] = table["iso3"].map(lambda c: names.get(c, c))
    return table


def displacement_left_out(
    displacement: pd.DataFrame, countries: Sequence[str], years: tuple[int, int] | None
) -> int:
    """How many displacement rows of these countries and years `_one_year` leaves out."""
    if displacement is None or displacement.empty:
        return 0
    d = displacement if "one_year" in displacement else prepare_displacement(displacement)
    d = d.loc[_in_years(d["year"], years) & ~d["one_year"]]
    total = 0
    for _measure, ptype, side, stock_flow, _note in DISPLACEMENT_SPECS:
        sel = (d["population_type"] == ptype) & d[side].isin(list(countries))
        if stock_flow:
            sel &= d["measure"] == stock_flow
        total += int(sel.sum())
    return total


def view_from_tables(
    tables: Mapping[str, pd.DataFrame],
    selected: Sequence[str],
    years: tuple[int, int] | None,
    left_out: int,
    names: Mapping[str, str],
) -> CompareView:
    """The view from per-country tables (`country_table`): keep the years, stack, summarise."""
    countries = list(dict.fromkeys(selected))
    notes = []
    if len(countries) > MAX_COUNTRIES:
        notes.append(
            f"Comparing the first {MAX_COUNTRIES} of the {len(countries)} selected countries: "
            + ", ".join(names.get(c, c) for c in countries[:MAX_COUNTRIES])
            + "."
        )
        countries = countries[:MAX_COUNTRIES]
    if len(countries) < MIN_COUNTRIES:
        empty = pd.DataFrame(columns=list(LONG_COLUMNS))
        return CompareView(countries, notes, empty, pd.DataFrame(), pd.DataFrame(), empty)
    parts = []
    for iso in countries:
        t = tables[iso]
        keep = t["year"].isna() | _in_years(t["year"], years).fillna(False).astype(bool)
        parts.append(t.loc[keep])
    parts = [p for p in parts if not p.empty]
    table = (
        pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(LONG_COLUMNS))
    )
    if left_out:
        notes.append(
            f"{left_out} displacement figure(s) covering several years or an unstated period "
            "(cumulative totals of operations) are left out of the yearly comparison; the "
            "Displacement page lists them."
        )
    summ = summary(table, countries, names)
    return CompareView(countries, notes, table, summ, side_by_side(summ), time_series(table))


def build_view(
    selected: Sequence[str],
    years: tuple[int, int],
    trade_annual: pd.DataFrame,
    displacement: pd.DataFrame,
    incidents: pd.DataFrame,
    corridors: pd.DataFrame,
    names: Mapping[str, str],
) -> CompareView:
    """Everything the compare page draws. Fewer than two countries gives an empty view."""
    chosen = list(dict.fromkeys(selected))[:MAX_COUNTRIES]
    if len(chosen) < MIN_COUNTRIES:
        return view_from_tables({}, selected, years, 0, names)
    displacement = (
        displacement
        if displacement is None or "one_year" in displacement
        else prepare_displacement(displacement)
    )
    tables = {
        iso: country_table(iso, trade_annual, displacement, incidents, corridors, names)
        for iso in chosen
    }
    left_out = displacement_left_out(displacement, chosen, years)
    return view_from_tables(tables, selected, years, left_out, names)


SUMMARY_NOTE = (
    "Trade and refugee stocks: the latest year with a figure in the selected years (year in "
    "brackets; a regional trade figure that covers only some partners says how many). Returns, "
    "repatriations, incidents and killed: totals over the years with a figure; 'N unknown' counts "
    "incidents whose toll the sources do not give. Trade is what each country reports itself, "
    "full calendar years only; 'no data' is a gap, not a zero. Corridors: current status, "
    "whatever the years."
)
