"""Imported rows beside the embedded tables (pure; the UI keeps whose they are).

An imported file arrives as contract-shaped frames by dataset, a GeoJSON of its corridor lines
and a source entry (`importers`; the data layer never imports them: here they are plain frames
and dicts). This module puts them beside the clean tables:

    combine(dataset, base, parts, sources)   -> the clean rows, then the imported ones; for trade
                                                and displacement `preferred` is recomputed over
                                                all of them (imported readings rank last)
    merge_lines(base, docs)                  -> corridors.geojson plus the imported lines
    tag_corridors(frames, geometry, tag)     -> corridor ids made unique per imported file
    year_span(frames)                        -> the years imported rows cover
    cited_imports(rows, sources)             -> the source rows of the imported files cited
    import_notes(...)                        -> the words under a view naming each imported
                                                file (who imported it, file name, SHA-256,
                                                time) and, for ACLED, its attribution, access
                                                date and the view's filters
    row_markers(rows, sources, mine)         -> per row: "⇪ Imported by you (file.csv)" or None
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from dashboard_core.data import preference
from dashboard_core.data.naming import short_source_names

IMPORTED_KIND = "imported_file"
BY_YOU = "you"
BY_OPERATOR = "operator"
SOURCE_EXTRAS = ("imported_by", "accessed", "format_label")  # added to an importer's row


def as_shown(source: Mapping, by: str, accessed: str | None = None) -> dict:
    """An importer's source row as the app shows it: who imported it, when the data was
    accessed, and a title that says so wherever a source is named (captions, tooltips,
    downloads): "⇪ acled.csv, imported by you (ACLED event export (CSV))"."""
    label = str(source.get("title") or "").split(": ")[0] or str(source.get("format"))
    row = {**source, "imported_by": by, "format_label": label, "accessed": accessed}
    who = "you" if by == BY_YOU else "the operator"
    row["title"] = f"⇪ {source.get('file_name')}, imported by {who} ({label})"
    return row


def _nonempty(frames: Iterable[pd.DataFrame]) -> list[pd.DataFrame]:
    return [f for f in frames if f is not None and not f.empty]


def combine(
    dataset: str, base: pd.DataFrame, parts: Sequence[pd.DataFrame], sources: pd.DataFrame
) -> pd.DataFrame:
    """The clean rows first, then each imported file's rows (their own extra columns kept,
    empty on the clean rows). Trade and displacement get `preferred` and
    `not_preferred_reason` recomputed over the whole table, as the build computes them, so an
    imported reading answers a question only where no reviewed reading does."""
    parts = _nonempty(parts)
    if not parts:
        return base
    out = pd.concat([base, *parts], ignore_index=True, sort=False)
    if dataset == "trade":
        marks = preference.mark_trade(out, short_source_names(sources))
    elif dataset == "displacement":
        marks = preference.mark_displacement(out, short_source_names(sources))
    else:
        return out
    return out.drop(columns=list(marks.columns), errors="ignore").join(marks)


def merge_lines(base: Mapping, docs: Sequence[Mapping | None]) -> dict:
    """A FeatureCollection of the clean lines and the imported ones."""
    extra = [f for doc in docs if doc for f in doc.get("features", [])]
    if not extra:
        return dict(base)
    return {**base, "features": [*base.get("features", []), *extra]}


def tag_corridors(
    frames: Mapping[str, pd.DataFrame], geometry: Mapping | None, tag: str
) -> tuple[dict[str, pd.DataFrame], dict | None]:
    """Corridor ids of an imported file suffixed with `tag` (part of its SHA-256), in its rows
    and its lines alike: two files named `route.geojson` never share an id."""
    out = dict(frames)
    if "corridors" not in out or out["corridors"].empty:
        return out, dict(geometry) if geometry else None
    rows = out["corridors"]
    out["corridors"] = rows.assign(corridor_id=rows["corridor_id"].astype(str) + f"-{tag}")
    if not geometry:
        return out, None
    features = []
    for feature in geometry.get("features", []):
        props = dict(feature.get("properties") or {})
        props["corridor_id"] = f"{props.get('corridor_id')}-{tag}"
        features.append({**feature, "properties": props})
    return out, {**geometry, "features": features}


YEAR_RULES: dict[str, tuple[str, bool]] = {
    "trade": ("year", False),
    "displacement": ("year", False),
    "population": ("year", False),
    "incidents": ("date_start", True),
    "corridors": ("start_year", False),
}


def year_span(frames: Mapping[str, pd.DataFrame]) -> tuple[int, int] | None:
    """Earliest and latest year of imported rows, by the shared filter's year rules."""
    found: list[int] = []
    for dataset, frame in frames.items():
        column, is_date = YEAR_RULES.get(dataset, ("", False))
        if frame.empty or column not in frame.columns:
            continue
        values = frame[column]
        years = pd.to_datetime(values, errors="coerce").dt.year if is_date else values
        years = pd.to_numeric(years, errors="coerce").dropna()
        if not years.empty:
            found += [int(years.min()), int(years.max())]
    return (min(found), max(found)) if found else None


def _ids(rows: pd.DataFrame | Iterable[str]) -> list[str]:
    if isinstance(rows, pd.DataFrame):
        if "source_id" not in rows.columns:
            return []
        cells = rows["source_id"].dropna().astype(str).unique()
    else:
        cells = [str(r) for r in rows]
    return list(dict.fromkeys(p.strip() for c in cells for p in re.split(r"[;+]", c) if p.strip()))


def cited_imports(rows: pd.DataFrame | Iterable[str], sources: pd.DataFrame) -> list[dict]:
    """The source rows of the imported files that `rows` cite, in the order first cited."""
    if "kind" not in sources.columns or sources.empty:
        return []
    imported = sources[sources["kind"] == IMPORTED_KIND]
    if imported.empty:
        return []
    by_id = {str(r["source_id"]): r for r in imported.to_dict("records")}
    return [by_id[i] for i in _ids(rows) if i in by_id]


def _when(stamp: object) -> str:
    """ "2026-12-03 07:38 UTC" from an ISO 8601 time."""
    moment = pd.to_datetime(stamp, errors="coerce", utc=True)
    return "an unknown time" if pd.isna(moment) else moment.strftime("%Y-%m-%d %H:%M UTC")


def _day(stamp: object) -> str:
    moment = pd.to_datetime(stamp, errors="coerce")
    return "an unknown date" if pd.isna(moment) else moment.strftime("%Y-%m-%d")


def _who(source: Mapping) -> str:
    return "you" if source.get("imported_by") == BY_YOU else "the operator"


def restricted(source: Mapping) -> bool:
    """The publisher's terms forbid passing raw rows on (ACLED)."""
    value = source.get("raw_rows_downloadable")
    return value is False or (isinstance(value, str) and value.lower() == "false")


def entry_text(source: Mapping) -> str:
    """One imported file's source entry in words: who, file, format, publisher, SHA-256, time."""
    return (
        f"⇪ Imported by {_who(source)}: {source.get('file_name')} "
        f"({source.get('format_label') or source.get('format')}; "
        f"publisher {source.get('publisher')}; SHA-256 {str(source.get('sha256'))[:16]}…; "
        f"imported {_when(source.get('imported_at'))})."
    )


def attribution_text(source: Mapping, filters_text: str) -> str:
    """What a publisher whose terms forbid passing raw rows on (ACLED) asks of every view:
    its attribution, the access date and the filters, and that rows are not handed out."""
    accessed = source.get("accessed")
    when = (
        f"accessed {_day(accessed)}"
        if accessed and not pd.isna(accessed)
        else f"access date not stated (imported {_day(source.get('imported_at'))})"
    )
    return (
        f"{source.get('publisher')} data ({source.get('file_name')}): "
        f"{source.get('attribution') or source.get('publisher')}; {when}; "
        f"filters: {filters_text or 'none'}; its raw rows are shown, never passed on "
        "(the publisher's terms)."
    )


def import_notes(
    rows: pd.DataFrame | Iterable[str], sources: pd.DataFrame, filters_text: str
) -> list[str]:
    """The lines under a chart, map or table drawn from imported rows: each imported file's
    source entry, and the attribution a restricted publisher asks for."""
    notes: list[str] = []
    for source in cited_imports(rows, sources):
        notes.append(entry_text(source))
        if restricted(source):
            notes.append(attribution_text(source, filters_text))
    return notes


def row_markers(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.Series | None:
    """Per row, the marker an imported row shows in place of its verification label
    ("⇪ Imported by you (acled.csv)"); None on other rows. None when no row is imported."""
    if "source_id" not in rows.columns or rows.empty:
        return None
    cited = cited_imports(rows, sources)
    if not cited:
        return None
    words = {str(s["source_id"]): f"⇪ Imported by {_who(s)} ({s.get('file_name')})" for s in cited}
    marks = rows["source_id"].astype(str).map(words)
    return marks.astype(object).where(marks.notna(), None).reset_index(drop=True)
