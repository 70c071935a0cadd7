"""Trade transforms for the Trade page: row selection, annual figures, map flows, series,
partner structure, country comparison and mirror statistics. Plain pandas, no Streamlit.

Vocabulary:
- a *row* is one line of the clean `trade` table;
- an *annual figure* (see `annual`) is one value per reporter, partner, flow, source and year:
  a full-year row as published, or twelve monthly rows of one source summed; anything shorter
  stays a `partial` figure with its period label, a target stays a `target`;
- the *perspective* of the page is the selected countries': "exports" are goods leaving them,
  whoever reports it (a partner's imports from them are the mirror of their exports).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from dashboard_core.contract import (
    AGGREGATE_CODES,
    CENTRAL_ASIA_5,
    EU27_ISO3,
    FOCUS_ISO3,
    NEIGHBOUR_ISO3,
)
from dashboard_core.flows import (
    add_segments,
    capitals,
    country_names,
    format_usd,
    months_label,
    name_of,
    period_kinds,
    period_label,
    short_source_names,
    to_dates,
    verification_rank,
)

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

ANNUAL_COLUMNS: tuple[str, ...] = (
    "reporter_iso3",
    "partner_iso3",
    "flow",
    "measure",
    "year",
    "value_usd",
    "kind",
    "period",
    "source_id",
    "verification",
    "note",
    "n_rows",
    "derived",
)


# --------------------------------------------------------------------------------------------
# Options
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Selection (the table the page shows and downloads)
# --------------------------------------------------------------------------------------------


def _in(col: pd.Series, codes: Iterable[str]) -> pd.Series:
    codes = set(codes)
    return col.isin(codes) if codes else pd.Series(True, index=col.index)


def select_rows(
    df: pd.DataFrame,
    countries: Sequence[str] = (),
    partners: Sequence[str] = (),
    flow: str = "export",
    measures: Sequence[str] = MEASURES,
) -> pd.DataFrame:
    """Rows about trade between the selected countries and partners, seen from the countries:
    `export` keeps their exports and partners' imports from them, `import` the reverse,
    `turnover` every flow between the pairs. Empty `countries` or `partners` means any.
    Works on clean rows and on `annual` figures alike."""
    return df[selection_mask(df, countries, partners, flow, measures)]


def selection_mask(
    df: pd.DataFrame,
    countries: Sequence[str] = (),
    partners: Sequence[str] = (),
    flow: str = "export",
    measures: Sequence[str] = MEASURES,
) -> pd.Series:
    """The boolean row mask behind `select_rows`."""
    if flow not in FLOWS:
        raise ValueError(f"unknown flow {flow!r}; expected one of {FLOWS}")
    rep, par, fl = df["reporter_iso3"], df["partner_iso3"], df["flow"]
    own = _in(rep, countries) & _in(par, partners)
    mirror = _in(rep, partners) & _in(par, countries)
    if flow == "turnover":
        mask = own | mirror
    else:
        other = "import" if flow == "export" else "export"
        mask = (own & (fl == flow)) | (mirror & (fl == other))
    return mask & df["measure"].isin(measures or MEASURES)


def in_years(df: pd.DataFrame, years: Sequence[int] | None) -> pd.DataFrame:
    if not years:
        return df
    lo, hi = min(years), max(years)
    return df[df["year"].between(lo, hi)]


# --------------------------------------------------------------------------------------------
# Annual figures
# --------------------------------------------------------------------------------------------


def annual(rows: pd.DataFrame) -> pd.DataFrame:
    """One figure per reporter, partner, flow, source and year (see module docstring), plus
    turnover derived as exports + imports where one source gives both for a full year.

    Never double counts: a source's full-year row wins over its monthly rows for that year;
    twelve distinct months of one source make a year, fewer stay a `partial` figure; a second
    full-year row of the same source and year (another reading) is kept as an `alt` point;
    an aggregate reporter (EU27) is never summed with its members."""
    if rows.empty:
        return pd.DataFrame(columns=list(ANNUAL_COLUMNS))
    df = rows.copy()
    if "commodity" in df:
        df = df[df["commodity"].fillna("TOTAL").eq("TOTAL")]
    df = df[df["value_usd"].notna()]
    if df.empty:
        return pd.DataFrame(columns=list(ANNUAL_COLUMNS))
    for col in ("note", "verification"):
        if col not in df:
            df[col] = None
    df["kind"] = period_kinds(df["period_start"], df["period_end"])
    df["year"] = df["year"].astype(int)
    df["_vrank"] = verification_rank(df["verification"])
    df["_order"] = range(len(df))
    keys = ["reporter_iso3", "partner_iso3", "flow", "measure", "source_id", "year"]
    parts: list[pd.DataFrame] = []

    targets = df[df["measure"] == "target"]
    if not targets.empty:
        t = targets.copy()
        t["period"] = [
            f"target for {period_label(s, e)}" if k != "undated" else "target, no year given"
            for s, e, k in zip(t["period_start"], t["period_end"], t["kind"], strict=True)
        ]
        t["kind"] = "target"
        t["n_rows"] = 1
        parts.append(t)

    obs = df[df["measure"] != "target"]
    full = obs[obs["kind"] == "year"].sort_values(["_vrank", "_order"])
    if not full.empty:
        f = full.copy()
        f["period"] = f["year"].astype(str)
        dup = f.duplicated(keys, keep="first")
        f.loc[dup, "kind"] = "alt"
        f.loc[dup, "period"] = f.loc[dup, "year"].astype(str) + " (other reading)"
        f["n_rows"] = 1
        parts.append(f)

    months = obs[obs["kind"] == "month"]
    if not full.empty and not months.empty:
        covered = pd.MultiIndex.from_frame(full[keys])
        months = months[~pd.MultiIndex.from_frame(months[keys]).isin(covered)]
    if not months.empty:
        m = months.copy()
        m["_month"] = to_dates(m["period_start"]).dt.month
        m = m.sort_values(["_vrank", "_order"]).drop_duplicates([*keys, "_month"])
        agg = (
            m.groupby(keys, dropna=False, sort=False)
            .agg(
                value_usd=("value_usd", "sum"),
                verification=("verification", "first"),
                note=("note", "first"),
                n_rows=("value_usd", "size"),
                _months=("_month", lambda s: tuple(sorted(s))),
            )
            .reset_index()
        )
        complete = agg["n_rows"] == 12
        agg["kind"] = complete.map({True: "year", False: "partial"})
        agg["period"] = [
            f"{y} (sum of 12 months)" if c else months_label(ms, y)
            for y, c, ms in zip(agg["year"], complete, agg["_months"], strict=True)
        ]
        agg["note"] = None
        parts.append(agg)

    other = obs[obs["kind"].isin(["partial", "undated"])]
    if not other.empty:
        o = other.copy()
        o["period"] = [
            period_label(s, e) for s, e in zip(o["period_start"], o["period_end"], strict=True)
        ]
        o["kind"] = "partial"
        o["n_rows"] = 1
        parts.append(o)

    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=keys)
    out["derived"] = False
    derived = _derived_turnover(out)
    if not derived.empty:
        out = pd.concat([out, derived], ignore_index=True)
    out["n_rows"] = out["n_rows"].astype(int)
    out["value_usd"] = out["value_usd"].astype(float)
    out["year"] = out["year"].astype(int)
    out["derived"] = out["derived"].astype(bool)
    return out[list(ANNUAL_COLUMNS)].reset_index(drop=True)


def _derived_turnover(fig: pd.DataFrame) -> pd.DataFrame:
    """Turnover = exports + imports for a full year, where one dataset gives both: one source,
    or a reporter's official releases (stat.uz publishes exports and imports as two tables).
    A document's figure is never added to another source's. The source id of a sum over two
    tables is both ids joined by "+" (see `source_rows`)."""
    base = fig[(fig["kind"] == "year") & (fig["measure"] == "observed")]
    base = base[base["flow"].isin(["export", "import"])]
    if base.empty:
        return pd.DataFrame(columns=fig.columns)
    official = base["verification"].eq("official_release").fillna(False).astype(bool)
    base = base.assign(_set=base["source_id"].astype(str).where(~official, "official"))
    keys = ["reporter_iso3", "partner_iso3", "_set", "year"]
    by_flow = base.drop_duplicates([*keys, "flow"]).set_index([*keys, "flow"])
    exp = by_flow.xs("export", level="flow") if "export" in set(base["flow"]) else None
    imp = by_flow.xs("import", level="flow") if "import" in set(base["flow"]) else None
    if exp is None or imp is None:
        return pd.DataFrame(columns=fig.columns)
    both = exp.merge(imp, how="inner", left_index=True, right_index=True, suffixes=("_x", "_m"))
    both = both.reset_index()
    if both.empty:
        return pd.DataFrame(columns=fig.columns)
    out = both[["reporter_iso3", "partner_iso3", "year"]].copy()
    out["source_id"] = [
        "+".join(sorted({str(a), str(b)}))
        for a, b in zip(both["source_id_x"], both["source_id_m"], strict=True)
    ]
    out["flow"] = "turnover"
    out["measure"] = "observed"
    out["value_usd"] = both["value_usd_x"].astype(float) + both["value_usd_m"].astype(float)
    out["kind"] = "year"
    out["period"] = out["year"].astype(str)
    out["verification"] = both["verification_x"].to_numpy()
    out["n_rows"] = (both["n_rows_x"] + both["n_rows_m"]).astype(int)
    out["note"] = "exports + imports of one dataset (computed here)"
    out["derived"] = True
    return out


def source_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """`source_id` and `verification` of the rows behind a chart, a computed sum over two
    tables ("a+b") counted under each of its sources: the input of the source captions."""
    if frame is None or frame.empty or "source_id" not in frame:
        return pd.DataFrame(columns=["source_id", "verification"])
    cols = ["source_id", "verification"] if "verification" in frame else ["source_id"]
    out = frame[cols].assign(source_id=frame["source_id"].astype(str).str.split("+"))
    return out.explode("source_id", ignore_index=True)


# --------------------------------------------------------------------------------------------
# Perspective of the selected countries
# --------------------------------------------------------------------------------------------


def oriented(fig: pd.DataFrame, flow: str, countries: Sequence[str] = ()) -> pd.DataFrame:
    """Annual figures (already `select_rows`-ed for `flow`) with `from_iso3`/`to_iso3`: the goods
    direction for exports and imports; for turnover (reported or computed turnover figures
    only), the selected country first."""
    if fig.empty:
        return fig.assign(from_iso3=pd.Series(dtype="object"), to_iso3=pd.Series(dtype="object"))
    out = fig[fig["flow"] == "turnover"].copy() if flow == "turnover" else fig.copy()
    rep, par = out["reporter_iso3"], out["partner_iso3"]
    if flow == "turnover":
        swap = ~rep.isin(countries) & par.isin(countries) if countries else rep.isin(())
        out["from_iso3"] = rep.where(~swap, par)
        out["to_iso3"] = par.where(~swap, rep)
        # A reported turnover row and the derived one cover the same pair: keep both, they
        # are different figures, but only the chosen one is drawn on the map.
    else:
        is_export = out["flow"] == "export"
        out["from_iso3"] = rep.where(is_export, par)
        out["to_iso3"] = par.where(is_export, rep)
    return out


def _pick_order(df: pd.DataFrame) -> pd.DataFrame:
    """Preference among figures for the same flow and year: full year over part of a year,
    official over verified over reported, published over computed, the exporter's own report."""
    return df.assign(
        _k=df["kind"].map({"year": 0, "partial": 1, "alt": 2}).fillna(3),
        _v=verification_rank(df["verification"]),
        _d=df["derived"].astype(bool).astype(int),
        _s=(df["reporter_iso3"] != df["from_iso3"]).astype(int),
    ).sort_values(["_k", "_v", "_d", "_s", "value_usd"], ascending=[True] * 4 + [False])


def source_label(source_id: object, source_names: Mapping[str, str]) -> str:
    """Short name of a source id; a computed sum over two tables ("a+b") names both, once
    each (stat.uz + stat.uz reads "stat.uz")."""
    parts = [source_names.get(p, p) for p in str(source_id).split("+")]
    return " + ".join(dict.fromkeys(parts))


# --------------------------------------------------------------------------------------------
# Map
# --------------------------------------------------------------------------------------------


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
        "tooltip",
        "others",
    ]
    if ori.empty:
        return pd.DataFrame(columns=cols), 0
    d = ori[(ori["year"] == year) & (ori["measure"] == "observed")]
    d = d[d["kind"].isin(["year", "partial"]) & (d["from_iso3"] != d["to_iso3"])]
    if d.empty:
        return pd.DataFrame(columns=cols), 0
    d = _pick_order(d)
    if flow == "turnover":
        pair = d[["from_iso3", "to_iso3"]].apply(lambda r: "|".join(sorted(r)), axis=1)
        d = d.assign(_pair=pair)
        key = ["_pair"]
    else:
        key = ["from_iso3", "to_iso3"]
    counts = d.groupby(key)["value_usd"].transform("size")
    d = d.assign(others=counts - 1).drop_duplicates(key, keep="first")
    d = d.sort_values("value_usd", ascending=False)
    total = len(d)
    d = d.head(top_n)
    arrow = "–" if flow == "turnover" else "→"
    tips = []
    for r in d.itertuples(index=False):
        partial = " (part of the year)" if r.kind == "partial" else ""
        extra = f"<br/>{r.others} other figure(s) for this flow in the table" if r.others else ""
        computed = "<br/>computed as exports + imports" if r.derived else ""
        tips.append(
            f"<b>{name_of(r.from_iso3, names)} {arrow} {name_of(r.to_iso3, names)}</b><br/>"
            f"{FLOW_LABELS[flow].split(' (')[0]} {r.period}{partial}: "
            f"<b>{format_usd(r.value_usd)}</b>{computed}<br/>"
            f"reported by {name_of(r.reporter_iso3, names)}<br/>"
            f"source: {source_label(r.source_id, source_names)}{extra}"
        )
    out = pd.DataFrame(
        {
            "from_iso3": d["from_iso3"].to_numpy(),
            "to_iso3": d["to_iso3"].to_numpy(),
            "value": d["value_usd"].astype(float).to_numpy(),
            "year": d["year"].astype(int).to_numpy(),
            "period": d["period"].to_numpy(),
            "source_id": d["source_id"].to_numpy(),
            "verification": d["verification"].to_numpy(),
            "tooltip": tips,
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


# --------------------------------------------------------------------------------------------
# Time series
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    frame: pd.DataFrame  # one row per point; `mark` in {annual, partial, alt, target}
    shown: int  # series drawn
    total: int  # series available


def series_frame(
    ori: pd.DataFrame,
    names: Mapping[str, str],
    source_names: Mapping[str, str],
    flow: str,
    top_n: int = 8,
    log_scale: bool = False,
) -> Series:
    """Points for the time series: full-year figures (joined within runs of consecutive years),
    part-year figures and other readings as separate points, targets as markers.
    Series = flow direction (or pair) x reporter x source; the `top_n` largest are kept."""
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
    d = ori.copy()
    if log_scale:
        d = d[d["value_usd"] > 0]
    arrow = "–" if flow == "turnover" else "→"
    keys = ["from_iso3", "to_iso3", "source_id", "derived", "reporter_iso3"]
    combos = d[keys].drop_duplicates()
    combos["pair"] = [
        f"{name_of(a, names)} {arrow} {name_of(b, names)}"
        for a, b in zip(combos["from_iso3"], combos["to_iso3"], strict=True)
    ]
    combos["series"] = [
        f"{p} · {source_label(s, source_names)}{' (computed)' if dv else ''}"
        + ("" if r in (a, b) else f" · by {name_of(r, names)}")
        for p, s, dv, r, a, b in zip(
            combos["pair"],
            combos["source_id"],
            combos["derived"],
            combos["reporter_iso3"],
            combos["from_iso3"],
            combos["to_iso3"],
            strict=True,
        )
    ]
    d = d.merge(combos, on=keys, how="left")
    obs = d[d["measure"] == "observed"]
    rank = (
        obs.assign(_y=obs["kind"].eq("year"))
        .groupby("series")
        .agg(_y=("_y", "max"), _v=("value_usd", "sum"))
        .sort_values(["_y", "_v"], ascending=False)
    )
    observed_series = list(rank.index)
    keep = set(observed_series[:top_n])
    target_pairs = set(d.loc[d["series"].isin(keep), "pair"])
    d = d[d["series"].isin(keep) | ((d["measure"] == "target") & d["pair"].isin(target_pairs))]
    d = d.assign(mark=d["kind"].map({"year": "annual"}).fillna(d["kind"]))
    d.loc[d["measure"] == "target", "mark"] = "target"
    annual_pts = add_segments(d[d["mark"] == "annual"], ["series"])
    others = d[d["mark"] != "annual"].assign(segment=None)
    out = pd.concat([annual_pts, others], ignore_index=True)
    out["tooltip"] = [
        f"{s} | {p}: {format_usd(v)}" + (f" | {n}" if isinstance(n, str) and n else "")
        for s, p, v, n in zip(
            out["series"], out["period"], out["value_usd"], out["note"], strict=True
        )
    ]
    out["year"] = out["year"].astype(int)
    out["value_usd"] = out["value_usd"].astype(float)
    total = len(observed_series) + len(
        set(d.loc[d["measure"] == "target", "series"]) - set(observed_series)
    )
    return Series(out[cols].reset_index(drop=True), min(top_n, len(observed_series)), total)


# --------------------------------------------------------------------------------------------
# Partner structure
# --------------------------------------------------------------------------------------------


def _reporter_figures(fig: pd.DataFrame, reporter: str, flow: str) -> pd.DataFrame:
    d = fig[
        (fig["reporter_iso3"] == reporter)
        & (fig["flow"] == flow)
        & (fig["measure"] == "observed")
        & (fig["kind"] == "year")
        & ~fig["partner_iso3"].isin(AGGREGATE_CODES.keys())
    ]
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
        f"{format_usd(v)} ({s:.0%})" for v, s in zip(bars["value_usd"], bars["share"], strict=True)
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


# --------------------------------------------------------------------------------------------
# Country comparison
# --------------------------------------------------------------------------------------------


def comparison(
    fig: pd.DataFrame,
    countries: Sequence[str],
    flow: str,
    names: Mapping[str, str],
    source_names: Mapping[str, str],
    counterparts: Sequence[str] = COMPARISON_COUNTERPARTS,
) -> tuple[pd.DataFrame, list[str]]:
    """For each selected country and counterpart (Afghanistan, China, Russia, EU): the latest
    full-year figure in `fig`, the country's own report preferred over the partner's mirror.
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
    if not cand.empty:
        cand = cand.assign(_v=verification_rank(cand["verification"]), _d=cand["derived"])
        cand = cand.sort_values(["_self", "year", "_v", "_d"], ascending=[True, False, True, True])
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


# --------------------------------------------------------------------------------------------
# Mirror statistics
# --------------------------------------------------------------------------------------------


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
    d = d.drop_duplicates(["side", "year"])
    d = d.assign(
        series=[
            f"reported by {name_of(r, names)} · {source_label(s, source_names)}"
            + (" (exports + imports)" if dv else "")
            for r, s, dv in zip(d["reporter_iso3"], d["source_id"], d["derived"], strict=True)
        ]
    )
    pts = add_segments(d, ["series"])
    pts["tooltip"] = [
        f"{s} | {y}: {format_usd(v)}" + (f" | {n}" if isinstance(n, str) and n else "")
        for s, y, v, n in zip(
            pts["series"], pts["year"], pts["value_usd"], pts["note"], strict=True
        )
    ]
    pts = pts[["series", "year", "value_usd", "segment", "source_id", "verification", "tooltip"]]
    pts = pts.assign(year=pts["year"].astype(int), value_usd=pts["value_usd"].astype(float))
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
        + (f" ({pc:.0%} of the lower)" if pd.notna(pc) else "")
        for y, gp, pc in zip(gaps["year"], gaps["gap_usd"], gaps["gap_pct"], strict=True)
    ]
    return pts.reset_index(drop=True), gaps.reset_index(drop=True)


def mirror_summary(gaps: pd.DataFrame) -> str:
    """One sentence on the size of the gaps."""
    if gaps.empty:
        return "No year has figures from two sides."
    pct = gaps["gap_pct"].dropna()
    n = len(gaps)
    if pct.empty:
        return f"{n} year(s) with two figures."
    return (
        f"{n} year(s) with two figures; the gap is {pct.median():.0%} of the lower figure at "
        f"the median (largest {pct.max():.0%} in {int(gaps.loc[pct.idxmax(), 'year'])})."
    )


# --------------------------------------------------------------------------------------------
# Everything the page needs for one selection
# --------------------------------------------------------------------------------------------


class TradeView:
    """Everything the page shows for one selection. The table rows, the oriented annual figures
    and the map years are computed at once; the time series, the country comparison, the mirror
    list and the partner-structure reporters on first use, so a page section that is not drawn
    costs nothing. Read-only once built (the UI layer shares it between sessions)."""

    def __init__(
        self,
        rows: pd.DataFrame,
        annual_all: pd.DataFrame,
        countries: Sequence[str],
        years: Sequence[int] | None,
        partners: Sequence[str],
        flow: str,
        measures: Sequence[str],
        names: Mapping[str, str],
        source_names: Mapping[str, str],
        log_scale: bool = False,
    ) -> None:
        self.rows = select_rows(rows, countries, partners, flow, measures)  # shown, downloaded
        # One combined mask: filtering the whole annual table twice costs more than the rest.
        mask = selection_mask(annual_all, countries, partners, flow, measures)
        if years:
            mask &= annual_all["year"].between(min(years), max(years))
        self.ori = oriented(annual_all[mask], flow, countries)
        self.years = map_years(self.ori)  # years the map can show
        # rows in the table without a US$ value (not drawn)
        self.no_usd = int(self.rows["value_usd"].isna().sum()) if "value_usd" in self.rows else 0
        self._annual, self._span = annual_all, tuple(years or ())
        self._countries, self._flow = tuple(countries), flow
        self._names, self._sources, self._log = names, source_names, log_scale

    @cached_property
    def period(self) -> pd.DataFrame:
        """Annual figures of every reporter in the years (comparison and partner structure)."""
        return in_years(self._annual, self._span)

    @property
    def series(self) -> Series:
        return self.series_for(self._log)

    def series_for(self, log_scale: bool) -> Series:
        """Time-series points; on a log scale, figures of zero or less are left out."""
        return self._log_series if log_scale else self._linear_series

    @cached_property
    def _linear_series(self) -> Series:
        return series_frame(self.ori, self._names, self._sources, self._flow)

    @cached_property
    def _log_series(self) -> Series:
        return series_frame(self.ori, self._names, self._sources, self._flow, log_scale=True)

    @cached_property
    def _comparison(self) -> tuple[pd.DataFrame, list[str]]:
        return comparison(self.period, self._countries, self._flow, self._names, self._sources)

    @property
    def comparison(self) -> pd.DataFrame:
        return self._comparison[0]

    @property
    def comparison_missing(self) -> list[str]:
        return self._comparison[1]

    @cached_property
    def mirrors(self) -> pd.DataFrame:
        return mirror_candidates(self.ori, self._flow, self._names)

    @cached_property
    def reporters(self) -> list[str]:
        """Reporters with a partner structure in the period (the selected ones if any)."""
        every = structure_reporters(self.period)
        return [r for r in every if not self._countries or r in self._countries] or every


def build_view(
    rows: pd.DataFrame,
    annual_all: pd.DataFrame,
    countries: Sequence[str],
    years: Sequence[int],
    partners: Sequence[str],
    flow: str,
    measures: Sequence[str],
    names: Mapping[str, str],
    source_names: Mapping[str, str],
    log_scale: bool = False,
) -> TradeView:
    """`rows`: the clean table after the shared filters; `annual_all`: `annual` of the whole
    clean table (cached by the caller)."""
    return TradeView(
        rows, annual_all, countries, years, partners, flow, measures, names, source_names, log_scale
    )


# --------------------------------------------------------------------------------------------
# Words under the charts
# --------------------------------------------------------------------------------------------

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


def series_note(series: Series) -> str:
    base = (
        "Lines join full years only and break where a year is missing; diamonds are parts of a "
        "year, squares other readings of the same year, triangles targets."
    )
    if series.total > series.shown:
        base += (
            f" Showing the {series.shown} largest of {series.total} series: pick partners in "
            "the sidebar to see others."
        )
    return base


def table_note(no_usd: int) -> str:
    text = "The rows behind every chart above, as published, with their sources."
    if no_usd:
        text += (
            f" {no_usd:,} rows have no US$ value (euro figures without an exchange rate for "
            "their year, or a figure printed without a unit): they are listed here but not drawn."
        )
    return text


def comparison_note(missing: Sequence[str]) -> str:
    text = (
        "Each bar is the latest full year available in the period (written on the bar); the "
        "country's own report is preferred, otherwise the partner's mirror report."
    )
    if missing:
        text += " No figures: " + "; ".join(missing) + "."
    return text


@dataclass(frozen=True)
class TradeContext:
    """What the page derives once per data version (the UI layer caches it)."""

    names: dict[str, str]
    sources: dict[str, str]
    partners: list[str]
    annual: pd.DataFrame
    places: dict[str, dict]


def page_context(
    trade_df: pd.DataFrame, countries: pd.DataFrame, sources: pd.DataFrame
) -> TradeContext:
    names = country_names(countries)
    return TradeContext(
        names=names,
        sources=short_source_names(sources),
        partners=partner_options(trade_df, names),
        annual=annual(trade_df),
        places=capitals(countries),
    )
