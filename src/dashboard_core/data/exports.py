"""Download files built from exactly the rows a page shows: CSV, Excel, Parquet, GeoJSON.

Spreadsheet formats neutralise text that a spreadsheet would run as a formula (OWASP "CSV
injection"): a text cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
apostrophe. Numbers, dates and booleans are never touched. Parquet and GeoJSON keep values as they
are: no spreadsheet evaluates them.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard_core.data.contract import RAW_DOWNLOAD_COLUMN

EXPORT_FORMATS: tuple[str, ...] = ("csv", "xlsx", "parquet", "geojson")
MIME_TYPES: dict[str, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "geojson": "application/geo+json",
}
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
SOURCE_SHEET_COLUMNS: tuple[str, ...] = (
    "source_id", "title", "publisher", "author", "published", "url", "licence", "retrieved", "kind",
)  # fmt: skip
EXCEL_MAX_ROWS = 1_048_575  # one row for the header


def neutralise_cell(value: object) -> object:
    """Prefix a formula-looking text with an apostrophe; anything else comes back unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _is_text_column(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series) or pd.api.types.is_object_dtype(series)


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell neutralised; numeric/date/bool columns are left as they are."""
    out = df.copy()
    for column in out.columns:
        if _is_text_column(out[column]):
            out[column] = (
                out[column].map(neutralise_cell, na_action="ignore").astype(out[column].dtype)
            )
    out.columns = [str(neutralise_cell(str(c))) for c in out.columns]
    return out


def withhold_restricted(rows: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The rows a download may hold, and how many are withheld: imported rows whose publisher's
    terms forbid passing raw rows on (`raw_download_allowed` false) are shown, never handed out."""
    if RAW_DOWNLOAD_COLUMN not in rows.columns:
        return rows, 0
    allowed = rows[RAW_DOWNLOAD_COLUMN].astype("boolean").fillna(True).astype(bool)
    return rows.loc[allowed], int((~allowed).sum())


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """RFC 4180 (CRLF rows, so a stray CR in a cell gets quoted), UTF-8 with a byte-order mark
    (so Excel reads non-Latin names), formula text neutralised."""
    text = neutralise_frame(df).to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\r\n")
    return text.encode("utf-8-sig")


def to_parquet_bytes(df: pd.DataFrame, metadata: Mapping[str, str] | None = None) -> bytes:
    """The rows as Parquet; `metadata` (for example the bundle's datapackage.json and README)
    goes into the file's key-value metadata beside pandas' own."""
    table = pa.Table.from_pandas(df.reset_index(drop=True), preserve_index=False)
    if metadata:
        merged = dict(table.schema.metadata or {})
        merged.update({k.encode(): v.encode("utf-8") for k, v in metadata.items()})
        table = table.replace_schema_metadata(merged)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def sources_for_rows(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The sources table restricted to the source_ids the rows cite, in source_id order."""
    columns = [c for c in SOURCE_SHEET_COLUMNS if c in sources.columns]
    if "source_id" not in rows.columns or rows.empty:
        return sources.iloc[0:0][columns]
    # a summary row cites several sources as a ';' list; a computed figure joins two with '+'
    cited = {
        part.strip()
        for cell in rows["source_id"].dropna().astype(str)
        for part in re.split(r"[;+]", cell)
        if part.strip()
    }
    picked = sources[sources["source_id"].astype(str).isin(cited)][columns]
    return picked.sort_values("source_id").reset_index(drop=True)


def about_rows(
    dataset: str,
    filters_text: str,
    data_version: str,
    row_count: int,
    view_url: str | None = None,
    downloaded_at: datetime | None = None,
) -> list[tuple[str, str]]:
    """Key/value lines for the About sheet: what was filtered, when, from which data version."""
    when = (downloaded_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%S UTC")
    rows = [
        ("Title", "Central Asia Monitor: data download"),
        ("Dataset", dataset),
        ("Filters applied", filters_text),
        ("Rows", str(row_count)),
        ("Downloaded at", when),
        ("Data version", data_version),
        ("View", view_url or ""),
        (
            "Licence",
            "Each row keeps the licence of its source (Sources sheet, joined by source_id).",
        ),
        (
            "Verification",
            "official_release: from a publisher data file; seed_verified: found at `locator` "
            "in a source document; reported: from a named publication not at hand, check before "
            "quoting.",
        ),
    ]
    return [(key, str(neutralise_cell(value))) for key, value in rows]


def _excel_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Neutralised, timezone-free, nullable types turned into plain ones Excel can write."""
    out = neutralise_frame(df)
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            out[column] = series.dt.tz_localize(None)
        elif pd.api.types.is_extension_array_dtype(series) and pd.api.types.is_numeric_dtype(
            series
        ):
            out[column] = series.astype("float64")
        elif _is_text_column(series):
            out[column] = series.astype(object).where(series.notna(), None)
    return out


def _sheet_width(series: pd.Series, title: str) -> int:
    sample = series.head(200).astype(str)
    longest = max([len(title), *sample.str.len().tolist()]) if len(sample) else len(title)
    return min(max(8, longest + 2), 60)


def _write_sheet(writer: pd.ExcelWriter, frame: pd.DataFrame, name: str) -> None:
    frame.to_excel(writer, sheet_name=name, index=False)
    sheet = writer.sheets[name]
    sheet.freeze_panes(1, 0)
    for i, column in enumerate(frame.columns):
        sheet.set_column(i, i, _sheet_width(frame[column], str(column)))


def to_xlsx_bytes(
    rows: pd.DataFrame,
    sources: pd.DataFrame,
    about: Sequence[tuple[str, str]],
    data_sheet: str = "Data",
) -> bytes:
    """A workbook with the rows (`Data`), every source they cite (`Sources`) and `About`."""
    if len(rows) > EXCEL_MAX_ROWS:
        raise ValueError(
            f"{len(rows):,} rows do not fit in one Excel sheet; download CSV or Parquet instead"
        )
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": True}
    with pd.ExcelWriter(
        buffer,
        engine="xlsxwriter",
        date_format="yyyy-mm-dd",
        datetime_format="yyyy-mm-dd",
        engine_kwargs={"options": options},
    ) as writer:
        _write_sheet(writer, _excel_ready(rows.reset_index(drop=True)), data_sheet[:31])
        _write_sheet(writer, _excel_ready(sources_for_rows(rows, sources)), "Sources")
        _write_sheet(writer, pd.DataFrame(list(about), columns=["Field", "Value"]), "About")
    return buffer.getvalue()


def json_safe(value: object) -> object:
    """A value json.dumps accepts, with missing values as null and dates as ISO text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.isoformat()[:10] if _is_midnight(value) else value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return json_safe(value.item())
    return value


def _is_midnight(value: object) -> bool:
    if isinstance(value, datetime):
        return value.hour == value.minute == value.second == 0 and value.microsecond == 0
    return True


def _row_properties(row: Mapping[str, object], skip: Sequence[str] = ()) -> dict[str, object]:
    return {str(k): json_safe(v) for k, v in row.items() if k not in skip}


def features_for_rows(collection: Mapping, rows: pd.DataFrame, key: str) -> dict:
    """The features whose `properties[key]` is among `rows[key]`, each carrying its row's fields
    (geometry from the collection, attributes from the table the user filtered)."""
    by_key = {str(r[key]): r for r in rows.to_dict("records")}
    features = []
    for feature in collection.get("features", []):
        ident = str(feature.get("properties", {}).get(key))
        if ident in by_key:
            properties = {**feature.get("properties", {}), **_row_properties(by_key[ident])}
            features.append({"type": "Feature", "properties": properties, **_geometry(feature)})
    return {"type": "FeatureCollection", "features": features}


def _geometry(feature: Mapping) -> dict:
    return {"geometry": feature.get("geometry")}


def points_to_geojson(rows: pd.DataFrame, lat: str = "lat", lon: str = "lon") -> dict:
    """One Point feature per row with coordinates; rows without coordinates are left out."""
    features = []
    for record in rows.to_dict("records"):
        y, x = json_safe(record.get(lat)), json_safe(record.get(lon))
        if y is None or x is None:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": _row_properties(record, skip=(lat, lon)),
                "geometry": {"type": "Point", "coordinates": [float(x), float(y)]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def to_geojson_bytes(collection: Mapping) -> bytes:
    return json.dumps(collection, ensure_ascii=False, default=json_safe).encode("utf-8")
