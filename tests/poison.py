"""A copy of data/ whose every text column carries markup, for the escaping tests (AppTest and
browser). Every text value gets `PAYLOAD` appended; identifiers (source, corridor, incident and
event ids) get `ID_PAYLOAD` appended in every table and layer that names them, so the references
still hold and the pages still draw. Codes and closed vocabularies (ISO3 codes, flows, statuses,
verification levels, ...) are left alone: the pages select rows by them, and the build refuses
any other value.

Every payload names the host `ev.io`: a live element or a request carrying it means markup from
the data reached the page.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd

HOST = "ev.io"
PAYLOAD = (
    f' <img src=//{HOST}/p.png onerror="window.__pwn=1" class=cam-pwn>'
    f"[SIGN IN](//{HOST}/l) ![](//{HOST}/i.png) www.{HOST} https://{HOST}/a :streamlit: "
    f'$\\href{{//{HOST}}}{{x}}$ <iframe srcdoc="<script>parent.__pwn=1</script>"></iframe>'
    f"<a href=//{HOST} class=cam-pwn style=position:fixed>x</a> :red[fake]"
)
ID_PAYLOAD = f"<img src=//{HOST}/id.png class=cam-pwn>"

# Raw fragments of the payloads: none may reach Markdown or HTML unescaped.
MARKDOWN_MARKERS = (
    f"](//{HOST}",
    "![](",
    f"www.{HOST}",
    f"https://{HOST}",
    ":streamlit:",
    "<img src=",
    "<iframe",
    "<a href=",
    "$\\href",
    ":red[",
)
HTML_MARKERS = ("<img src=", "<iframe", "<a href=", "<script")
# Escaped forms, to show the payload did reach the page (else the test could not fail).
ESCAPED_MARKDOWN = "\\<img"
ESCAPED_HTML = "&lt;img"

ID_COLUMNS = frozenset({"source_id", "fx_source_id", "corridor_id", "incident_id", "event_id"})
LIST_ID_COLUMNS = frozenset({"corridor_ids"})
LIST_TEXT_COLUMNS = frozenset({"waypoint_names"})
# Codes and closed vocabularies: the pages select rows by them.
KEPT_COLUMNS = frozenset(
    {
        "iso3",
        "iso2",
        "countries",
        "group",
        "kind",
        "verification",
        "flow",
        "measure",
        "commodity",
        "currency_original",
        "population_type",
        "date_precision",
        "geo_precision",
        "event_type",
        "mode",
        "status",
        "geometry_precision",
        "category",
        "waypoints",
        "period_type",
        "unit_original",
        "subtype",
        "partner_code_original",
    }
)


def _each(cell: object, change: Callable[[str], str]) -> object:
    if cell is None or cell is pd.NA or (isinstance(cell, float) and pd.isna(cell)):
        return cell
    return ";".join(change(part) for part in str(cell).split(";"))


def poison_id(value: str) -> str:
    return f"{value}{ID_PAYLOAD}" if value else value


def poison_text(value: str) -> str:
    return f"{value}{PAYLOAD}" if value else value


def poison_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if column in KEPT_COLUMNS or column.endswith("_iso3"):
            continue
        if not (pd.api.types.is_string_dtype(out[column]) or out[column].dtype == object):
            continue
        if column in ID_COLUMNS or column in LIST_ID_COLUMNS:
            out[column] = out[column].map(lambda c: _each(c, poison_id)).astype(out[column].dtype)
        elif column in LIST_TEXT_COLUMNS:
            out[column] = out[column].map(lambda c: _each(c, poison_text)).astype(out[column].dtype)
        else:
            out[column] = (
                out[column]
                .map(lambda c: c if pd.isna(c) else poison_text(str(c)))
                .astype(out[column].dtype)
            )
    return out


def _poison_properties(properties: dict) -> dict:
    out = {}
    for key, value in properties.items():
        if key == "corridor_id":
            out[key] = poison_id(str(value))
        elif key in KEPT_COLUMNS or key.endswith("iso3"):
            out[key] = value
        elif isinstance(value, str):
            out[key] = poison_text(value)
        elif isinstance(value, list):
            out[key] = [poison_text(v) if isinstance(v, str) else v for v in value]
        else:
            out[key] = value
    return out


def _poison_package(package: dict) -> dict:
    package = json.loads(json.dumps(package))
    package["version"] = "poisoned"  # pages cache their views per version: never reuse clean ones
    for source in package.get("sources", []):
        source["id"] = poison_id(str(source.get("id", "")))
        source["title"] = poison_text(str(source.get("title", "")))
    for resource in package.get("resources", []):
        resource["description"] = poison_text(str(resource.get("description", "")))
        resource["sources"] = [poison_id(str(s)) for s in resource.get("sources", [])]
        for field in resource.get("schema", {}).get("fields", []):
            field["description"] = poison_text(str(field.get("description", "")))
    return package


def build_poisoned_data(source: Path, dest: Path) -> Path:
    """Write a poisoned copy of the data folder `source` (clean/ and datapackage.json) to
    `dest`; returns `dest`, ready to be CAM_DATA_DIR."""
    clean = dest / "clean"
    clean.mkdir(parents=True, exist_ok=True)
    for path in sorted((source / "clean").glob("*.parquet")):
        poison_frame(pd.read_parquet(path)).to_parquet(clean / path.name, index=False)
    for path in sorted((source / "clean").glob("*.geojson")):
        collection = json.loads(path.read_text(encoding="utf-8"))
        for feature in collection.get("features", []):
            feature["properties"] = _poison_properties(feature.get("properties") or {})
        (clean / path.name).write_text(json.dumps(collection), encoding="utf-8")
    package = json.loads((source / "datapackage.json").read_text(encoding="utf-8"))
    (dest / "datapackage.json").write_text(json.dumps(_poison_package(package)), encoding="utf-8")
    return dest


def copy_data(source: Path, dest: Path) -> Path:
    """A plain copy of clean/ and datapackage.json (to corrupt one file of it)."""
    shutil.copytree(source / "clean", dest / "clean")
    shutil.copy2(source / "datapackage.json", dest / "datapackage.json")
    return dest
