"""Eurostat Comext extract (EU-27 and member states with Central Asia) -> trade rows.

Flows are from the EU reporter's side: 'export' is EU exports to the Central Asian partner.
Values are EUR; value_usd = EUR x the year's average USD-per-EUR rate from the fx table
(NA where the table has no rate for that year; a monthly row uses its year's rate).
The Kazakhstan rows appear twice under two label styles ('201901-Jan. 2019' / 'Jan. 2019');
periods and flows are normalised, exact duplicates dropped, conflicting ones refused.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard_core.data import contract
from dashboard_core.pipeline import gazetteer

FILE = "trade/eurostat_comext_relational_view_EU27_with_KAZ_KGZ_UZB.csv"
SOURCE_ID = "eurostat-comext"
EU27_LABELS: tuple[str, ...] = ("European Union - 27 countries", "Union européenne - 27 pays")
# Reporters outside the contract's EU-27 (euro area, EU of changing composition, UK) are dropped.
FLOWS: dict[str, str] = {
    "2-EXPORT": "export",
    "EXPORT": "export",
    "EXPORTATION": "export",
    "1-IMPORT": "import",
    "IMPORT": "import",
}
TOTAL_LABELS: tuple[str, ...] = ("Total", "TOTAL-Total", "T-Total")
MONTHS: dict[str, int] = {m: i for i, m in enumerate(calendar.month_abbr) if m}
_PERIOD = re.compile(r"(?:(?P<code>\d{6})-)?(?P<label>Jan\.-Dec\.|[A-Z][a-z]{2}\.) (?P<year>\d{4})")
EXTRA_COLUMNS: tuple[str, ...] = ("fx_rate", "fx_source_id", "period_type")
KEY: list[str] = ["reporter_iso3", "partner_iso3", "flow", "period_start", "period_end"]


def parse_period(label: str) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    """'201901-Jan. 2019' or 'Jan. 2019' -> month; '201952-Jan.-Dec. 2019' -> full year."""
    match = _PERIOD.fullmatch(label.strip())
    if match is None:
        raise ValueError(f"unrecognised Comext period {label!r}")
    year, code = int(match["year"]), match["code"]
    if match["label"] == "Jan.-Dec.":
        if code and code != f"{year}52":
            raise ValueError(f"period code and label disagree in {label!r}")
        return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31), "year"
    month = MONTHS[match["label"][:3]]
    if code and code != f"{year}{month:02d}":
        raise ValueError(f"period code and label disagree in {label!r}")
    last = calendar.monthrange(year, month)[1]
    return pd.Timestamp(year, month, 1), pd.Timestamp(year, month, last), "month"


def reporter_iso3(label: str) -> str | None:
    """'EU27' for the EU-27 aggregate, ISO3 for a member state, None for anything else."""
    if label.startswith(EU27_LABELS):
        return "EU27"
    name = label.split(" (", 1)[0].strip()
    iso3 = _name_to_iso3().get(name)
    return iso3 if iso3 in contract.EU27_ISO3 else None


@lru_cache(maxsize=1)
def _name_to_iso3() -> dict[str, str]:
    names = {r["name"]: iso3 for iso3, r in gazetteer.countries_by_iso3().items()}
    return names | {"Czech Republic": "CZE", "Netherlands": "NLD"}


def partner_iso3(label: str) -> str:
    iso3 = _name_to_iso3().get(label.strip())
    if iso3 is None:
        raise ValueError(f"unknown Comext partner {label!r}")
    return iso3


def read_fx(path: Path) -> pd.DataFrame:
    """The reference rate table (year, usd_per_eur, source_id, ...)."""
    return pd.read_csv(path, dtype={"source_id": str, "locator": str, "verification": str})


def normalise(realdata: Path) -> pd.DataFrame:
    """Every kept row, labels normalised, before de-duplication; `_line` is the file line."""
    raw = pd.read_csv(realdata / FILE, dtype=str, keep_default_na=False)
    raw["_line"] = raw.index + 2  # header is line 1
    unknown_flows = set(raw["FLOW"]) - set(FLOWS)
    if unknown_flows:
        raise ValueError(f"unknown Comext flows: {sorted(unknown_flows)}")
    for column in ("PRODUCT", "STAT_PROCEDURE"):
        other = set(raw[column]) - set(TOTAL_LABELS)
        if other:
            raise ValueError(f"Comext {column} other than total: {sorted(other)}")
    reporters = {label: reporter_iso3(label) for label in raw["REPORTER"].unique()}
    raw["reporter_iso3"] = raw["REPORTER"].map(reporters)
    kept = raw[raw["reporter_iso3"].notna()].copy()
    parsed = {label: parse_period(label) for label in kept["PERIOD"].unique()}
    periods = kept["PERIOD"].map(parsed)
    kept["period_start"] = pd.to_datetime([p[0] for p in periods])
    kept["period_end"] = pd.to_datetime([p[1] for p in periods])
    kept["period_type"] = [p[2] for p in periods]
    kept["partner_iso3"] = kept["PARTNER"].map(partner_iso3)
    kept["flow"] = kept["FLOW"].map(FLOWS)
    kept["value_original"] = pd.to_numeric(kept["VALUE_IN_EUR"], errors="raise").astype("float64")
    return kept.reset_index(drop=True)


def deduplicate(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Drop rows repeating key and value; raise if a key repeats with another value."""
    distinct = frame.drop_duplicates([*KEY, "value_original"])
    conflicts = distinct[distinct.duplicated(KEY, keep=False)]
    if not conflicts.empty:
        lines = ", ".join(str(x) for x in conflicts["_line"].head(10))
        raise ValueError(f"Comext rows disagree on the same period (lines {lines})")
    ordered = frame.sort_values("_line", kind="mergesort")
    kept = ordered.drop_duplicates(KEY, keep="first")
    return kept, len(frame) - len(kept)


def dropped_reporters(realdata: Path) -> dict[str, int]:
    """Reporter labels left out (not EU-27 nor a member state), with row counts."""
    raw = pd.read_csv(realdata / FILE, dtype=str, keep_default_na=False)
    labels = raw.loc[raw["REPORTER"].map(reporter_iso3).isna(), "REPORTER"]
    return {str(k): int(v) for k, v in sorted(labels.value_counts().items())}


def load_eurostat_trade(realdata: Path, fx: pd.DataFrame) -> pd.DataFrame:
    """EU-27 yearly totals and member-state monthly trade with Central Asia, EUR and USD."""
    rows, removed = deduplicate(normalise(realdata))
    years = rows["period_start"].dt.year.astype("int64")
    rates = fx.set_index(fx["year"].astype("int64"))
    fx_rate = years.map(rates["usd_per_eur"].astype("float64"))
    fx_source = years.map(rates["source_id"].astype("string"))
    out = pd.DataFrame(
        {
            "reporter_iso3": rows["reporter_iso3"].astype("string"),
            "partner_iso3": rows["partner_iso3"].astype("string"),
            "flow": rows["flow"].astype("string"),
            "commodity": pd.Series("TOTAL", index=rows.index, dtype="string"),
            "period_start": rows["period_start"],
            "period_end": rows["period_end"],
            "year": years,
            "measure": pd.Series("observed", index=rows.index, dtype="string"),
            "value_usd": (rows["value_original"] * fx_rate).astype("float64"),
            "value_original": rows["value_original"],
            "currency_original": pd.Series("EUR", index=rows.index, dtype="string"),
            "source_id": pd.Series(SOURCE_ID, index=rows.index, dtype="string"),
            "locator": ("comext#L" + rows["_line"].astype(str)).astype("string"),
            "verification": pd.Series("official_release", index=rows.index, dtype="string"),
            "fx_rate": fx_rate.astype("float64"),
            "fx_source_id": fx_source.astype("string"),
            "period_type": rows["period_type"].astype("string"),
        }
    )
    out = out.sort_values(KEY, kind="mergesort").reset_index(drop=True)
    out.attrs["duplicates_removed"] = removed
    return out[[*contract.TABLE_COLUMNS["trade"], *EXTRA_COLUMNS]]
