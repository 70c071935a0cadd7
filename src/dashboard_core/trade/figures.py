"""Trade rows and annual figures.

Vocabulary:
- a *row* is one line of the clean `trade` table;
- an *annual figure* (see `annual`) is one value per reporter, partner, flow, source and year:
  a full-year row as published, or twelve monthly rows of one source summed; anything shorter
  stays a `partial` figure with its period label, a target stays a `target`;
- the *perspective* of the page is the selected countries': "exports" are goods leaving them,
  whoever reports it (a partner's imports from them are the mirror of their exports);
- a *question* is one of the six countries' trade with one counterpart, one flow and year
  (`data.preference`); each annual figure says whether it is the preferred reading of the
  question its reporter asks (`own_choice`) and of the one its partner asks (`mirror_choice`):
  `chosen`, `other` (another reading is preferred) or `open` (no reading is preferred: not one
  of the six countries' questions, or no full-year reading answers it). `oriented` turns the two
  into `preferred` from the page's perspective, so a chart and the indicators agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from dashboard_core.data import preference, store
from dashboard_core.data.contract import FOCUS_ISO3
from dashboard_core.data.periods import months_label, period_kinds, period_label, to_dates
from dashboard_core.data.provenance import ranked, verification_rank
from dashboard_core.data.store import Where
from dashboard_core.trade.labels import FLOWS, MEASURES

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
    "own_choice",
    "mirror_choice",
)
CHOSEN, OTHER, OPEN = "chosen", "other", "open"


# The rows `annual` reads (its own first filter, pushed down to the store) and their columns.
ANNUAL_ROWS: Where = store.isin("commodity", ("TOTAL", None)) & store.not_null("value_usd")
ANNUAL_INPUTS: tuple[str, ...] = (
    "reporter_iso3", "partner_iso3", "flow", "commodity", "period_start", "period_end", "year",
    "measure", "value_usd", "source_id", "verification", "note",
)  # fmt: skip

# What a selection's rows are counted by (every column `selection_where` and the shared
# filters read), and the rows of the table without a US$ value.
TALLY_COLUMNS: tuple[str, ...] = ("reporter_iso3", "partner_iso3", "flow", "measure", "year")
NO_USD: Where = ~store.not_null("value_usd")


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


def selection_where(
    countries: Sequence[str] = (),
    partners: Sequence[str] = (),
    flow: str = "export",
    measures: Sequence[str] = MEASURES,
) -> Where:
    """`selection_mask` as a store condition: the same rows, selected where the table lies."""
    if flow not in FLOWS:
        raise ValueError(f"unknown flow {flow!r}; expected one of {FLOWS}")

    def among(column: str, codes: Sequence[str]) -> Where:
        return store.isin(column, codes) if codes else store.EVERY

    own = among("reporter_iso3", countries) & among("partner_iso3", partners)
    mirror = among("reporter_iso3", partners) & among("partner_iso3", countries)
    if flow == "turnover":
        rule = own | mirror
    else:
        other = "import" if flow == "export" else "export"
        rule = (own & store.equals("flow", flow)) | (mirror & store.equals("flow", other))
    return rule & store.isin("measure", measures or MEASURES)


def in_years(df: pd.DataFrame, years: Sequence[int] | None) -> pd.DataFrame:
    if not years:
        return df
    lo, hi = min(years), max(years)
    return df[df["year"].between(lo, hi)]


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
        m["_month"] = to_dates(m["period_start"]).dt.month.astype(int)
        m = m.sort_values(["_vrank", "_order"]).drop_duplicates([*keys, "_month"])
        # months are distinct within a key now: one bit each, summed (no Python per group)
        m["_months"] = 2 ** (m["_month"] - 1)
        agg = (
            m.groupby(keys, dropna=False, sort=False)
            .agg(
                value_usd=("value_usd", "sum"),
                verification=("verification", "first"),
                note=("note", "first"),
                n_rows=("value_usd", "size"),
                _months=("_months", "sum"),
            )
            .reset_index()
        )
        complete = agg["n_rows"] == 12
        agg["kind"] = complete.map({True: "year", False: "partial"})
        labels: dict[tuple[int, int], str] = {}  # few distinct (year, months) pairs
        agg["period"] = [
            f"{y} (sum of 12 months)"
            if c
            else labels.get((y, ms)) or labels.setdefault((y, ms), months_label(_bits(ms), y))
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
    out = out.reset_index(drop=True)
    out["own_choice"], out["mirror_choice"] = reading_choice(out, rows)
    return out[list(ANNUAL_COLUMNS)]


def _choice(fig: pd.DataFrame, chosen: pd.DataFrame, mirror: bool) -> pd.Series:
    """`chosen` / `other` / `open` of each figure for the question its reporter asks (or, with
    `mirror`, its partner)."""
    country, counterpart = (
        ("partner_iso3", "reporter_iso3") if mirror else ("reporter_iso3", "partner_iso3")
    )
    flows = preference.MIRROR_FLOW if mirror else preference.OWN_FLOW
    asked = pd.DataFrame(
        {
            "country": fig[country].to_numpy(),
            "counterpart": fig[counterpart].to_numpy(),
            "view_flow": fig["flow"].map(flows).to_numpy(),
            "year": fig["year"].astype(int).to_numpy(),
        }
    )
    picks = chosen[[*preference.QUESTION, "reporter_iso3", "source_id", "derived", "value_usd"]]
    found = asked.merge(picks, on=preference.QUESTION, how="left", suffixes=("", "_c"))
    same = (
        found["reporter_iso3"].eq(fig["reporter_iso3"].to_numpy())
        & found["source_id"].eq(fig["source_id"].astype(str).to_numpy())
        & found["derived"].eq(fig["derived"].to_numpy())
        & pd.Series(
            np.isclose(found["value_usd"].astype(float), fig["value_usd"].astype(float).to_numpy()),
            index=found.index,
        )
    ).fillna(False)
    out = pd.Series(OTHER, index=found.index, dtype=object)
    out[same.astype(bool)] = CHOSEN
    out[found["reporter_iso3"].isna()] = OPEN
    # parts of a year and targets answer no yearly question: they are drawn as what they are
    out[~fig["kind"].isin(["year", "alt"]).to_numpy()] = OPEN
    return pd.Series(out.to_numpy(), index=fig.index)


def reading_choice(fig: pd.DataFrame, rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(`own_choice`, `mirror_choice`) of annual figures `fig` made from the clean `rows`: the
    same choice as the `preferred` column and the indicators (`data.preference`)."""
    if fig.empty:
        empty = pd.Series(dtype=object, index=fig.index)
        return empty, empty
    chosen = preference.chosen_trade(rows)
    return _choice(fig, chosen, mirror=False), _choice(fig, chosen, mirror=True)


def _bits(mask: int) -> list[int]:
    """The months (1-12) whose bits are set in `mask`."""
    return [month for month in range(1, 13) if int(mask) >> (month - 1) & 1]


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


def oriented(fig: pd.DataFrame, flow: str, countries: Sequence[str] = ()) -> pd.DataFrame:
    """Annual figures (already `select_rows`-ed for `flow`) with `from_iso3`/`to_iso3`: the goods
    direction for exports and imports; for turnover (reported or computed turnover figures
    only), the selected country first."""
    if fig.empty:
        return fig.assign(from_iso3=pd.Series(dtype="object"), to_iso3=pd.Series(dtype="object"))
    out = fig[(fig["flow"] == "turnover").to_numpy(dtype=bool)] if flow == "turnover" else fig
    rep, par = out["reporter_iso3"], out["partner_iso3"]
    if flow == "turnover":
        # A reported turnover row and the derived one cover the same pair: keep both, they
        # are different figures, but only the chosen one is drawn on the map.
        swap = ~rep.isin(countries) & par.isin(countries) if countries else rep.isin(())
        as_is = ~swap.to_numpy(dtype=bool)
    else:
        as_is = (out["flow"] == "export").to_numpy(dtype=bool)
    rep_codes, par_codes = rep.to_numpy(dtype=object), par.to_numpy(dtype=object)
    return with_preference(
        out.assign(
            from_iso3=pd.Series(np.where(as_is, rep_codes, par_codes), out.index, rep.dtype),
            to_iso3=pd.Series(np.where(as_is, par_codes, rep_codes), out.index, par.dtype),
        ),
        flow,
    )


def perspective(ori: pd.DataFrame, flow: str) -> pd.Series:
    """Whose question an oriented figure answers: the exporter's for exports, the importer's
    for imports, the selected country's (`from_iso3`) for turnover; the other side where that
    one is not among the six countries (it asks no question)."""
    first, second = ("to_iso3", "from_iso3") if flow == "import" else ("from_iso3", "to_iso3")
    return ori[first].where(ori[first].isin(FOCUS_ISO3), ori[second])


def with_preference(ori: pd.DataFrame, flow: str) -> pd.DataFrame:
    """`preferred` (the figure is drawn: the chosen reading of the question it answers from the
    page's perspective, or no reading is chosen for it) and `reading` (own report or mirror,
    in words) of oriented figures."""
    if "own_choice" not in ori or ori.empty:
        return ori.assign(preferred=True, reading="")
    first, second = ("to_iso3", "from_iso3") if flow == "import" else ("from_iso3", "to_iso3")
    asker = np.where(
        ori[first].isin(FOCUS_ISO3).to_numpy(dtype=bool),
        ori[first].to_numpy(dtype=object),
        ori[second].to_numpy(dtype=object),
    )  # `perspective`, on plain arrays
    own = ori["reporter_iso3"].to_numpy(dtype=object) == asker
    choice = np.where(
        own, ori["own_choice"].to_numpy(dtype=object), ori["mirror_choice"].to_numpy(dtype=object)
    )
    rank = np.minimum(verification_rank(ori["verification"]).to_numpy(), 2) * 2 + ~own
    labels = np.array([preference.CLASS_LABELS.get(r, "") for r in range(6)], dtype=object)
    return ori.assign(preferred=choice != OTHER, reading=labels[rank.astype(int)])


def other_readings(ori: pd.DataFrame) -> int:
    """Full-year figures left out of the charts because another reading of the same question
    is preferred."""
    if ori.empty or "preferred" not in ori:
        return 0
    return int((~ori["preferred"].astype(bool)).sum())


KIND_ORDER = {"year": 0, "partial": 1, "alt": 2}  # full year first; anything else after


def pick_keys(df: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """Sort keys of the pick order, last key first (as `np.lexsort` takes them): full year over
    part of a year, official over verified over reported, published over computed, the
    exporter's own report, the larger (gaps last)."""
    value = df["value_usd"].to_numpy(dtype=float, na_value=np.nan)
    larger_first = np.where(np.isnan(value), np.inf, -value)
    own_report = (df["reporter_iso3"] != df["from_iso3"]).astype(int).to_numpy()
    computed = df["derived"].astype(bool).to_numpy(dtype=int)
    verified = verification_rank(df["verification"]).to_numpy()
    kind = ranked(df["kind"], KIND_ORDER, len(KIND_ORDER))
    return larger_first, own_report, computed, verified, kind


def pick_positions(df: pd.DataFrame) -> np.ndarray:
    """Row positions of `df` in pick order (`pick_keys`); ties keep the frame's order."""
    return np.lexsort(pick_keys(df))


def pick_order(df: pd.DataFrame) -> pd.DataFrame:
    """Order among the figures drawn for one arc and year (all preferred readings, see
    `with_preference`), by `pick_positions`."""
    return df.iloc[pick_positions(df)]


def source_label(source_id: object, source_names: Mapping[str, str]) -> str:
    """Short name of a source id; a computed sum over two tables ("a+b") names both, once
    each (stat.uz + stat.uz reads "stat.uz")."""
    parts = [source_names.get(p, p) for p in str(source_id).split("+")]
    return " + ".join(dict.fromkeys(parts))
