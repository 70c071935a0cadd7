"""Tables as a reader sees them: headers in words with their units, codes in words, country
names beside their codes, lists as readable text, dates as precise as the source gives them.

Pure pandas (the UI layer turns `ColumnSpec`s into Streamlit column settings). Only the rows on
screen go through `readable` (a page of a long table, never the whole of it); numbers stay
numbers, so a column still sorts by value, and the UI formats them by unit. Downloads never pass
through here: they keep the raw field names and values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard_core.data.contract import LIST_SEPARATOR
from dashboard_core.data.dictionary import field_doc, field_label
from dashboard_core.data.naming import map_source_titles
from dashboard_core.data.provenance import (
    VERIFICATION_COLUMN,
    each_distinct,
    flagged_order,
    source_titles,
    titles_in_text,
    verification_labels,
)
from dashboard_core.data.vocabulary import is_coded, words_for

# printf-style number formats by unit (Streamlit's NumberColumn; "%,.0f" = thousands separated)
UNIT_FORMATS: dict[str, str] = {
    "USD": "%,.0f",
    "people": "%,.0f",
    "km": "%,.0f",
    "year": "%d",
    "degrees": "%.4f",
    "USD per EUR": "%.4f",
    "per 1,000 inhabitants": "%.2f",
}
ID_FORMAT = "%d"  # identifiers are never thousands separated
COUNT_FORMAT = "%,d"
DECIMAL_FORMAT = "localized"
# Columns holding ';'-joined lists of ISO3 codes, and of other things (shown ", "-joined).
COUNTRY_LIST_COLUMNS: frozenset[str] = frozenset({"countries"})
LIST_COLUMNS: frozenset[str] = frozenset(
    {"financiers", "waypoint_names", "waypoints", "corridor_ids", "source_id", "kind"}
)
# Dates shown as precisely as `date_precision` says: 2022-09-14, 2022-09, 2022 (text that still
# sorts in date order).
PRECISE_DATE_COLUMNS: tuple[str, ...] = ("date_start", "date_end", "date")
WIDE_TEXT_COLUMNS: frozenset[str] = frozenset(
    {"summary", "note", "title", "description", "cited_source", "actors", "text"}
)
# Columns holding source ids (';'-lists, "a+b" for a sum over two tables): shown as titles.
SOURCE_COLUMNS: frozenset[str] = frozenset({"source_id", "fx_source_id"})
# The project's own words, which may quote a source by its id ("as of Dec 2025 (psm14)").
QUOTING_COLUMNS: frozenset[str] = WIDE_TEXT_COLUMNS | {"not_preferred_reason"}
# Columns shown next to another one (the scale and currency of a published value belong with it).
BESIDE: dict[str, tuple[str, ...]] = {"value_original": ("unit_original", "currency_original")}


@dataclass(frozen=True)
class ColumnSpec:
    """How one column is shown: header, kind (text, number, date, checkbox), number format,
    tooltip, width."""

    name: str
    label: str
    kind: str
    number_format: str | None = None
    help: str = ""
    width: str | None = None
    pinned: bool = False


def is_country_column(column: str) -> bool:
    return column == "iso3" or column.endswith("_iso3")


def country_text(code: object, names: Mapping[str, str]) -> object:
    """ "Tajikistan (TJK)"; a code without a name stays the code; a gap stays a gap."""
    if code is None or code is pd.NA or (isinstance(code, float) and pd.isna(code)):
        return None
    text = str(code).strip()
    if not text:
        return None
    name = names.get(text)
    return f"{name} ({text})" if name and name != text else text


def _list_text(cell: object, names: Mapping[str, str] | None = None) -> object:
    if not isinstance(cell, str) or not cell.strip():
        return None if not isinstance(cell, str) else cell
    parts = [p.strip() for p in cell.split(LIST_SEPARATOR) if p.strip()]
    if names is not None:
        parts = [names.get(p, p) for p in parts]
    return ", ".join(parts)


def precise_date(value: object, precision: object) -> object:
    """A date written as precisely as the source gives it."""
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    stamp = pd.Timestamp(value)
    level = str(precision) if isinstance(precision, str) else "day"
    if level == "year":
        return f"{stamp.year}"
    if level == "quarter":
        return f"{stamp.year} Q{(stamp.month - 1) // 3 + 1}"
    if level == "month":
        return stamp.strftime("%Y-%m")
    return stamp.strftime("%Y-%m-%d")


PREFERENCE_WORDS: dict[bool, str] = {True: "Preferred", False: "Other reading"}


def _ordered(columns: list[str]) -> list[str]:
    # which reading a row is, and why not the preferred one, right after its value (or its
    # verification), before the long tail of provenance columns
    front = [c for c in ("preferred", "not_preferred_reason") if c in columns]
    out = [c for c in columns if c not in front]
    if front:
        anchor = next((c for c in ("value_usd", "value", VERIFICATION_COLUMN) if c in out), None)
        at = out.index(anchor) + 1 if anchor else 0
        out[at:at] = front
    for anchor, companions in BESIDE.items():
        if anchor not in out:
            continue
        present = [c for c in companions if c in out]
        out = [c for c in out if c not in present]
        at = out.index(anchor) + 1
        out[at:at] = present
    return out


def source_text(cell: object, titles: Mapping[str, str]) -> object:
    """Source ids as titles ("kjfs-2022" -> "Kazakhstan Journal of Foreign Studies, ..."), each
    once; an id without a title stays as it is."""
    if not isinstance(cell, str) or not cell.strip():
        return None if not isinstance(cell, str) else cell
    parts = [p.strip() for chunk in cell.split(LIST_SEPARATOR) for p in chunk.split("+")]
    return "; ".join(dict.fromkeys(titles.get(p, p) for p in parts if p))


def locator_text(locator: object, source_id: object, titles: Mapping[str, str]) -> object:
    """A locator without the source id it may start with (`statkg-4.03.00.18#Sheet!B7` ->
    `Sheet!B7`): the Source column names the file by its title."""
    if not isinstance(locator, str) or not isinstance(source_id, str):
        return locator
    for sid in source_id.split(LIST_SEPARATOR):
        sid = sid.strip()
        if sid in titles and locator.startswith(f"{sid}#"):
            return locator[len(sid) + 1 :]
    return locator


def readable(
    rows: pd.DataFrame,
    dataset: str,
    names: Mapping[str, str],
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The rows as shown on screen (same rows, same column names, values in words): verification
    first as labels, codes as words, countries as "Name (CODE)", lists as text, dates by
    precision, sources by their titles from the clean `sources` table (a Source column by title
    and publisher, an id quoted in a note by its short title; the Data page's list of sources
    keeps its ids, the key of the downloads). Pass only the rows on screen."""
    listing = dataset == "sources-list"
    titles = {} if listing else source_titles(sources)
    quoted = {} if listing else map_source_titles(sources)
    rows = rows.reset_index(drop=True)
    out = rows[_ordered(flagged_order(list(rows.columns)))].copy()
    if VERIFICATION_COLUMN in out.columns:
        out[VERIFICATION_COLUMN] = verification_labels(rows[VERIFICATION_COLUMN])
    precision = out["date_precision"] if "date_precision" in out.columns else None
    for column in out.columns:
        series = out[column]
        if column == VERIFICATION_COLUMN:
            continue
        if precision is not None and column in PRECISE_DATE_COLUMNS:
            out[column] = [precise_date(v, p) for v, p in zip(series, precision, strict=True)]
        elif column == "preferred":  # in words: which reading the charts and figures use
            out[column] = series.astype(object).map(
                lambda v: None if _gap(v) else PREFERENCE_WORDS[bool(v)]
            )
        elif not _is_text(series):
            continue
        elif column in SOURCE_COLUMNS and titles:
            out[column] = _each_value(series, lambda v: source_text(v, titles))
        elif column == "locator" and titles and "source_id" in rows.columns:
            ids = rows["source_id"].reset_index(drop=True)
            out[column] = [locator_text(v, i, titles) for v, i in zip(series, ids, strict=True)]
        elif is_country_column(column):
            out[column] = _each_value(series, lambda v: country_text(v, names))
        elif column in COUNTRY_LIST_COLUMNS:
            out[column] = _each_value(series, lambda v: _list_text(v, names))
        elif is_coded(dataset, column):
            out[column] = _each_value(series, lambda v, c=column: words_for(dataset, c, v))
        elif column in LIST_COLUMNS:
            out[column] = _each_value(series, _list_text)
        elif column in QUOTING_COLUMNS and quoted:
            out[column] = _each_value(series, lambda v: titles_in_text(v, quoted) or None)
        else:
            out[column] = pd.Series(_as_objects(series), index=series.index, dtype=object)
    return out


def _each_value(series: pd.Series, words: Callable[[object], object]) -> pd.Series:
    """`words` of every distinct value, mapped back onto the rows (a page holds few distinct
    codes); gaps stay gaps."""
    return each_distinct(series, words)


def _as_objects(series: pd.Series) -> np.ndarray:
    """The values as Python objects, every gap (None, NaN, NA, NaT) as None."""
    values = series.to_numpy(dtype=object, copy=True)
    values[pd.isna(values)] = None
    return values


def _gap(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _is_text(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series) or pd.api.types.is_object_dtype(series)


def _number_format(dataset: str, column: str, series: pd.Series) -> str:
    unit = field_doc(dataset, column).unit
    if unit in UNIT_FORMATS:
        return UNIT_FORMATS[unit]
    if column.endswith("id") or column.endswith("_year") or column == "year":
        return ID_FORMAT
    if pd.api.types.is_integer_dtype(series):
        return COUNT_FORMAT
    return DECIMAL_FORMAT


VERIFICATION_HELP = (
    "Official release: from a publisher's data file · Verified in source document: re-found at "
    "its line by machine · ⚠ Reported: source not at hand, check before quoting"
)


def _help(dataset: str, column: str) -> str:
    description = (
        VERIFICATION_HELP
        if column == VERIFICATION_COLUMN
        else field_doc(dataset, column).description
    )
    where = f"Column `{column}` in the downloads."
    return f"{description}. {where}" if description else where


def column_specs(shown: pd.DataFrame, dataset: str) -> list[ColumnSpec]:
    """One `ColumnSpec` per column of a `readable` frame."""
    specs = []
    for column in shown.columns:
        series = shown[column]
        label = field_label(dataset, str(column))
        if label == str(column):  # a header that happens to equal the field name: say it once more
            label = label[:1].upper() + label[1:]
        help_text = _help(dataset, str(column))
        if pd.api.types.is_bool_dtype(series):
            specs.append(ColumnSpec(column, label, "checkbox", help=help_text))
        elif pd.api.types.is_numeric_dtype(series):
            fmt = _number_format(dataset, str(column), series)
            specs.append(ColumnSpec(column, label, "number", fmt, help_text))
        elif pd.api.types.is_datetime64_any_dtype(series):
            specs.append(ColumnSpec(column, label, "date", "YYYY-MM-DD", help_text))
        else:
            width = "large" if column in WIDE_TEXT_COLUMNS else None
            pinned = column == VERIFICATION_COLUMN
            specs.append(ColumnSpec(column, label, "text", None, help_text, width, pinned))
    return specs
