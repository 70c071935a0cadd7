"""One best figure per reporter, partner, flow and year: full calendar years only, commodity
TOTAL, measure `observed`; where several sources give one, the best verified wins (official
release, then seed-verified, then reported; ties by source_id). Turnover is the reported turnover
or export + import of the same year, whichever is better verified (export + import on a tie).
Used where one number per pair and year is wanted: Compare and the corridor cards."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard_core.data import store
from dashboard_core.data.contract import EU27_ISO3
from dashboard_core.data.provenance import VERIFICATION_RANK, best_verified, verification_rank

# The rows `annual_trade(relevant_trade(...))` reads, as a store condition: TOTAL observed
# full-year figures with a US$ value, reported by anyone but the EU and its members.
RELEVANT_ROWS: store.Where = store.all_of(
    ~store.isin("reporter_iso3", (*EU27_ISO3, "EU27")),
    store.equals("commodity", "TOTAL"),
    store.equals("measure", "observed"),
    store.not_null("value_usd"),
    store.period_in(("year",)),
)


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
    t = best_verified(t, ["reporter_iso3", "partner_iso3", "flow", "year"])
    t["rank"] = verification_rank(t["verification"])
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
