"""Provenance text shown on screen: source captions, verification flags, the citation of a view."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from dashboard_core.data.contract import LIST_SEPARATOR, VERIFICATION_LABELS, VERIFICATION_LEVELS
from dashboard_core.data.formatting import EMPTY_CELL, clean_text
from dashboard_core.data.memo import IdentityMemo

APP_NAME = "Central Asia Monitor"
# A summary row lists several sources with ';'; a figure computed from two sources (exports of
# one table + imports of another) names them joined with '+'.
SOURCE_ID_SPLIT = re.compile(r"[;+]")
VERIFICATION_COLUMN = "verification"
REPORTED = "reported"
IMPORTED = "imported"
# A summary frame's count of the table rows each of its rows stands for (`Store.counts`).
ROW_COUNT = "row_count"


def verification_label(level: object) -> str:
    """Human label for a verification code; a missing or unknown code says so."""
    if level is None or (isinstance(level, float) and pd.isna(level)) or level is pd.NA:
        return "Unknown"
    parts = [p.strip() for p in str(level).split(LIST_SEPARATOR) if p.strip()]
    if not parts:  # a row with no figure (e.g. "no data"): nothing was verified
        return EMPTY_CELL
    if len(parts) > 1:  # a summary row mixing levels: the weakest first, so ⚠ stays visible
        parts.sort(key=lambda p: -VERIFICATION_LEVELS.index(p) if p in VERIFICATION_LEVELS else 1)
        return " + ".join(verification_label(p) for p in parts)
    return VERIFICATION_LABELS.get(str(level), f"Unknown ({level})")


def flag_verification(df: pd.DataFrame) -> pd.DataFrame:
    """A display copy: `verification` shown as labels (⚠ on reported rows) in the first column."""
    if VERIFICATION_COLUMN not in df.columns:
        return df
    out = df[flagged_order(list(df.columns))].copy()
    out[VERIFICATION_COLUMN] = verification_labels(df[VERIFICATION_COLUMN])
    return out


def flagged_order(columns: list[str]) -> list[str]:
    """The columns with `verification` first, as `flag_verification` shows them."""
    if VERIFICATION_COLUMN not in columns:
        return columns
    return [VERIFICATION_COLUMN, *(c for c in columns if c != VERIFICATION_COLUMN)]


def verification_labels(levels: pd.Series) -> pd.Series:
    """`verification_label` of every value (a gap reads "Unknown")."""
    return each_distinct(levels, verification_label, verification_label(None))


def each_distinct(
    values: pd.Series, words: Callable[[object], object], gap: object = None
) -> pd.Series:
    """`words` of every distinct value, worked out once each and mapped back onto the rows (a
    page holds few distinct values); a gap (None, NaN, NA, NaT) gives `gap`."""
    plain = values.to_numpy(dtype=object, copy=True)
    gaps = pd.isna(plain)
    known: dict[object, object] = {}
    out = []
    for value, missing in zip(plain, gaps, strict=True):
        if missing:
            out.append(gap)
            continue
        if value not in known:
            known[value] = words(value)
        out.append(known[value])
    return pd.Series(out, index=values.index, dtype=object)


def row_total(rows: pd.DataFrame) -> int:
    """How many table rows a frame stands for: its length, or the sum of its ROW_COUNT column
    (a store's counts per group stand for the rows they count)."""
    if ROW_COUNT in rows.columns:
        return int(rows[ROW_COUNT].sum())
    return len(rows)


def _counts_of(rows: pd.DataFrame, column: str) -> pd.Series:
    if ROW_COUNT in rows.columns:
        return rows.groupby(column, sort=False)[ROW_COUNT].sum().sort_values(ascending=False)
    return rows[column].value_counts()


def verification_counts(rows: pd.DataFrame) -> dict[str, int]:
    """Rows per verification level, every known level present (0 when absent)."""
    if VERIFICATION_COLUMN not in rows.columns:
        return {}
    counts = _counts_of(rows, VERIFICATION_COLUMN).to_dict() if len(rows) else {}
    return {level: int(counts.get(level, 0)) for level in VERIFICATION_LEVELS}


def _cited_ids(rows: pd.DataFrame | Iterable[str]) -> list[str]:
    """Source ids ordered by how many rows cite them (most first), then by id."""
    if isinstance(rows, pd.DataFrame):
        if "source_id" not in rows.columns or rows.empty:
            return []
        counts: dict[str, int] = {}
        for cell, n in _counts_of(rows, "source_id").items():
            for part in SOURCE_ID_SPLIT.split(str(cell)):
                if part.strip():
                    counts[part.strip()] = counts.get(part.strip(), 0) + int(n)
        return sorted(counts, key=lambda sid: (-counts[sid], sid))
    return sorted({str(s) for s in rows if s is not None})


def _present(value: object) -> bool:
    return (
        value is not None
        and value is not pd.NA
        and not (isinstance(value, float) and pd.isna(value))
        and bool(str(value).strip())
    )


def short_title(title: str, limit: int = 80) -> str:
    """A caption-sized title: no trailing "(...)" note, the head before ": " when that head is
    itself a name, cut at a word boundary."""
    text = re.sub(r"\s*\([^()]*\)\s*$", "", title.strip()) or title.strip()
    head, sep, _ = text.partition(": ")
    if sep and len(text) > 60 and len(head) >= 20:
        text = head
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def short_publisher(publisher: str) -> str:
    """`Statistics Agency ... (stat.uz)` -> `stat.uz`; unknown publishers are left out."""
    text = publisher.split(";")[0].strip()  # the first of several publishers
    if text.lower().startswith("not stated"):
        return ""
    match = re.search(r"\(([^()]+)\)\s*$", text)
    if match:
        return match.group(1)
    return text if len(text) <= 40 else ""


def source_name(source: Mapping[str, object]) -> str:
    """`Short title (publisher)`, saying the publisher only when the title does not."""
    title = short_title(str(source["title"])) if _present(source.get("title")) else ""
    publisher = (
        short_publisher(str(source["publisher"])) if _present(source.get("publisher")) else ""
    )
    if title and publisher and publisher.lower() not in title.lower():
        return f"{title} ({publisher})"
    return title or publisher or str(source.get("source_id", "unknown source"))


_BY_ID: IdentityMemo[dict[str, dict]] = IdentityMemo(8)


def sources_by_id(sources: pd.DataFrame) -> dict[str, dict]:
    """The sources table as {source_id: row}, built once per table object (read-only)."""
    return _sources_by_id(sources)


def _sources_by_id(sources: pd.DataFrame) -> dict[str, dict]:
    return _BY_ID.get(
        (sources,), lambda: {str(r["source_id"]): r for r in sources.to_dict("records")}
    )


def source_titles(sources: pd.DataFrame | None) -> dict[str, str]:
    """source_id -> `source_name` (title and publisher) of every source, for tables on screen."""
    if sources is None or sources.empty:
        return {}
    return {sid: source_name(rec) for sid, rec in _sources_by_id(sources).items()}


_ID_PATTERNS: dict[tuple[str, ...], re.Pattern] = {}


def titles_in_text(text: object, titles: Mapping[str, str]) -> object:
    """Project text with every source id it quotes as a whole word ("as of Dec 2025 (psm14)")
    replaced by that source's title (`titles`: id -> title, say `naming.map_source_titles`)."""
    if not isinstance(text, str) or not titles:
        return text
    ids = tuple(sorted(titles, key=len, reverse=True))
    pattern = _ID_PATTERNS.get(ids)
    if pattern is None:
        words = "|".join(re.escape(i) for i in ids)
        pattern = re.compile(rf"(?<![\w.-])({words})(?![\w-])")
        _ID_PATTERNS.clear()
        _ID_PATTERNS[ids] = pattern
    return pattern.sub(lambda m: titles[m.group(1)], text)


def source_caption(
    rows: pd.DataFrame | Iterable[str], sources: pd.DataFrame, max_named: int = 3
) -> str:
    """One caption line naming the sources of the rows behind a chart, map or figure."""
    if not isinstance(rows, pd.DataFrame):
        return _source_caption(rows, sources, max_named)
    # a cached figure brings the same rows on every rerun: its caption is written once
    return _CAPTIONS.get(
        (rows, sources), lambda: _source_caption(rows, sources, max_named), max_named
    )


_CAPTIONS: IdentityMemo[str] = IdentityMemo(64)


def _source_caption(
    rows: pd.DataFrame | Iterable[str], sources: pd.DataFrame, max_named: int
) -> str:
    ids = _cited_ids(rows)
    if not ids:
        return "Sources: none (no rows match the filters)."
    by_id = _sources_by_id(sources)
    names = [source_name(by_id.get(sid, {"source_id": sid})) for sid in ids]
    unique_names = list(dict.fromkeys(names))
    shown = "; ".join(unique_names[:max_named])
    more = len(unique_names) - max_named
    caption = f"Source{'s' if len(unique_names) > 1 else ''}: {shown}"
    if more > 0:
        caption += f"; and {more} more (see Data & sources)"
    caption += "."
    if isinstance(rows, pd.DataFrame):
        counts = verification_counts(rows)
        reported = counts.get(REPORTED, 0)
        if reported:
            caption += (
                f" ⚠ {reported} of {row_total(rows)} figures are reported (source not at hand): "
                "check before quoting."
            )
        imported = counts.get(IMPORTED, 0)
        if imported:
            caption += f" ⇪ {imported} of {row_total(rows)} figures come from imported files."
    return caption


def view_url(base_url: str, query: Mapping[str, Iterable[str] | str]) -> str:
    """The URL of the current view: page address plus the filters as repeated parameters."""
    pairs: list[tuple[str, str]] = []
    for key, values in query.items():
        for value in [values] if isinstance(values, str) else list(values):
            pairs.append((key, value))
    encoded = urlencode(pairs)
    return f"{base_url}?{encoded}" if encoded else base_url


def citation_text(
    page_title: str,
    url: str,
    data_version: str,
    filters_text: str,
    accessed: date,
) -> str:
    """A plain-text citation of the current view (page, filters, data version, URL, date)."""
    return (
        f"{APP_NAME} ({accessed.year}). {page_title} [{filters_text}]. "
        f"Data version {data_version}. {url} (accessed {accessed.isoformat()})."
    )


# Imported rows rank last: they come from a publisher file, but one the project has not reviewed.
VERIFICATION_RANK = {"official_release": 0, "seed_verified": 1, "reported": 2, "imported": 3}


def verification_rank(values: pd.Series) -> pd.Series:
    """0 official, 1 verified in a document, 2 reported, 3 imported, 9 unknown (float)."""
    return pd.Series(ranked(values, VERIFICATION_RANK, 9.0), index=values.index)


def ranked(values: pd.Series, ranks: Mapping[str, float], missing: float) -> np.ndarray:
    """Each value's rank (`missing` for a value not in `ranks` and for a gap), looked up once
    per distinct value, not once per row."""
    codes, uniques = pd.factorize(values)
    table = np.array([ranks.get(v, missing) for v in uniques] + [missing], dtype=float)
    return table[codes]


def best_verified(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per `keys`: best verification, then smallest source_id."""
    if df.empty:
        return df
    work = df.assign(_rank=verification_rank(df["verification"]), _sid=df["source_id"].astype(str))
    work = work.sort_values([*keys, "_rank", "_sid"], kind="stable")
    return work.drop_duplicates(keys, keep="first").drop(columns=["_rank", "_sid"])


def source_label(
    source_id: object,
    locator: object = None,
    verification: object = None,
    sources: pd.DataFrame | None = None,
    cited: object = None,
) -> str:
    """'Title (publisher), L211 · ⚠ Reported' with the seed's own citation when it names one."""
    sid = clean_text(source_id)
    title = sid
    if sources is not None and not sources.empty and sid:
        record = _sources_by_id(sources).get(sid)  # indexed once per table: called per row
        if record is not None:
            title = clean_text(record.get("title")) or sid
    parts = [title]
    if clean_text(locator):
        parts[0] += f", {clean_text(locator)}"
    if clean_text(cited):
        parts.append(f"citing {clean_text(cited)}")
    if clean_text(verification):
        parts.append(VERIFICATION_LABELS.get(clean_text(verification), clean_text(verification)))
    return " · ".join(parts)
