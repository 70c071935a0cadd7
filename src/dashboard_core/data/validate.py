"""Checking data/clean against the contract: schemas, references, coverage, verification."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    if "completion_year" in frame.columns:  # corridors: whichever years the sources give
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


def _rows(index: Sequence[object], limit: int = 5) -> str:
    """`row 3` or `rows 3, 8, 12 and 4 more` (1-based: row 1 is a file's first data row)."""
    numbers = [int(i) + 1 for i in index if isinstance(i, (int, float)) and not pd.isna(i)]
    if not numbers:
        return "the whole column"
    shown = ", ".join(str(n) for n in numbers[:limit])
    more = f" and {len(numbers) - limit} more" if len(numbers) > limit else ""
    return f"row{'s' if len(numbers) > 1 else ''} {shown}{more}"


def schema_problems(name: str, frame: pd.DataFrame) -> list[str]:
    """Each failed check as `file, rows, column: what is wrong (examples)`."""
    try:
        schema_for(name).validate(frame, lazy=True)
    except pa_errors.SchemaErrors as exc:
        cases = exc.failure_cases
        problems = []
        for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=True):
            examples = ", ".join(repr(v) for v in group["failure_case"].head(3).tolist())
            where = f"{name}.parquet, {_rows(group['index'].tolist())}, column '{column}'"
            if check == "column_in_dataframe":
                where, examples = f"{name}.parquet, column {examples}", "the column is missing"
            problems.append(f"{where}: fails {check} ({examples})")
        return problems
    except (pa_errors.SchemaError, TypeError, ValueError) as exc:
        return [f"{name}.parquet: cannot be checked ({type(exc).__name__}: {exc})"]
    return []


def _unknown(
    name: str, frame: pd.DataFrame, column: str, known: set[str], what: str, listed: bool = False
) -> list[str]:
    """Rows of `frame[column]` naming a value not in `known` (a ';' list when `listed`)."""
    if column not in frame.columns:
        return []
    rows: list[object] = []
    found: set[str] = set()
    for index, cell in zip(frame.index, frame[column].tolist(), strict=True):
        items = split_list(cell) if listed else ([] if pd.isna(cell) else [str(cell)])
        unknown = [v for v in items if v not in known]
        if unknown:
            rows.append(index)
            found.update(unknown)
    if not rows:
        return []
    names = sorted(found)
    shown = ", ".join(repr(v) for v in names[:5]) + (" ..." if len(names) > 5 else "")
    return [f"{name}.parquet, {_rows(rows)}, column '{column}': {shown} {what}"]


def reference_problems(tables: dict[str, pd.DataFrame], geo: dict[str, dict]) -> list[str]:
    """Every source id, country code and corridor id a table names must exist."""
    problems: list[str] = []
    sources, countries = tables.get("sources"), tables.get("countries")
    source_ids = set(sources["source_id"].dropna()) if sources is not None else None
    iso3 = set(countries["iso3"].dropna()) if countries is not None else None
    for name, frame in tables.items():
        if source_ids is not None and name != "sources":
            problems += _unknown(
                name, frame, "source_id", source_ids, "names no source in sources.parquet"
            )
        if iso3 is None:
            continue
        for column in [c for c in frame.columns if c.endswith("_iso3")]:
            problems += _unknown(name, frame, column, iso3, "not in countries.parquet", listed=True)
        if name in ("corridors", "events"):
            problems += _unknown(
                name, frame, "countries", iso3, "not in countries.parquet", listed=True
            )
    corridors = tables.get("corridors")
    if corridors is None or "corridor_id" not in corridors.columns:
        return problems
    corridor_ids = set(corridors["corridor_id"].dropna())
    if "corridors" in geo:
        drawn = {f.get("properties", {}).get("corridor_id") for f in geo["corridors"]["features"]}
        problems += _unknown(
            "corridors", corridors, "corridor_id", drawn, "has no line in corridors.geojson"
        )
    if "events" in tables:
        problems += _unknown(
            "events", tables["events"], "corridor_ids", corridor_ids,
            "names no corridor in corridors.parquet", listed=True,
        )  # fmt: skip
    return problems


# The share of fact rows from a publisher's release or found at their line in a seed document
# below which the data no longer keeps the project's promise (DESIGN.md, "Data contract").
MIN_TRUSTED_SHARE = 0.95


def share_problems(tables: dict[str, pd.DataFrame]) -> tuple[float, list[str]]:
    facts = [
        tables[t]["verification"]
        for t in contract.FACT_TABLES
        if t in tables and "verification" in tables[t].columns
    ]
    levels = pd.concat(facts, ignore_index=True) if facts else pd.Series(dtype=object)
    share = float(levels.isin(TRUSTED_LEVELS).mean()) if len(levels) else 0.0
    if len(levels) and share < MIN_TRUSTED_SHARE:
        return share, [
            f"fact tables: only {share:.1%} of rows are official_release or seed_verified "
            f"(at least {MIN_TRUSTED_SHARE:.0%} expected; see the verification column)"
        ]
    return share, []


def _read(
    name: str, suffix: str, clean_dir: Path | None, reader: Callable
) -> tuple[Any, str | None]:
    """(what `reader` returns, None), or (None, the problem) for a missing or broken file."""
    try:
        return reader(name, clean_dir), None
    except loading.DataNotBuiltError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a broken file is a finding, not a crash
        return None, (
            f"{name}{suffix}: the file cannot be read ({type(exc).__name__}: {exc}); "
            "rebuild it with `uv run python -m dashboard_core build`"
        )


def validate(clean_dir: Path | None = None) -> ValidationReport:
    """Every check on every file that can be read; a file that cannot is one more problem."""
    report = ValidationReport()
    tables: dict[str, pd.DataFrame] = {}
    for name in loading.TABLE_NAMES:
        frame, problem = _read(name, ".parquet", clean_dir, loading.load_table)
        if problem:
            report.problems.append(problem)
        elif frame is not None:
            tables[name] = frame
    geo: dict[str, dict] = {}
    for name in loading.GEOJSON_LAYERS:
        layer, problem = _read(name, ".geojson", clean_dir, loading.load_geojson)
        if problem:
            report.problems.append(problem)
        elif isinstance(layer, dict) and isinstance(layer.get("features"), list):
            geo[name] = layer
        else:
            report.problems.append(f"{name}.geojson: not a GeoJSON FeatureCollection")
    for name, frame in tables.items():
        report.problems += schema_problems(name, frame)
        report.stats.append(
            TableStats(name, len(frame), _years_or_none(frame), verification_shares(frame))
        )
    report.problems += reference_problems(tables, geo)
    report.trusted_share, problems = share_problems(tables)
    report.problems += problems
    report.problems += preference_problems(tables)
    if "trade" in tables:
        report.official_trade = official_trade_by_reporter(tables["trade"])
    return report


def preference_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Every row not preferred says why; a preferred row gives no reason."""
    problems = []
    for name, columns in contract.BUILD_COLUMNS.items():
        frame = tables.get(name)
        if frame is None or not set(columns) <= set(frame.columns):
            continue  # an unreadable file or missing columns are reported elsewhere
        reason = frame["not_preferred_reason"].fillna("").astype(str).str.strip()
        preferred = frame["preferred"].fillna(False).astype(bool)
        silent = int((~preferred & (reason == "")).sum())
        if silent:
            problems.append(f"{name}: {silent} row(s) not preferred without a reason")
        if (preferred & (reason != "")).any():
            problems.append(f"{name}: preferred rows carrying a not_preferred_reason")
    return problems


def official_trade_by_reporter(trade: pd.DataFrame) -> dict[str, int]:
    """Rows of each focus country's own statistics (official releases it reports itself)."""
    if not {"reporter_iso3", "verification"} <= set(trade.columns):
        return {}
    own = trade[
        trade["reporter_iso3"].isin(contract.FOCUS_ISO3)
        & trade["verification"].eq("official_release").fillna(False).astype(bool)
    ]
    counts = own["reporter_iso3"].value_counts()
    return {str(code): int(counts[code]) for code in sorted(counts.index)}


def _years_or_none(frame: pd.DataFrame) -> tuple[int, int] | None:
    try:
        return years_covered(frame)
    except (TypeError, ValueError):
        return None


def format_problems(problems: Sequence[str], limit: int = 50) -> str:
    lines = [f"{len(problems)} problem(s):"] + [f"  - {p}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"  ... and {len(problems) - limit} more")
    return "\n".join(lines)


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
        lines.append(format_problems(report.problems, limit=len(report.problems)))
    else:
        lines.append("all checks passed")
    return "\n".join(lines)
