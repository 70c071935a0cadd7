"""Checking data/clean against the contract: schemas, references, coverage, verification."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors

from dashboard_core.data import contract, loading
from dashboard_core.data.loading import split_list
from dashboard_core.data.schemas import schema_for

TRUSTED_LEVELS = ("official_release", "seed_verified")


@dataclass
class TableStats:
    name: str
    rows: int
    years: tuple[int, int] | None
    verification: dict[str, float]


@dataclass
class ValidationReport:
    stats: list[TableStats] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    trusted_share: float = 0.0
    official_trade: dict[str, int] = field(default_factory=dict)  # focus reporter -> rows

    @property
    def ok(self) -> bool:
        return not self.problems


def years_covered(frame: pd.DataFrame) -> tuple[int, int] | None:
    if "start_year" in frame.columns:  # corridors: whichever years the sources give
        years = pd.concat([frame["start_year"], frame["completion_year"]]).dropna()
        return (int(years.min()), int(years.max())) if len(years) else None
    for column in ("year", "date_start", "date"):
        if column in frame.columns and frame[column].notna().any():
            values = frame[column].dropna()
            if pd.api.types.is_datetime64_any_dtype(values):
                values = values.dt.year
            return int(values.min()), int(values.max())
    return None


def verification_shares(frame: pd.DataFrame) -> dict[str, float]:
    if "verification" not in frame.columns or frame.empty:
        return {}
    shares = frame["verification"].value_counts(normalize=True)
    return {level: float(shares.get(level, 0.0)) for level in contract.VERIFICATION_LEVELS}


def schema_problems(name: str, frame: pd.DataFrame) -> list[str]:
    try:
        schema_for(name).validate(frame, lazy=True)
    except pa_errors.SchemaErrors as exc:
        cases = exc.failure_cases
        problems = []
        for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=True):
            rows = ", ".join(str(i) for i in group["index"].head(5).tolist())
            examples = ", ".join(repr(v) for v in group["failure_case"].head(3).tolist())
            problems.append(
                f"{name}: column '{column}' fails {check} at row(s) {rows} (e.g. {examples})"
            )
        return problems
    return []


def reference_problems(tables: dict[str, pd.DataFrame], geo: dict[str, dict]) -> list[str]:
    problems: list[str] = []
    source_ids = set(tables["sources"]["source_id"])
    iso3 = set(tables["countries"]["iso3"])
    for name, frame in tables.items():
        if "source_id" in frame.columns and name != "sources":
            unknown = sorted(set(frame["source_id"].dropna()) - source_ids)
            if unknown:
                problems.append(f"{name}: source_id not in sources: {', '.join(unknown)}")
        for column in [c for c in frame.columns if c.endswith("_iso3")]:
            cells = frame[column].dropna().astype(str).unique()
            unknown = sorted({code for cell in cells for code in split_list(cell)} - iso3)
            if unknown:
                problems.append(f"{name}.{column}: codes not in countries: {', '.join(unknown)}")
        if name in ("corridors", "events"):
            listed = {c for cell in frame["countries"] for c in split_list(cell)}
            unknown = sorted(listed - iso3)
            if unknown:
                problems.append(f"{name}.countries: codes not in countries: {', '.join(unknown)}")
    corridor_ids = set(tables["corridors"]["corridor_id"])
    drawn = {f["properties"]["corridor_id"] for f in geo.get("corridors", {}).get("features", [])}
    if corridor_ids - drawn:
        problems.append(f"corridors without geometry: {', '.join(sorted(corridor_ids - drawn))}")
    if "corridor_ids" in tables["events"].columns:
        cited = {c for cell in tables["events"]["corridor_ids"] for c in split_list(cell)}
        if cited - corridor_ids:
            problems.append(
                f"events.corridor_ids unknown: {', '.join(sorted(cited - corridor_ids))}"
            )
    return problems


def validate(clean_dir: Path | None = None) -> ValidationReport:
    report = ValidationReport()
    tables: dict[str, pd.DataFrame] = {}
    for name in loading.TABLE_NAMES:
        try:
            tables[name] = loading.load_table(name, clean_dir)
        except loading.DataNotBuiltError as exc:
            report.problems.append(str(exc))
    geo: dict[str, dict] = {}
    for name in loading.GEOJSON_LAYERS:
        try:
            geo[name] = loading.load_geojson(name, clean_dir)
        except loading.DataNotBuiltError as exc:
            report.problems.append(str(exc))
    if report.problems:
        return report
    for name, frame in tables.items():
        report.problems += schema_problems(name, frame)
        report.stats.append(
            TableStats(name, len(frame), years_covered(frame), verification_shares(frame))
        )
    report.problems += reference_problems(tables, geo)
    report.problems += preference_problems(tables)
    facts = pd.concat([tables[t]["verification"] for t in contract.FACT_TABLES], ignore_index=True)
    report.trusted_share = float(facts.isin(TRUSTED_LEVELS).mean()) if len(facts) else 0.0
    report.official_trade = official_trade_by_reporter(tables["trade"])
    return report


def preference_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Every row not preferred says why; a preferred row gives no reason."""
    problems = []
    for name, columns in contract.BUILD_COLUMNS.items():
        frame = tables[name]
        if not set(columns) <= set(frame.columns):
            continue  # schema_problems reports the missing columns
        reason = frame["not_preferred_reason"].fillna("").astype(str).str.strip()
        silent = int((~frame["preferred"] & (reason == "")).sum())
        if silent:
            problems.append(f"{name}: {silent} row(s) not preferred without a reason")
        if ((frame["preferred"]) & (reason != "")).any():
            problems.append(f"{name}: preferred rows carrying a not_preferred_reason")
    return problems


def official_trade_by_reporter(trade: pd.DataFrame) -> dict[str, int]:
    """Rows of each focus country's own statistics (official releases it reports itself)."""
    own = trade[
        trade["reporter_iso3"].isin(contract.FOCUS_ISO3)
        & trade["verification"].eq("official_release").fillna(False).astype(bool)
    ]
    counts = own["reporter_iso3"].value_counts()
    return {str(code): int(counts[code]) for code in sorted(counts.index)}


def format_report(report: ValidationReport) -> str:
    lines = [f"{'table':<14}{'rows':>8}  {'years':<11}  verification shares"]
    for s in report.stats:
        years = f"{s.years[0]}-{s.years[1]}" if s.years else "-"
        shares = ", ".join(f"{k} {v:.1%}" for k, v in s.verification.items() if v) or "-"
        lines.append(f"{s.name:<14}{s.rows:>8}  {years:<11}  {shares}")
    lines.append(f"fact rows official_release or seed_verified: {report.trusted_share:.1%}")
    own = ", ".join(f"{code} {rows:,}" for code, rows in report.official_trade.items())
    lines.append(f"trade rows official_release by reporter (own statistics): {own or 'none'}")
    if report.problems:
        lines.append(f"{len(report.problems)} problem(s):")
        lines += [f"  - {p}" for p in report.problems]
    else:
        lines.append("all checks passed")
    return "\n".join(lines)
