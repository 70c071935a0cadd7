"""The displacement map's arcs: one figure per place pair, population type and measure, from
the preferred readings only (`transforms.preferred_rows`; the official full-year sum where there
is one, otherwise a document's figure: a part-year figure never added to the year's), with
plain-text tooltip fields."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard_core.data.formatting import format_people
from dashboard_core.data.naming import name_of
from dashboard_core.data.provenance import verification_rank
from dashboard_core.displacement.transforms import preferred_rows, type_label
from dashboard_core.viz import tooltips


def _sources(titles: pd.Series) -> str:
    """ "Source: ..." naming each distinct source title once."""
    named = list(dict.fromkeys(titles.astype(str)))
    return ("Sources: " if len(named) > 1 else "Source: ") + "; ".join(named)


def map_flows(
    rows: pd.DataFrame,
    year: int,
    names: Mapping[str, str],
    source_names: Mapping[str, str],
    top_n: int = 25,
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """(arcs from where people left to where they are or went, figures inside one country
    (IDPs, no arc), number of arcs before keeping the top `top_n`). One figure per place pair,
    population type and measure among the preferred readings: the official full-year sum if
    there is one, otherwise the best-verified document figure (never both added)."""
    tip = [tooltips.TITLE, tooltips.BODY, tooltips.SOURCE]
    cols = ["from_iso3", "to_iso3", "value", "measure", *tip]
    d = preferred_rows(rows)
    d = d[(d["year"] == year) & (d["group"].fillna("total") == "total")]
    d = d[d["moves_from"].notna() & d["moves_to"].notna()]
    if d.empty:
        return pd.DataFrame(columns=cols), pd.DataFrame(columns=["iso3", "value", *tip]), 0
    keys = ["moves_from", "moves_to", "population_type", "measure"]
    off = d[d["official"] & (d["kind"] == "year")]
    off = off.groupby([*keys, "source_id"], as_index=False).agg(
        value=("value", "sum"), period=("period", "first")
    )
    off["_rank"] = 0
    doc = d[~(d["official"] & (d["kind"] == "year"))]
    doc = doc.assign(
        _rank=1 + verification_rank(doc["verification"]) + doc["kind"].eq("partial") * 10
    )[[*keys, "source_id", "value", "period", "_rank"]]
    best = (
        pd.concat([off, doc], ignore_index=True)
        .sort_values(["_rank", "value"], ascending=[True, False])
        .drop_duplicates(keys)
    )
    best["label"] = [
        type_label(t, m) for t, m in zip(best["population_type"], best["measure"], strict=True)
    ]
    best["line"] = [
        f"{lab} {p}: {format_people(v)} people"
        for lab, p, v in zip(best["label"], best["period"], best["value"], strict=True)
    ]
    best["source"] = best["source_id"].map(lambda s: source_names.get(s, s))
    inside = best[best["moves_from"] == best["moves_to"]]
    moves = best[best["moves_from"] != best["moves_to"]]
    arcs = (
        moves.groupby(["moves_from", "moves_to", "measure"], as_index=False)
        .agg(value=("value", "sum"), lines=("line", "\n".join), source=("source", _sources))
        .sort_values("value", ascending=False)
    )
    total = len(arcs)
    arcs = arcs.head(top_n)
    tips = [
        tooltips.fields(f"{name_of(a, names)} → {name_of(b, names)}", [ln], src)
        for a, b, ln, src in zip(
            arcs["moves_from"], arcs["moves_to"], arcs["lines"], arcs["source"], strict=True
        )
    ]
    for key in tip:
        arcs[key] = [t[key] for t in tips]
    arcs = arcs.rename(columns={"moves_from": "from_iso3", "moves_to": "to_iso3"})
    here = inside.groupby("moves_from", as_index=False).agg(
        value=("value", "max"), lines=("line", "\n".join), source=("source", _sources)
    )
    tips = [
        tooltips.fields(f"{name_of(c, names)} (inside the country)", [ln], src)
        for c, ln, src in zip(here["moves_from"], here["lines"], here["source"], strict=True)
    ]
    for key in tip:
        here[key] = [t[key] for t in tips]
    here = here.rename(columns={"moves_from": "iso3"})[["iso3", "value", *tip]]
    return arcs[cols].reset_index(drop=True), here.reset_index(drop=True), total
