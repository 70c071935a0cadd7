"""Trade analyses on annual figures: map flows, time series, partner structure, the country
comparison and the mirror view (the same flow reported by both sides)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard_core.data import indicators
from dashboard_core.data.contract import AGGREGATE_CODES, CENTRAL_ASIA_5, FOCUS_ISO3
from dashboard_core.data.formatting import count_text, format_share, format_usd
from dashboard_core.data.naming import name_of
from dashboard_core.data.periods import add_segments
from dashboard_core.data.provenance import verification_rank
from dashboard_core.trade.figures import (
    ANNUAL_COLUMNS,
    OTHER,
    pick_keys,
    pick_order,
    source_label,
)
from dashboard_core.trade.labels import COMPARISON_COUNTERPARTS, FLOW_LABELS, MIN_STRUCTURE_PARTNERS
from dashboard_core.viz import tooltips

TIP_FIELDS = (tooltips.TITLE, tooltips.BODY, tooltips.SOURCE)


def map_flows(
    ori: pd.DataFrame,
    year: int,
    names: Mapping[str, str],
    source_names: Mapping[str, str],
    flow: str,
    top_n: int = 25,
) -> tuple[pd.DataFrame, int]:
    """One figure per flow (direction, or pair for turnover) in `year`, largest first, with a
    tooltip. Returns (frame, number of flows before keeping the top `top_n`)."""
    cols = [
        "from_iso3",
        "to_iso3",
        "value",
        "year",
        "period",
        "source_id",
        "verification",
        *TIP_FIELDS,
        "others",
    ]
    if ori.empty:
        return pd.DataFrame(columns=cols), 0
    d = ori[(ori["year"] == year) & (ori["measure"] == "observed")]
    d = d[d["kind"].isin(["year", "partial"]) & (d["from_iso3"] != d["to_iso3"])]
    if d.empty:
        return pd.DataFrame(columns=cols), 0
    if flow == "turnover":
        pair = ["|".join(sorted(p)) for p in zip(d["from_iso3"], d["to_iso3"], strict=True)]
        d = d.assign(_pair=pair)
        key = ["_pair"]
    else:
        key = ["from_iso3", "to_iso3"]
    counts = d.groupby(key)["value_usd"].transform("size")
    # the preferred reading of each flow (as the indicators choose it); a part of a year only
    # where no full year is given; a pair whose two countries are both selected has two
    # preferred readings (each country's own, turnover): `pick_order` takes one
    d = pick_order(d.assign(others=counts - 1)[d["preferred"].astype(bool)])
    d = d.drop_duplicates(key, keep="first")
    d = d.sort_values("value_usd", ascending=False)
    total = len(d)
    d = d.head(top_n)
    arrow = "–" if flow == "turnover" else "→"
    tips = []
    for r in d.itertuples(index=False):
        partial = " (part of the year)" if r.kind == "partial" else ""
        lines = [
            f"{FLOW_LABELS[flow].split(' (')[0]} {r.period}{partial}: {format_usd(r.value_usd)}",
            "computed as exports + imports" if r.derived else "",
            f"reported by {name_of(r.reporter_iso3, names)}"
            + (f" ({r.reading})" if r.reading else ""),
            f"{count_text(r.others, 'other reading')} of this flow in the Mirror view and the table"
            if r.others
            else "",
        ]
        title = f"{name_of(r.from_iso3, names)} {arrow} {name_of(r.to_iso3, names)}"
        source = "Source: " + source_label(r.source_id, source_names)
        tips.append(tooltips.fields(title, lines, source))
    out = pd.DataFrame(
        {
            "from_iso3": d["from_iso3"].to_numpy(),
            "to_iso3": d["to_iso3"].to_numpy(),
            "value": d["value_usd"].astype(float).to_numpy(),
            "year": d["year"].astype(int).to_numpy(),
            "period": d["period"].to_numpy(),
            "source_id": d["source_id"].to_numpy(),
            "verification": d["verification"].to_numpy(),
            **{k: [t[k] for t in tips] for k in TIP_FIELDS},
            "others": d["others"].astype(int).to_numpy(),
        }
    )
    return out, total


def map_years(ori: pd.DataFrame) -> list[int]:
    """Years with at least one observed figure, ascending."""
    if ori.empty:
        return []
    d = ori[(ori["measure"] == "observed") & ori["kind"].isin(["year", "partial"])]
    return sorted(int(y) for y in d["year"].unique())


@dataclass(frozen=True)
class Series:
    frame: pd.DataFrame  # one row per point; `mark` in {annual, partial, target}
    shown: int  # series drawn
    total: int  # series available
    others: int = 0  # full-year figures not drawn: another reading of the question is preferred


def _pair_names(combos: pd.DataFrame, names: Mapping[str, str], flow: str) -> list[str]:
    """'Uzbekistan → Afghanistan' (goods direction), 'Uzbekistan with Afghanistan' (turnover:
    the country whose question it is first)."""
    joint = " with " if flow == "turnover" else " → "
    return [
        f"{name_of(a, names)}{joint}{name_of(b, names)}"
        for a, b in zip(
            combos["from_iso3"].to_numpy(dtype=object),
            combos["to_iso3"].to_numpy(dtype=object),
            strict=True,
        )
    ]


SERIES_INPUT = (
    "from_iso3",
    "to_iso3",
    "reporter_iso3",
    "year",
    "value_usd",
    "kind",
    "measure",
    "period",
    "source_id",
    "verification",
    "derived",
    "reading",
    "note",
)


def _flow_codes(ori: pd.DataFrame) -> np.ndarray:
    """One integer per distinct (from_iso3, to_iso3) pair, numbered in order of appearance."""
    from_codes, _ = pd.factorize(ori["from_iso3"])
    to_codes, to_values = pd.factorize(ori["to_iso3"])  # a gap is -1: hence the + 1 below
    return pd.factorize(from_codes.astype(np.int64) * (len(to_values) + 1) + to_codes)[0]


def series_frame(
    ori: pd.DataFrame,
    names: Mapping[str, str],
    source_names: Mapping[str, str],
    flow: str,
    top_n: int = 8,
    log_scale: bool = False,
) -> Series:
    """Points for the time series: one series per flow (direction, or pair for turnover), each
    year its preferred reading (`figures.with_preference`, the indicators' choice), joined
    within runs of consecutive years of one kind of reading (own release, mirror, document);
    part-year figures as separate points, targets as markers. Other readings are left out
    (counted in `others` for the series drawn: the Mirror view sets them side by side). The
    `top_n` largest series are kept."""
    cols = [
        "series",
        "year",
        "value_usd",
        "mark",
        "period",
        "source_id",
        "verification",
        "segment",
        "tooltip",
    ]
    if ori.empty:
        return Series(pd.DataFrame(columns=cols), 0, 0)
    # Rows are chosen by their position in `ori` on plain arrays; only the rows drawn are taken.
    preferred = (
        ori["preferred"].to_numpy(dtype=bool)
        if "preferred" in ori
        else np.ones(len(ori), dtype=bool)
    )
    ori = ori[[c for c in SERIES_INPUT if c in ori]]
    candidate = preferred & (ori["value_usd"].gt(0).to_numpy(dtype=bool) if log_scale else True)
    kind = ori["kind"].to_numpy(dtype=object)
    mark = np.where((kind == "year") | (kind == "alt"), "annual", kind)
    mark = np.where(ori["measure"].eq("target").to_numpy(dtype=bool), "target", mark)
    flows = _flow_codes(ori)
    # one figure per flow and year (two open readings of one year: the first by `pick_order`)
    yearly = candidate & (mark == "annual")
    yearly_at = np.flatnonzero(yearly)
    in_order = yearly_at[np.lexsort([key[yearly_at] for key in pick_keys(ori)])]
    years = ori["year"].to_numpy(dtype=np.int64)
    flow_year = flows[in_order] * (int(years.max()) - int(years.min()) + 1) + years[in_order]
    picked_at = in_order[np.sort(np.unique(flow_year, return_index=True)[1])]
    not_drawn = ~preferred  # other readings of a question, and a year's second open reading
    taken = np.concatenate([picked_at, np.flatnonzero(candidate & (mark != "annual"))])
    if not len(taken):
        return Series(pd.DataFrame(columns=cols), 0, 0, int(not_drawn.sum()))
    # name each distinct flow once, then give every row its flow's name
    flows_taken = flows[taken]
    first_rows = taken[np.unique(flows_taken, return_index=True)[1]]
    named = np.full(flows.max() + 1, None, dtype=object)
    named[flows[first_rows]] = _pair_names(ori.iloc[first_rows], names, flow)
    distinct_flows, flow_index = np.unique(flows_taken, return_inverse=True)
    series_of_flow, series_uniques = pd.factorize(named[distinct_flows], sort=True)
    series_codes = series_of_flow[flow_index]
    observed = ori["measure"].eq("observed").to_numpy(dtype=bool)[taken]
    values = ori["value_usd"].to_numpy(dtype=float, na_value=np.nan)[taken]
    rank = (
        pd.DataFrame(
            {
                "_s": series_codes[observed],
                "_y": (mark[taken] == "annual")[observed],
                "_v": values[observed],
            }
        )
        .groupby("_s")
        .agg(_y=("_y", "max"), _v=("_v", "sum"))
        .sort_values(["_y", "_v"], ascending=False)
    )
    observed_series = list(series_uniques[rank.index])
    total = len(series_uniques)
    # targets of a flow drawn; a flow with targets only is not
    shown_at = taken[np.isin(series_codes, rank.index[:top_n])]
    d = ori.iloc[shown_at].assign(mark=mark[shown_at], series=named[flows[shown_at]])
    # a line never joins two kinds of reading: it breaks where the preferred reading changes
    # from the country's own release to the partner's, or to a document
    reading = d["reading"] if "reading" in d else pd.Series("", index=d.index)
    d = d.assign(_reading=reading.fillna(""))
    annual = d["mark"].to_numpy() == "annual"
    annual_pts = add_segments(d[annual], ["series", "_reading"])
    out = pd.concat([annual_pts, d[~annual].assign(segment=None)], ignore_index=True)
    out["tooltip"] = [
        f"{s} | {p}: {format_usd(v)} | {source_label(src, source_names)}"
        + (" (exports + imports)" if dv else "")
        + (f", {rd}" if isinstance(rd, str) and rd and m == "annual" else "")
        + (f" | {n}" if isinstance(n, str) and n else "")
        for s, p, v, src, dv, rd, m, n in zip(
            out["series"],
            out["period"],
            out["value_usd"],
            out["source_id"],
            out["derived"],
            out["reading"] if "reading" in out else [""] * len(out),
            out["mark"],
            out["note"],
            strict=True,
        )
    ]
    out["year"] = out["year"].astype(int)
    out["value_usd"] = out["value_usd"].astype(float)
    shown = min(top_n, len(observed_series))
    drawn = np.isin(flows, flows[shown_at])
    others = int(drawn[not_drawn].sum() + drawn[yearly].sum() - drawn[picked_at].sum())
    return Series(out[cols].reset_index(drop=True), shown, total, others)


def _reporter_figures(fig: pd.DataFrame, reporter: str, flow: str) -> pd.DataFrame:
    d = fig[
        (fig["reporter_iso3"] == reporter)
        & (fig["flow"] == flow)
        & (fig["measure"] == "observed")
        & (fig["kind"] == "year")
        & ~fig["partner_iso3"].isin(AGGREGATE_CODES.keys())
    ]
    if "own_choice" in d:  # the reporter's own question: its preferred reading only
        d = d[d["own_choice"].ne(OTHER)]
    if d.empty:
        return d
    # One dataset per year: the source listing the most partners (a document quoting one
    # partner would otherwise read as a 100% share).
    n = d.groupby(["year", "source_id"])["partner_iso3"].nunique().reset_index(name="n")
    best = n.sort_values(["year", "n"], ascending=[True, False]).drop_duplicates("year")
    best = best[best["n"] >= MIN_STRUCTURE_PARTNERS]
    keep = pd.MultiIndex.from_frame(best[["year", "source_id"]])
    d = d[pd.MultiIndex.from_frame(d[["year", "source_id"]]).isin(keep)]
    d = d.assign(_d=d["derived"].astype(bool))
    return d.sort_values("_d").drop_duplicates(["partner_iso3", "year"])


def structure_reporters(fig: pd.DataFrame, min_partners: int = MIN_STRUCTURE_PARTNERS) -> list:
    """Reporters that give figures for at least `min_partners` partner countries in a year."""
    if fig.empty:
        return []
    d = fig[(fig["kind"] == "year") & ~fig["partner_iso3"].isin(AGGREGATE_CODES.keys())]
    n = d.groupby(["reporter_iso3", "year"])["partner_iso3"].nunique()
    ok = n[n >= min_partners].reset_index()["reporter_iso3"].unique()
    return sorted(ok)


def partner_structure(
    fig: pd.DataFrame,
    reporter: str,
    flow: str,
    names: Mapping[str, str],
    year: int | None = None,
    top_n: int = 8,
) -> tuple[pd.DataFrame, pd.DataFrame, int | None]:
    """(top partners in `year` with value and share, shares of those partners in every year,
    the year used). Shares are of the sum over the partner countries the reporter lists."""
    d = _reporter_figures(fig, reporter, flow)
    if d.empty:
        return pd.DataFrame(), pd.DataFrame(), None
    years = sorted(d["year"].unique())
    year = int(year) if year in years else int(years[-1])
    totals = d.groupby("year")["value_usd"].sum()
    top = d[d["year"] == year].nlargest(top_n, "value_usd")
    bars = pd.DataFrame(
        {
            "partner_iso3": top["partner_iso3"].to_numpy(),
            "partner": [name_of(c, names) for c in top["partner_iso3"]],
            "value_usd": top["value_usd"].astype(float).to_numpy(),
            "share": (top["value_usd"] / totals[year]).astype(float).to_numpy(),
            "year": year,
            "source_id": top["source_id"].to_numpy(),
            "verification": top["verification"].to_numpy(),
        }
    )
    bars["value_label"] = [
        f"{format_usd(v)} ({format_share(s)})"
        for v, s in zip(bars["value_usd"], bars["share"], strict=True)
    ]
    top_codes = list(bars["partner_iso3"])
    shares = d.assign(partner=d["partner_iso3"].where(d["partner_iso3"].isin(top_codes), "other"))
    shares = shares.groupby(["year", "partner"], as_index=False)["value_usd"].sum()
    shares["share"] = shares["value_usd"] / shares["year"].map(totals)
    order = {c: i for i, c in enumerate([*top_codes, "other"])}
    shares["order"] = shares["partner"].map(order)
    shares["partner"] = [
        "All other partners" if c == "other" else name_of(c, names) for c in shares["partner"]
    ]
    shares["year"] = shares["year"].astype(int)
    shares["share"] = shares["share"].astype(float)
    shares["value_usd"] = shares["value_usd"].astype(float)
    return bars, shares.sort_values(["year", "order"]).reset_index(drop=True), year


def comparison(
    fig: pd.DataFrame,
    countries: Sequence[str],
    flow: str,
    names: Mapping[str, str],
    source_names: Mapping[str, str],
    counterparts: Sequence[str] = COMPARISON_COUNTERPARTS,
) -> tuple[pd.DataFrame, list[str]]:
    """For each selected country and counterpart (Afghanistan, China, Russia, EU): the latest
    full-year figure in `fig` among the preferred readings of the country's question (the
    indicators' choice: own report, then the partner's mirror, then documents).
    Returns (frame, sentences naming the pairs without any figure)."""
    if fig.empty:
        fig = pd.DataFrame(columns=list(ANNUAL_COLUMNS))
    base = fig[(fig["measure"] == "observed") & (fig["kind"] == "year")]
    rep, par, fl = base["reporter_iso3"], base["partner_iso3"], base["flow"]
    cps = list(counterparts)
    own_flow, mirror_flow = {
        "export": ("export", "import"),
        "import": ("import", "export"),
        "turnover": ("turnover", "turnover"),
    }[flow]
    own = base[rep.isin(countries) & par.isin(cps) & (fl == own_flow)]
    mirror = base[rep.isin(cps) & par.isin(countries) & (fl == mirror_flow)]
    cand = pd.concat(
        [
            own.assign(
                country_iso3=own["reporter_iso3"], counterpart_iso3=own["partner_iso3"], _self=0
            ),
            mirror.assign(
                country_iso3=mirror["partner_iso3"],
                counterpart_iso3=mirror["reporter_iso3"],
                _self=1,
            ),
        ],
        ignore_index=True,
    )
    cand = cand[cand["country_iso3"] != cand["counterpart_iso3"]]
    if "own_choice" in cand:  # the selected country's question: its preferred reading only
        choice = cand["own_choice"].where(cand["_self"] == 0, cand["mirror_choice"])
        cand = cand[choice.ne(OTHER)]
    if not cand.empty:
        cand = cand.assign(_v=verification_rank(cand["verification"]), _d=cand["derived"])
        cand = cand.sort_values(["year", "_self", "_v", "_d"], ascending=[False, True, True, True])
        cand = cand.drop_duplicates(["country_iso3", "counterpart_iso3"])
    found = set(zip(cand["country_iso3"], cand["counterpart_iso3"], strict=True))
    missing = [
        f"{name_of(c, names)} with {'the EU' if cp == 'EU27' else name_of(cp, names)}"
        for c in countries
        for cp in cps
        if cp != c and (c, cp) not in found
    ]
    rows = []
    order = {(c, cp): (i, j) for i, c in enumerate(countries) for j, cp in enumerate(cps)}
    for best in sorted(
        cand.to_dict("records"), key=lambda r: order[(r["country_iso3"], r["counterpart_iso3"])]
    ):
        country, cp, year = best["country_iso3"], best["counterpart_iso3"], int(best["year"])
        side = "own report" if best["_self"] == 0 else "partner's report"
        rows.append(
            {
                "country_iso3": country,
                "country": name_of(country, names),
                "counterpart_iso3": cp,
                "counterpart": "EU" if cp == "EU27" else name_of(cp, names),
                "year": year,
                "value_usd": float(best["value_usd"]),
                "side": side,
                "source_id": best["source_id"],
                "verification": best["verification"],
                "label": str(year),
                "tooltip": (
                    f"{name_of(country, names)} with {name_of(cp, names)}, "
                    f"{FLOW_LABELS[flow].split(' (')[0].lower()} {year}: "
                    f"{format_usd(best['value_usd'])} ({side}, "
                    f"{source_label(best['source_id'], source_names)})"
                ),
            }
        )
    return pd.DataFrame(rows), missing


def _mirror_base(ori: pd.DataFrame, flow: str) -> pd.DataFrame:
    d = ori[(ori["measure"] == "observed") & (ori["kind"] == "year")]
    if d.empty:
        return d.assign(pair_key=pd.Series(dtype="object"), side=pd.Series(dtype="object"))
    if flow == "turnover":
        key = [" – ".join(sorted(p)) for p in zip(d["from_iso3"], d["to_iso3"], strict=True)]
    else:
        key = [f"{a} → {b}" for a, b in zip(d["from_iso3"], d["to_iso3"], strict=True)]
    side = [
        f"{r}|{s}|{int(dv)}"
        for r, s, dv in zip(d["reporter_iso3"], d["source_id"], d["derived"], strict=True)
    ]
    return d.assign(pair_key=key, side=side)


def mirror_candidates(ori: pd.DataFrame, flow: str, names: Mapping[str, str]) -> pd.DataFrame:
    """Flows for which at least two reporters or sources give a full-year figure for the same
    year. Columns: pair_key, label, sides, common_years; Afghanistan first, then most years."""
    cols = ["pair_key", "label", "sides", "common_years"]
    d = _mirror_base(ori, flow)
    if d.empty:
        return pd.DataFrame(columns=cols)
    per_year = d.groupby(["pair_key", "year"])["side"].nunique()
    common = per_year[per_year >= 2].groupby("pair_key").size()
    if common.empty:
        return pd.DataFrame(columns=cols)
    sides = d.groupby("pair_key")["side"].nunique()
    out = pd.DataFrame({"pair_key": common.index, "common_years": common.to_numpy()})
    out["sides"] = out["pair_key"].map(sides).astype(int)
    sep = " – " if flow == "turnover" else " → "
    out["label"] = [sep.join(name_of(c, names) for c in k.split(sep)) for k in out["pair_key"]]
    out["_afg"] = ~out["pair_key"].str.contains("AFG")
    out["_ca_first"] = ~out["pair_key"].str[:3].isin(CENTRAL_ASIA_5)
    out = out.sort_values(
        ["_afg", "_ca_first", "common_years", "pair_key"], ascending=[True, True, False, True]
    )
    return out[cols].reset_index(drop=True)


def mirror_frames(
    ori: pd.DataFrame,
    flow: str,
    pair_key: str,
    names: Mapping[str, str],
    source_names: Mapping[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(points of every side of one flow, with gap-aware segments; one row per year where two
    sides give a figure: low, high, gap and gap as a share of the lower figure)."""
    d = _mirror_base(ori, flow)
    d = d[d["pair_key"] == pair_key]
    if d.empty:
        return pd.DataFrame(), pd.DataFrame()
    if "preferred" in d:  # a second figure of one source and year: the preferred one is kept
        d = d.sort_values("preferred", ascending=False, kind="stable")
    d = d.drop_duplicates(["side", "year"]).sort_index()
    d = d.assign(
        series=[
            f"reported by {name_of(r, names)} · {source_label(s, source_names)}"
            + (" (exports + imports)" if dv else "")
            for r, s, dv in zip(d["reporter_iso3"], d["source_id"], d["derived"], strict=True)
        ]
    )
    if "preferred" not in d:
        d = d.assign(preferred=True)
    pts = add_segments(d, ["series"])
    pts["tooltip"] = [
        f"{s} | {y}: {format_usd(v)}"
        + (" | preferred: drawn on the other charts" if pf else " | other reading")
        + (f" | {n}" if isinstance(n, str) and n else "")
        for s, y, v, pf, n in zip(
            pts["series"], pts["year"], pts["value_usd"], pts["preferred"], pts["note"], strict=True
        )
    ]
    columns = ["series", "year", "value_usd", "segment", "source_id", "verification", "tooltip"]
    pts = pts[[*columns, "preferred"]]
    pts = pts.assign(
        year=pts["year"].astype(int),
        value_usd=pts["value_usd"].astype(float),
        preferred=pts["preferred"].astype(bool),
    )
    g = pts.groupby("year")["value_usd"].agg(["min", "max", "size"]).reset_index()
    g = g[g["size"] >= 2]
    gaps = pd.DataFrame(
        {
            "year": g["year"].astype(int),
            "low": g["min"].astype(float),
            "high": g["max"].astype(float),
        }
    )
    gaps["gap_usd"] = gaps["high"] - gaps["low"]
    gaps["gap_pct"] = (gaps["gap_usd"] / gaps["low"].where(gaps["low"] > 0)).astype(float)
    gaps["tooltip"] = [
        f"{y}: figures differ by {format_usd(gp)}"
        + (f" ({format_share(pc)} of the lower)" if pd.notna(pc) else "")
        for y, gp, pc in zip(gaps["year"], gaps["gap_usd"], gaps["gap_pct"], strict=True)
    ]
    return pts.reset_index(drop=True), gaps.reset_index(drop=True)


MIRROR_NOTE = (
    "Filled points are the preferred readings, the ones the other charts and the headline "
    "figures use; hollow points are the other readings of the same flow."
)


def mirror_summary(gaps: pd.DataFrame) -> str:
    """One sentence on the size of the gaps (and what the filled points are)."""
    return f"{_gap_sentence(gaps)} {MIRROR_NOTE}"


def _gap_sentence(gaps: pd.DataFrame) -> str:
    if gaps.empty:
        return "No year has figures from two sides."
    pct = gaps["gap_pct"].dropna()
    n = len(gaps)
    if pct.empty:
        return f"{count_text(n, 'year')} with two figures."
    return (
        f"{count_text(n, 'year')} with two figures; the gap is {format_share(pct.median())} of "
        f"the lower figure at the median (largest {format_share(pct.max())} in "
        f"{int(gaps.loc[pct.idxmax(), 'year'])})."
    )


def other_readings_note(others: int) -> str:
    """The words under a chart that draws one reading per question, when it left some out."""
    if not others:
        return ""
    return (
        f"{count_text(others, 'other reading')} of these flows (the other side's report or "
        "another source for the same year) "
        f"{'is' if others == 1 else 'are'} not drawn: the Mirror view sets them side by side, "
        "the table lists them."
    )


def map_caption(others: int) -> str:
    """Under the flow map: each arc is the preferred reading of its flow."""
    base = (
        "Each arc is one flow's preferred reading for the year, the one the headline figures "
        "use (the country's own statistics first, then the partner's, then documents)."
    )
    return " ".join(x for x in (base, other_readings_note(others)) if x)


def readings_left_out(fig: pd.DataFrame, asked: pd.DataFrame, flow: str) -> int:
    """How many full-year figures in `fig` (annual figures) answer the questions in `asked`
    (country_iso3, counterpart_iso3, year) but are not their preferred reading."""
    if fig.empty or asked.empty or "own_choice" not in fig:
        return 0
    keys = set(zip(asked["country_iso3"], asked["counterpart_iso3"], asked["year"], strict=True))
    mirror_flow = {"export": "import", "import": "export", "turnover": "turnover"}[flow]
    own = fig[(fig["flow"] == flow) & fig["own_choice"].eq(OTHER)]
    mirror = fig[(fig["flow"] == mirror_flow) & fig["mirror_choice"].eq(OTHER)]
    count = sum(
        (c, p, int(y)) in keys
        for c, p, y in zip(own["reporter_iso3"], own["partner_iso3"], own["year"], strict=True)
    )
    count += sum(
        (c, p, int(y)) in keys
        for p, c, y in zip(
            mirror["reporter_iso3"], mirror["partner_iso3"], mirror["year"], strict=True
        )
    )
    return int(count)


def structure_note(fig: pd.DataFrame, reporter: str, flow: str) -> str:
    """Under the partner structure: the reporter's own figures; other readings left out."""
    if fig.empty or "own_choice" not in fig:
        return ""
    mine = fig[(fig["reporter_iso3"] == reporter) & (fig["flow"] == flow)]
    others = int(mine["own_choice"].eq(OTHER).sum())
    base = "The reporter's own figures, one dataset per year (the one listing most partners)."
    if not others:
        return base
    return (
        f"{base} {count_text(others, 'figure')} of this reporter "
        f"{'is' if others == 1 else 'are'} not the preferred reading of its flow and year "
        "(another source ranks higher) and not drawn: the table lists them."
    )


def series_note(series: Series) -> str:
    base = (
        "Each line is one flow: every year its preferred reading, the one the headline "
        "figures use (the country's own statistics first, then the partner's, then "
        "documents; the tooltip names it). Lines join consecutive full years and break where "
        "a year is missing or the kind of reading changes (say, from the partner's figures to "
        "the country's own); diamonds are parts of a year, triangles targets."
    )
    if series.total > series.shown:
        base += (
            f" Showing the {series.shown} largest of {series.total} series: pick partners in "
            "the sidebar to see others."
        )
    return " ".join(x for x in (base, other_readings_note(series.others)) if x)


REGISTRY_COUNTERPARTS: dict[str, str] = {
    "AFG": "trade_afg",
    "CHN": "trade_chn",
    "RUS": "trade_rus",
    "EU27": "trade_eu",
}


def registry_comparison(
    trade: pd.DataFrame,
    countries: Sequence[str],
    years: tuple[int, int],
    names: Mapping[str, str],
    sources: pd.DataFrame | None,
) -> tuple[pd.DataFrame, list[str]]:
    """Turnover with Afghanistan, China, Russia and the EU from the indicator registry: the same
    figure, year and source as the Overview and Compare (same columns as `comparison`)."""
    focus = [c for c in countries if c in FOCUS_ISO3]
    rows, missing = [], []
    for counterpart, key in REGISTRY_COUNTERPARTS.items():
        results = indicators.evaluate(key, {"trade": trade}, focus, years)
        for result in results.to_dict("records"):
            country = result["country"]
            if country == counterpart:
                continue
            cp_name = "the EU" if counterpart == "EU27" else name_of(counterpart, names)
            if pd.isna(result["value"]):
                missing.append(f"{name_of(country, names)} with {cp_name}")
                continue
            year = int(result["year_to"])
            source = indicators.source_text(result["source_id"], sources)
            rows.append(
                {
                    "country_iso3": country,
                    "country": name_of(country, names),
                    "counterpart_iso3": counterpart,
                    "counterpart": "EU" if counterpart == "EU27" else name_of(counterpart, names),
                    "year": year,
                    "value_usd": float(result["value"]),
                    "side": result["detail"],
                    "source_id": result["source_id"].replace(";", "+"),
                    "verification": result["verification"].split(";")[0],
                    "label": str(year),
                    "tooltip": (
                        f"{name_of(country, names)} with {cp_name}, turnover {year}: "
                        f"{indicators.value_text(result)} ({source})"
                    ),
                }
            )
    return pd.DataFrame(rows), missing
