"""Which reading answers a question when several rows do: the source precedence behind the
indicators (`data.indicators`) and the `preferred` / `not_preferred_reason` columns of the clean
trade and displacement tables.

Trade. A *question* is (country, counterpart, flow seen from the country, year), for each of the
six focus countries. Its candidate readings are the full-calendar-year, observed, TOTAL rows
with a US-dollar value that either side reports (the counterpart's report is the *mirror*: its
imports from the country are the country's exports), plus, for turnover, exports + imports of
one dataset (one document, or one reporter's official releases). They rank:

  1. the country's own official release     2. the counterpart's official release (mirror)
  3. the country's figure in a document      4. the counterpart's figure in a document
  5. reported figures (own, then mirror)
  6. figures from a file a user or the operator imported (own, then mirror)

then a published figure before a computed sum, then by source id and locator (a stable order).
A row is *preferred* when it is the chosen reading of at least one question it answers; where
both countries of a pair report, each one's own figure is preferred for that country (the two
are different questions: compare them in the Mirror view, never add them).

Displacement. A *cell* is (origin, location, population type, measure, group, year, period,
operation, subtype, and the area of an imported sub-national row; the period counts for flows
only, a stock is one count per year); its readings rank official release, then verified in a
document, then reported, then imported, then by source id and locator. The first is preferred.

Everything here is a pure function of the table rows, so it reads the same at build time (the
columns written to data/clean) and at run time (indicators on any filtered copy).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from dashboard_core.data import store
from dashboard_core.data.contract import FOCUS_ISO3
from dashboard_core.data.provenance import verification_rank

PREFERRED = "preferred"
REASON = "not_preferred_reason"
OWN_FLOW: dict[str, str] = {"export": "export", "import": "import", "turnover": "turnover"}
MIRROR_FLOW: dict[str, str] = {"export": "import", "import": "export", "turnover": "turnover"}
CLASS_LABELS: dict[int, str] = {
    0: "own official release",
    1: "partner's official release (mirror)",
    2: "own figure in a document",
    3: "partner's figure in a document (mirror)",
    4: "own reported figure",
    5: "partner's reported figure (mirror)",
    6: "own figure in an imported file",
    7: "partner's figure in an imported file (mirror)",
}
QUESTION = ["country", "counterpart", "view_flow", "year"]
CANDIDATE_COLUMNS = [
    *QUESTION, "reporter_iso3", "rank", "derived", "value_usd", "source_id", "locator",
    "verification", "rows",
]  # fmt: skip
DISPLACEMENT_CELL = [
    "origin_iso3", "location_iso3", "population_type", "measure", "group", "year",
    "period_start", "period_end", "operation", "subtype",
    "admin1", "admin2",  # imported area rows (IOM DTM): each province its own cell
]  # fmt: skip


def full_calendar_year(frame: pd.DataFrame) -> pd.Series:
    """1 January to 31 December of one year (what a yearly figure means here)."""
    start = pd.to_datetime(frame["period_start"], errors="coerce")
    end = pd.to_datetime(frame["period_end"], errors="coerce")
    same = (start.dt.year == end.dt.year) & (start.dt.year == frame["year"])
    return (
        (
            same
            & (start.dt.month == 1)
            & (start.dt.day == 1)
            & (end.dt.month == 12)
            & (end.dt.day == 31)
        )
        .fillna(False)
        .astype(bool)
    )


# The rows that can answer a yearly question, as a store condition: every rule of
# `trade_ineligible` but the year column's agreement with the period (checked again in pandas),
# so the few rows it reads stand for the whole table.
ELIGIBLE_TRADE: store.Where = store.all_of(
    store.any_of(store.isin("reporter_iso3", FOCUS_ISO3), store.isin("partner_iso3", FOCUS_ISO3)),
    store.period_in(("year",)),
    store.not_null("value_usd"),
    store.equals("measure", "observed"),
    store.equals("commodity", "TOTAL"),
)


def trade_ineligible(trade: pd.DataFrame) -> pd.Series:
    """Why a row can answer no yearly question (empty string when it can)."""
    reason = pd.Series("", index=trade.index, dtype=object)
    whole = full_calendar_year(trade)
    no_usd = trade["value_usd"].isna()
    start_missing = pd.to_datetime(trade["period_start"], errors="coerce").isna()
    focus = trade["reporter_iso3"].isin(FOCUS_ISO3) | trade["partner_iso3"].isin(FOCUS_ISO3)
    rules = [
        (~focus, "neither side is one of the six countries"),
        (~whole & start_missing, "period not stated (the indicators use full calendar years)"),
        (~whole, "covers part of a year (the indicators use full calendar years)"),
        (no_usd, "no US-dollar value"),
        (trade["measure"].astype(str) != "observed", "a target, not an observed figure"),
        (trade["commodity"].astype(str) != "TOTAL", "one product, not total trade"),
    ]
    for mask, text in rules:  # the last matching rule wins: most basic reason shown
        reason = reason.mask(mask.fillna(False).astype(bool), text)
    return reason


def _reading_class(verification: pd.Series) -> pd.Series:
    """0 official, 1 document, 2 reported (or an unknown level), 3 imported file."""
    rank = verification_rank(verification)
    return rank.where(rank <= 3, 2)


def _perspectives(rows: pd.DataFrame) -> pd.DataFrame:
    """Each eligible row as the reading of its own country's question and of its partner's
    (mirror), where that side is a focus country."""
    parts = []
    for side, flows, mirror in (
        ("reporter_iso3", OWN_FLOW, 0),
        ("partner_iso3", MIRROR_FLOW, 1),
    ):
        other = "partner_iso3" if side == "reporter_iso3" else "reporter_iso3"
        part = rows[rows[side].isin(FOCUS_ISO3) & (rows[side] != rows[other])]
        parts.append(
            pd.DataFrame(
                {
                    "country": part[side],
                    "counterpart": part[other],
                    "view_flow": part["flow"].map(flows),
                    "year": part["year"].astype(int),
                    "reporter_iso3": part["reporter_iso3"],
                    "rank": _reading_class(part["verification"]) * 2 + mirror,
                    "derived": False,
                    "value_usd": part["value_usd"].astype(float),
                    "source_id": part["source_id"].astype(str),
                    "locator": part["locator"].astype(str) if "locator" in part else "",
                    "verification": part["verification"].astype(str),
                    "rows": [(i,) for i in part.index],
                    "flow": part["flow"],
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _derived_turnover(readings: pd.DataFrame) -> pd.DataFrame:
    """Exports + imports of one dataset for the same question year: one document (source id),
    or one reporter's official releases (stat.uz and stat.kg publish two tables)."""
    flows = readings[readings["flow"].isin(["export", "import"])]
    if flows.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    dataset = flows["source_id"].where(flows["verification"] != "official_release", "official")
    keys = ["country", "counterpart", "year", "reporter_iso3", "_set"]
    flows = flows.assign(_set=dataset).sort_values(["rank", "source_id", "locator"])
    best = flows.drop_duplicates([*keys, "flow"])
    exports = best[best["flow"] == "export"].set_index(keys)
    imports = best[best["flow"] == "import"].set_index(keys)
    both = exports.merge(
        imports, how="inner", left_index=True, right_index=True, suffixes=("_x", "_m")
    ).reset_index()
    if both.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    return pd.DataFrame(
        {
            "country": both["country"],
            "counterpart": both["counterpart"],
            "view_flow": "turnover",
            "year": both["year"].astype(int),
            "reporter_iso3": both["reporter_iso3"],
            "rank": np.maximum(both["rank_x"], both["rank_m"]),
            "derived": True,
            "value_usd": both["value_usd_x"] + both["value_usd_m"],
            "source_id": [
                "+".join(dict.fromkeys(sorted((a, b))))
                for a, b in zip(both["source_id_x"], both["source_id_m"], strict=True)
            ],
            "locator": both["locator_x"] + "+" + both["locator_m"],
            "verification": [
                a if r_a >= r_b else b
                for a, b, r_a, r_b in zip(
                    both["verification_x"],
                    both["verification_m"],
                    both["rank_x"],
                    both["rank_m"],
                    strict=True,
                )
            ],
            "rows": [a + b for a, b in zip(both["rows_x"], both["rows_m"], strict=True)],
        }
    )


def trade_candidates(trade: pd.DataFrame) -> pd.DataFrame:
    """Every reading of every trade question, ranked (best first within a question)."""
    eligible = trade[trade_ineligible(trade) == ""]
    if eligible.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    readings = _perspectives(eligible)
    frames = [readings.drop(columns="flow"), _derived_turnover(readings)]
    candidates = pd.concat([f for f in frames if not f.empty], ignore_index=True)
    candidates["derived"] = candidates["derived"].astype(bool)
    candidates["rank"] = candidates["rank"].astype(int)
    order = [*QUESTION, "rank", "derived", "source_id", "locator"]
    return candidates.sort_values(order, kind="mergesort").reset_index(drop=True)


def chosen_trade(trade: pd.DataFrame) -> pd.DataFrame:
    """The chosen reading of every trade question (one row per question)."""
    return trade_candidates(trade).drop_duplicates(QUESTION, keep="first").reset_index(drop=True)


def _chosen_text(chosen: pd.Series, source_names: Mapping[str, str]) -> str:
    names = " + ".join(
        dict.fromkeys(source_names.get(p, p) for p in str(chosen["source_id"]).split("+"))
    )
    kind = CLASS_LABELS.get(int(chosen["rank"]), "another reading")
    computed = ", exports + imports" if chosen["derived"] else ""
    return f"{names} is used instead ({kind}{computed})"


def mark_trade(trade: pd.DataFrame, source_names: Mapping[str, str]) -> pd.DataFrame:
    """`preferred` (bool) and `not_preferred_reason` (text, empty when preferred) per row."""
    reasons = trade_ineligible(trade)
    candidates = trade_candidates(trade)
    chosen = candidates.drop_duplicates(QUESTION, keep="first")
    used = {i for rows in chosen["rows"] for i in rows}
    preferred = pd.Series(trade.index.isin(list(used)), index=trade.index)
    # A row left out: name the reading chosen for the first question it answers.
    chosen_by_question = chosen.set_index(QUESTION)
    # explain from the reporter's own side first (rank is even there), then the mirror side
    own = candidates[~candidates["derived"]]
    own = own.assign(_mirror=own["rank"] % 2).sort_values("_mirror", kind="stable")
    own = own.drop_duplicates("rows")
    own = own[[not preferred[r[0]] and not reasons[r[0]] for r in own["rows"]]]
    for row_ids, question in zip(own["rows"], own[QUESTION].itertuples(index=False), strict=True):
        reasons[row_ids[0]] = _chosen_text(chosen_by_question.loc[tuple(question)], source_names)
    return pd.DataFrame(
        {PREFERRED: preferred.astype(bool), REASON: reasons.where(~preferred, "")},
        index=trade.index,
    )


def mark_displacement(displacement: pd.DataFrame, source_names: Mapping[str, str]) -> pd.DataFrame:
    """`preferred` and `not_preferred_reason` per displacement row (see module docstring)."""
    cell = [c for c in DISPLACEMENT_CELL if c in displacement.columns]
    keys = displacement[cell].astype("string").fillna("")
    # a stock is one count per year whatever date it is given for; flows keep their period
    stock = displacement["measure"].astype(str).eq("stock")
    for column in ("period_start", "period_end"):
        if column in keys:
            keys[column] = keys[column].mask(stock, "")
    ranked = displacement.assign(
        _rank=verification_rank(displacement["verification"]),
        _sid=displacement["source_id"].astype(str),
        _loc=displacement["locator"].astype(str) if "locator" in displacement else "",
        _no_value=displacement["value"].isna(),
    )
    ranked = pd.concat([ranked, keys.add_prefix("_k_")], axis=1)
    order = ["_no_value", "_rank", "_sid", "_loc"]
    ranked = ranked.sort_values([*keys.add_prefix("_k_").columns, *order], kind="mergesort")
    first = ~ranked.duplicated(list(keys.add_prefix("_k_").columns), keep="first")
    preferred = first.reindex(displacement.index) & displacement["value"].notna()
    winner = ranked.loc[first, [*keys.add_prefix("_k_").columns, "_sid"]]
    merged = ranked[list(keys.add_prefix("_k_").columns)].merge(
        winner, how="left", on=list(keys.add_prefix("_k_").columns)
    )
    merged.index = ranked.index
    names = merged["_sid"].map(lambda s: source_names.get(s, s))
    reasons = ("the same cell is taken from " + names + " (ranks higher)").reindex(
        displacement.index
    )
    reasons = reasons.where(displacement["value"].notna(), "no value")
    return pd.DataFrame(
        {PREFERRED: preferred.astype(bool), REASON: reasons.where(~preferred, "")},
        index=displacement.index,
    )
