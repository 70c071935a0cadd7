"""Data & sources page: catalogue of datasets, data dictionary, sources, verification shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import pandas as pd

from dashboard_core.data.contract import (
    FACT_TABLES,
    FOCUS_ISO3,
    LIST_SEPARATOR,
    VERIFICATION_LABELS,
    VERIFICATION_LEVELS,
)
from dashboard_core.data.dictionary import field_label
from dashboard_core.data.exports import features_for_rows, points_to_geojson
from dashboard_core.data.provenance import ROW_COUNT, row_total

# GeoJSON resources carry no `sources` list in datapackage.json; these are the sources their
# geometry comes from (boundaries: Natural Earth; corridor lines: GeoNames waypoints).
GEOMETRY_SOURCES: dict[str, tuple[str, ...]] = {
    "boundaries_geometry": ("natural-earth-50m",),
    "corridors_geometry": ("geonames",),
}
COUNTRY_COLUMNS: tuple[str, ...] = (
    "reporter_iso3", "partner_iso3", "origin_iso3", "location_iso3", "country_iso3",
    "counterpart_iso3", "iso3", "countries",
)  # fmt: skip
DOWNLOADABLE: tuple[str, ...] = (
    *FACT_TABLES, "energy", "sources", "countries", "population", "cities", "conflicts",
)  # fmt: skip

INTRO = (
    "What the dashboard shows, where every figure comes from and under which licence. "
    "Data version `{version}`."
)
VERIFICATION_TEXT = (
    "**Official release**: taken by the pipeline from a publisher's data file. "
    "**Verified in source document**: the figure stands at the cited line of a source document, "
    "re-checked by machine. **⚠ Reported**: from a named publication not at hand; check before "
    "quoting. **⇪ Imported**: read by the importers from a publisher file that a visitor "
    "uploaded on the Import page (seen in that browser session only, marked *Imported by "
    "you*) or that the operator imported on the server; the project has not reviewed it. Each "
    "such file has its own source entry (publisher and format recognised, file name, SHA-256, "
    "import time) and each row its place in the file (`row 1234`, `sheet HRP!row 57`, "
    "`feature 12`). Where a reviewed source answers the same question, figures take its "
    "reading. Rows whose publisher's terms forbid passing them on (ACLED) are shown and "
    "aggregated, never in downloads."
)
FULL_TABLE_NOTE = "The whole table, every row: the sidebar filters do not apply here."


def summary_columns(columns: Sequence[str]) -> list[str]:
    """What the catalogue reads of a table too large to load (the Data page asks the store for
    its row counts grouped by these): sources, verification and country columns."""
    return [c for c in ("source_id", "verification", *COUNTRY_COLUMNS) if c in columns]


def _weighted(frame: pd.DataFrame) -> pd.DataFrame:
    """Every frame as counts: a table's rows count one each; a store's counts (ROW_COUNT) as
    many as they stand for."""
    return frame if ROW_COUNT in frame.columns else frame.assign(**{ROW_COUNT: 1})


def cited_rows(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """source_id and verification of the fact rows, with how many rows each stands for
    (ROW_COUNT): what the verification chart counts. A table is given as its rows or as a
    store's counts grouped by source_id and verification (`summary_columns`)."""
    parts = [
        _weighted(tables[name])[["source_id", "verification", ROW_COUNT]]
        for name in FACT_TABLES
        if name in tables and {"source_id", "verification"} <= set(tables[name].columns)
    ]
    if not parts:
        return pd.DataFrame(columns=["source_id", "verification", ROW_COUNT])
    return pd.concat(parts, ignore_index=True)


def countries_in(frame: pd.DataFrame) -> set[str]:
    """Every code the table's country columns name (list cells split)."""
    codes: set[str] = set()
    for column in COUNTRY_COLUMNS:
        if column not in frame.columns:
            continue
        values = frame[column].dropna().astype(str)
        if column == "countries":
            values = values.str.split(LIST_SEPARATOR).explode().str.strip()
        codes |= set(values[values != ""])
    return codes


def countries_text(codes: set[str]) -> str:
    if not codes:
        return "—"
    focus = [c for c in FOCUS_ISO3 if c in codes]
    others = len(codes) - len(focus)
    text = ", ".join(focus) if focus else ""
    if others:
        text += f"{' + ' if text else ''}{others} other{'s' if others != 1 else ''}"
    return text


def _years_text(years: Sequence[int] | None) -> str:
    if not years:
        return "—"
    lo, hi = years
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _licences(source_ids: Sequence[str], sources: pd.DataFrame) -> str:
    picked = sources[sources["source_id"].isin(list(source_ids))]
    licences = sorted({str(v) for v in picked["licence"].dropna()})
    return "; ".join(licences) if licences else "—"


def catalogue(
    package: Mapping,
    tables: Mapping[str, pd.DataFrame],
    sources: pd.DataFrame,
    built: Mapping[str, datetime | None] | None = None,
) -> pd.DataFrame:
    """One row per resource of datapackage.json: rows (or features), years, countries, last
    build, the licences of the sources its rows cite."""
    built = built or {}
    rows = []
    for resource in package.get("resources", []):
        name = resource.get("name", "")
        frame = tables.get(name)
        cited = resource.get("sources") or GEOMETRY_SOURCES.get(name, ())
        when = built.get(name)
        rows.append(
            {
                "dataset": name,
                "description": resource.get("description", ""),
                "format": resource.get("format", ""),
                "rows": row_total(frame)
                if frame is not None
                else int(resource.get("rows", resource.get("features", 0)) or 0),
                "years": _years_text(resource.get("years")),
                "countries": countries_text(countries_in(frame)) if frame is not None else "—",
                "last_build": when.strftime("%Y-%m-%d %H:%M UTC") if when else "—",
                "licence": _licences(cited, sources),
                "sources": len(cited),
            }
        )
    return pd.DataFrame(rows)


def data_dictionary(package: Mapping) -> pd.DataFrame:
    """Every field of every tabular resource: dataset, field, its header on screen, type, unit,
    description."""
    rows = [
        {
            "dataset": resource.get("name", ""),
            "field": field.get("name", ""),
            "label": field_label(resource.get("name", ""), field.get("name", "")),
            "type": field.get("type", ""),
            "unit": field.get("unit", ""),
            "description": field.get("description", ""),
        }
        for resource in package.get("resources", [])
        for field in resource.get("schema", {}).get("fields", [])
    ]
    return pd.DataFrame(rows, columns=["dataset", "field", "label", "type", "unit", "description"])


def sources_table(sources: pd.DataFrame, package: Mapping) -> pd.DataFrame:
    """The sources table with `used_by`: the datasets whose rows cite each source."""
    used: dict[str, list[str]] = {}
    for resource in package.get("resources", []):
        cited = resource.get("sources") or GEOMETRY_SOURCES.get(resource.get("name", ""), ())
        for source_id in cited:
            used.setdefault(source_id, []).append(resource.get("name", ""))
    out = sources.copy()
    out["used_by"] = out["source_id"].map(lambda s: ", ".join(used.get(s, [])) or "—")
    return out.reset_index(drop=True)


def verification_shares(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows per dataset and verification level, with the share of the dataset's rows."""
    rows = []
    for name in FACT_TABLES:
        frame = tables.get(name)
        if frame is None or "verification" not in frame.columns or frame.empty:
            continue
        weighted = _weighted(frame)
        levels = weighted["verification"].astype(object).fillna("unknown")
        counts = weighted[ROW_COUNT].groupby(levels).sum()
        total = row_total(frame)
        for level in [*VERIFICATION_LEVELS, "unknown"]:
            n = int(counts.get(level, 0))
            if n or level != "unknown":
                rows.append(
                    {
                        "dataset": name,
                        "verification": level,
                        "label": VERIFICATION_LABELS.get(level, "Unknown"),
                        "rows": n,
                        "share": n / total,
                    }
                )
    return pd.DataFrame(rows, columns=["dataset", "verification", "label", "rows", "share"])


def geojson_for(dataset: str, rows: pd.DataFrame, corridor_lines: Mapping | None) -> dict | None:
    """The GeoJSON download of a geographic dataset's rows (None for non-geographic ones):
    corridors as their lines, incidents and cities as points."""
    if dataset == "corridors" and corridor_lines is not None:
        return features_for_rows(corridor_lines, rows, "corridor_id")
    if dataset in ("incidents", "cities", "energy"):
        return points_to_geojson(rows)
    return None
