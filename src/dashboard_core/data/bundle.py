"""The download bundle of one table, the way a data publisher ships it: the rows as CSV, a
`datapackage.json` describing exactly those rows (a Frictionless Tabular Data Package: fields
with types, units and meanings, the sources they cite with licences and citations) and a
`README.md` written for a person (what the table is, every active filter in words, the data
version, when it was downloaded, how to cite it, the licence terms that travel with the data,
and the caveats). Parquet downloads carry the same two texts in the file's key-value metadata.

Pure Python: the UI layer builds a `BundleContext` and calls `bundle_zip` only when the button
is clicked.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from dashboard_core.data.dictionary import TABLE_DESCRIPTIONS, field_doc, field_label
from dashboard_core.data.exports import sources_for_rows, to_csv_bytes, to_parquet_bytes
from dashboard_core.data.filters import FilterChoice
from dashboard_core.data.formatting import clean_text, count_text, escape_markdown_text
from dashboard_core.data.periods import period_kinds
from dashboard_core.data.provenance import APP_NAME, verification_counts

README_NAME = "README.md"
DATAPACKAGE_NAME = "datapackage.json"
PARQUET_KEYS = ("datapackage.json", "README.md")  # key-value metadata of a Parquet download
CSV_ENCODING = "utf-8-sig"  # the CSV starts with a byte-order mark so Excel reads names right

# Open Definition licence ids for the licence texts the sources table uses; anything else is
# passed on in words as "other" (never guessed into an open licence).
LICENCE_IDS: tuple[tuple[str, str, str], ...] = (
    (r"\bCC[ -]?BY[ -]?4\.0\b", "CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
    (r"\bCC0\b", "CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    (r"public domain", "other-pd", ""),
    (r"all rights reserved", "other-closed", ""),
    (r"attribution|acknowledg", "other-at", ""),
    (r"^not stated", "notspecified", ""),
)
LICENCE_TERMS = {
    "CC-BY-4.0": "reuse allowed, also commercially, if you credit the source and say what you "
    "changed",
    "CC0-1.0": "no conditions",
    "other-pd": "public domain: no conditions",
    "other-closed": "all rights reserved: the figures are quoted as facts with their source; do "
    "not copy the document's text",
    "other-at": "reuse allowed with the source acknowledged",
    "notspecified": "no licence stated: the figures are quoted as facts with their source; "
    "check with the publisher before reusing more than the figures",
}
VERIFICATION_WORDS = {
    "official_release": "official release (taken from a publisher's data file)",
    "seed_verified": "verified in the source document (found at the cited line by machine)",
    "reported": "reported (from a named publication not at hand: check before quoting)",
    "imported": "imported (from a publisher file a user supplied, not reviewed by the project)",
}
FULL_DATASET_WORDS = "none: the full dataset, every row"


@dataclass(frozen=True)
class BundleContext:
    """What a bundle says about its rows besides the rows themselves."""

    dataset: str  # "displacement"
    page_title: str  # "Displacement"
    choices: tuple[FilterChoice, ...]  # every active filter in words (empty: the full dataset)
    data_version: str
    accessed: datetime
    view_url: str = ""
    filtered: bool = True

    @property
    def tokens(self) -> tuple[str, ...]:
        if not self.filtered:
            return ("full",)
        return tuple(c.token for c in self.choices if c.token)

    @property
    def accessed_text(self) -> str:
        return self.accessed.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def stem(ctx: BundleContext) -> str:
    """The name every file of the bundle shares: `displacement_TJK_2015-2024_refugees_hosted`."""
    parts = [ctx.dataset, *ctx.tokens]
    cleaned = [re.sub(r"[^A-Za-z0-9-]+", "-", str(p)).strip("-") for p in parts]
    return "_".join(p for p in cleaned if p)


def package_name(ctx: BundleContext) -> str:
    """A Frictionless package name (lower case letters, digits, `-`, `_`, `.`)."""
    return re.sub(r"[^a-z0-9._-]+", "-", f"central-asia-monitor_{stem(ctx)}".lower())


def frictionless_type(column: str, series: pd.Series, dataset: str) -> str:
    """The Table Schema type of a column as written to CSV."""
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date" if _dates_only(series) else "datetime"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"  # even for whole values: a float column prints "2015.0"
    return "string"


def _dates_only(series: pd.Series) -> bool:
    values = series.dropna()
    if values.empty:
        return True
    if getattr(values.dt, "tz", None) is not None:
        return False
    return bool((values == values.dt.normalize()).all())


def schema_fields(rows: pd.DataFrame, dataset: str) -> list[dict]:
    """Table Schema fields: name, type, title (the header on screen), description, unit."""
    fields = []
    for column in rows.columns:
        name = str(column)
        doc = field_doc(dataset, name)
        field = {
            "name": name,
            "type": frictionless_type(name, rows[column], dataset),
            "title": field_label(dataset, name),
        }
        if field["type"] == "date":
            field["format"] = "%Y-%m-%d"
        if doc.description:
            field["description"] = doc.description
        if doc.unit:
            field["unit"] = doc.unit
        fields.append(field)
    return fields


def licence_of(text: object) -> dict:
    """A Frictionless licence for a source's licence text (its words kept as the title)."""
    words = clean_text(text) or "not stated"
    for pattern, ident, path in LICENCE_IDS:
        if re.search(pattern, words, flags=re.IGNORECASE):
            licence = {"name": ident, "title": words}
            if path:
                licence["path"] = path
            return licence
    return (
        {"name": "other-at", "title": words}
        if "reuse" in words.lower()
        else {
            "name": "notspecified",
            "title": words,
        }
    )


def _known(value: object) -> str:
    """The text, or "" for a placeholder such as "not stated in the file"."""
    text = clean_text(value)
    return "" if text.lower().startswith("not ") else text


def citation_of(source: dict) -> str:
    """A reference for one source: author or publisher, date, title, publisher, address."""
    publisher = _known(source.get("publisher"))
    who = _known(source.get("author")) or publisher
    when = clean_text(source.get("published"))
    title = clean_text(source.get("title"))
    parts = [p for p in (who, f"({when})" if when else "") if p]
    text = " ".join(parts)
    text = f"{text}. {title}." if text else f"{title}."
    if publisher and publisher != who and publisher not in title:
        text += f" {publisher}."
    url = clean_text(source.get("url"))
    if url:
        text += f" {url}"
    retrieved = clean_text(source.get("retrieved"))
    if retrieved:
        text += f" (retrieved {retrieved})"
    return text.strip()


def _source_entry(source: dict, rows_citing: int) -> dict:
    entry = {"title": clean_text(source.get("title")) or clean_text(source.get("source_id"))}
    url = clean_text(source.get("url"))
    if url:
        entry["path"] = url
    entry.update(
        {
            "id": clean_text(source.get("source_id")),
            "publisher": clean_text(source.get("publisher")),
            "licence": clean_text(source.get("licence")) or "not stated",
            "citation": citation_of(source),
            "rows": rows_citing,
        }
    )
    return entry


def _rows_citing(rows: pd.DataFrame) -> dict[str, int]:
    if "source_id" not in rows.columns:
        return {}
    counts: dict[str, int] = {}
    for cell, n in rows["source_id"].dropna().astype(str).value_counts().items():
        for part in re.split(r"[;+]", cell):
            if part.strip():
                counts[part.strip()] = counts.get(part.strip(), 0) + int(n)
    return counts


def used_sources(rows: pd.DataFrame, sources: pd.DataFrame) -> list[dict]:
    """The sources the rows cite, each with its licence, citation and number of rows."""
    counts = _rows_citing(rows)
    picked = sources_for_rows(rows, sources)
    return [
        _source_entry(rec, counts.get(str(rec["source_id"]), 0))
        for rec in picked.to_dict("records")
    ]


def _licences(sources: Sequence[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for source in sources:
        licence = licence_of(source.get("licence"))
        key = licence["name"] + "|" + licence["title"]
        if key not in seen:
            seen[key] = {**licence, "title": f"{licence['title']} ({source['id']})"}
        else:
            seen[key]["title"] = seen[key]["title"][:-1] + f", {source['id']})"
    return list(seen.values()) or [{"name": "notspecified", "title": "no source cited"}]


def datapackage(
    rows: pd.DataFrame,
    ctx: BundleContext,
    sources: pd.DataFrame,
    path: str | None = None,
    fmt: str = "csv",
) -> dict:
    """A Frictionless Tabular Data Package describing exactly `rows` in the file `path`."""
    used = used_sources(rows, sources)
    resource = {
        "name": re.sub(r"[^a-z0-9._-]+", "-", ctx.dataset.lower()),
        "path": path or f"{stem(ctx)}.{fmt}",
        "profile": "tabular-data-resource",
        "title": f"{ctx.page_title}: {count_text(len(rows), 'row')}",
        "description": TABLE_DESCRIPTIONS.get(ctx.dataset, ctx.page_title),
        "format": fmt,
        "schema": {"fields": schema_fields(rows, ctx.dataset), "missingValues": [""]},
        "sources": used,
        "licenses": _licences(used),
    }
    if fmt == "csv":
        resource.update(mediatype="text/csv", encoding=CSV_ENCODING)
        resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
    else:
        resource["mediatype"] = "application/vnd.apache.parquet"
    package = {
        "profile": "tabular-data-package",
        "name": package_name(ctx),
        "title": f"{APP_NAME}: {ctx.page_title}",
        "description": filters_line(ctx),
        "version": ctx.data_version,
        "created": ctx.accessed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": _licences(used),
        "sources": used,
        "filters": [{"filter": c.label, "value": c.words} for c in ctx.choices],
        "resources": [resource],
    }
    if ctx.view_url:
        package["homepage"] = ctx.view_url
    return package


def filters_line(ctx: BundleContext) -> str:
    if not ctx.filtered:
        return f"Filters: {FULL_DATASET_WORDS}."
    return "Filters: " + "; ".join(f"{c.label}: {c.words}" for c in ctx.choices) + "."


def citation(ctx: BundleContext) -> str:
    """How to cite the download (the app, the view, the version, the date)."""
    scope = "full dataset" if not ctx.filtered else "; ".join(c.words for c in ctx.choices)
    text = (
        f"{APP_NAME} ({ctx.accessed.year}). {ctx.page_title}, {ctx.dataset} table [{scope}]. "
        f"Data version {ctx.data_version}."
    )
    if ctx.view_url:
        text += f" {ctx.view_url}"
    return text + f" (accessed {ctx.accessed.astimezone(UTC).date().isoformat()})."


def _partial_rows(rows: pd.DataFrame) -> int:
    if not {"period_start", "period_end"} <= set(rows.columns) or rows.empty:
        return 0
    kinds = period_kinds(rows["period_start"], rows["period_end"])
    return int((kinds != "year").sum())


def _verb(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def caveats(rows: pd.DataFrame, dataset: str) -> list[str]:
    """What a reader must know before using the numbers, from what the rows hold."""
    out = []
    counts = verification_counts(rows)
    if counts:
        levels = [
            f"{count_text(n, 'row')} {VERIFICATION_WORDS.get(level, level.replace('_', ' '))}"
            for level, n in counts.items()
            if n
        ]
        if levels:
            out.append("Verification: " + "; ".join(levels) + ".")
    partial = _partial_rows(rows)
    if partial:
        out.append(
            f"Partial years: {count_text(partial, 'row')} {_verb(partial, 'covers', 'cover')} "
            "less than a full calendar year (see `period_start` and `period_end`): never "
            "compare such a row with a full-year figure or add it to one."
        )
    if "preferred" in rows.columns:
        others = int((rows["preferred"] == False).sum())  # noqa: E712 - a nullable column
        out.append(
            "Preferred series: where several rows answer the same question for the same pair and "
            "period, `preferred` marks the one the app shows in its figures; "
            f"{count_text(others, 'row')} {'is an' if others == 1 else 'are'} other "
            f"{'reading' if others == 1 else 'readings'}, kept for comparison. Add up preferred "
            "rows only."
        )
    else:
        out.append(
            "Several sources can give a figure for the same question: all are listed, one row "
            "each. Never add rows from different sources together."
        )
    out.append(
        "Rounding: values are as the sources publish them, not rounded by the app (screens round "
        "for reading). UNHCR rounds small figures to protect people; trade figures published in "
        "euros are converted at the ECB yearly average rate (`fx_rate`)."
    )
    if "fatalities_min" in rows.columns:
        out.append(
            "Casualties: `fatalities_min` and `fatalities_max` keep both ends of a disputed "
            "count; an empty cell means the sources give no figure, never zero."
        )
    if "geometry_precision" in rows.columns or "geo_precision" in rows.columns:
        out.append(
            "Places: schematic corridor lines run straight between named waypoints, and an "
            "incident placed at a border area, province or country is approximate."
        )
    if "measure" in rows.columns and dataset == "trade":
        targets = int((rows["measure"] == "target").sum())
        if targets:
            out.append(
                f"Targets: {count_text(targets, 'row')} {_verb(targets, 'is an', 'are')} "
                f"announced {'target' if targets == 1 else 'targets'}, not trade."
            )
    out.append("Empty cells are gaps in the sources, never zeros.")
    return out


def _md(value: object) -> str:
    return escape_markdown_text(clean_text(value))


def _code(value: object) -> str:
    """Text for inside a code span (which shows backslashes as written): no backticks."""
    return clean_text(value).replace("`", "'")


def readme(rows: pd.DataFrame, ctx: BundleContext, sources: pd.DataFrame, data_name: str) -> str:
    """The bundle's README.md, for a person (`data_name`: the file holding the rows)."""
    used = used_sources(rows, sources)
    lines = [
        f"# {APP_NAME}: {_md(ctx.page_title)} ({_md(ctx.dataset)} table)",
        "",
        "## What this is",
        "",
        f"{_md(TABLE_DESCRIPTIONS.get(ctx.dataset, ctx.page_title))}. This download holds "
        f"{count_text(len(rows), 'row')}, exactly the rows the page showed under the filters "
        "below.",
        "",
        "## Filters applied",
        "",
    ]
    if ctx.filtered:
        lines += [f"- {_md(c.label)}: {_md(c.words)}" for c in ctx.choices]
    else:
        lines.append(f"- {FULL_DATASET_WORDS}")
    lines += [
        "",
        "## Files",
        "",
        f"- `{data_name}`: the rows"
        + (
            ", comma-separated, UTF-8 with a byte-order mark, the field names in the first line."
            if data_name.endswith(".csv")
            else " (this README and the datapackage.json are in its key-value metadata)."
        ),
        f"- `{DATAPACKAGE_NAME}`: the same description for software (a Frictionless Tabular "
        "Data Package: fields, types, units, sources, licences).",
        f"- `{README_NAME}`: this text.",
        "",
        "## Fields",
        "",
        "| field | header on screen | unit | meaning |",
        "|---|---|---|---|",
    ]
    for field in schema_fields(rows, ctx.dataset):
        lines.append(
            f"| `{_code(field['name'])}` | {_md(field['title'])} | {_md(field.get('unit', ''))} | "
            f"{_md(field.get('description', ''))} |"
        )
    lines += [
        "",
        "## Data version and access",
        "",
        f"- Data version: `{ctx.data_version}`",
        f"- Downloaded (accessed): {ctx.accessed_text}",
    ]
    if ctx.view_url:
        lines.append(f"- The view: <{ctx.view_url.replace('>', '%3E').replace(' ', '%20')}>")
    lines += ["", "## How to cite", "", _md(citation(ctx)), ""]
    if used:
        lines += ["Cite the original sources too:", ""]
        lines += [f"- {_md(s['citation'])}" for s in used]
        lines.append("")
    lines += ["## Sources and licence terms", ""]
    lines.append(
        "Every row keeps the licence of its source (the `source_id` column). These terms travel "
        "with the data:"
    )
    lines.append("")
    if not used:
        lines.append("- No row cites a source.")
    for source in used:
        licence = licence_of(source["licence"])
        terms = LICENCE_TERMS.get(licence["name"], "see the publisher's terms")
        lines.append(
            f"- `{_code(source['id'])}`: {_md(source['title'])}; "
            f"{count_text(source['rows'], 'row')}; licence: {_md(source['licence'])} ({terms})."
        )
    lines += ["", "## Caveats", ""]
    lines += [f"- {text}" for text in caveats(rows, ctx.dataset)]  # the app's own words
    return "\n".join(lines) + "\n"


def bundle_zip(rows: pd.DataFrame, ctx: BundleContext, sources: pd.DataFrame) -> bytes:
    """The zip: `<stem>.csv`, `datapackage.json` and `README.md`."""
    frame = rows.reset_index(drop=True)
    csv_name = f"{stem(ctx)}.csv"
    package = datapackage(frame, ctx, sources, path=csv_name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(csv_name, to_csv_bytes(frame))
        archive.writestr(DATAPACKAGE_NAME, json.dumps(package, indent=2, ensure_ascii=False))
        archive.writestr(README_NAME, readme(frame, ctx, sources, csv_name))
    return buffer.getvalue()


def parquet_with_metadata(rows: pd.DataFrame, ctx: BundleContext, sources: pd.DataFrame) -> bytes:
    """The rows as Parquet with the bundle's datapackage.json and README.md in the file's
    key-value metadata (keys `datapackage.json` and `README.md`)."""
    frame = rows.reset_index(drop=True)
    name = f"{stem(ctx)}.parquet"
    package = datapackage(frame, ctx, sources, path=name, fmt="parquet")
    metadata = {
        "datapackage.json": json.dumps(package, ensure_ascii=False),
        "README.md": readme(frame, ctx, sources, name),
    }
    return to_parquet_bytes(frame, metadata)
