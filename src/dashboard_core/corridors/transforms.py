"""Corridor transforms: labels, page filters, the table, line geometry and the schedule."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from dashboard_core.data.contract import TABLE_COLUMNS
from dashboard_core.data.filters import MATCH_ALL, MATCH_ANY, Filters, apply_filters, lists_all
from dashboard_core.data.formatting import clean_text, count_text, format_usd, is_missing
from dashboard_core.data.loading import split_list
from dashboard_core.data.naming import known_country_names
from dashboard_core.data.provenance import source_label
from dashboard_core.data.vocabulary import CORRIDOR_MODE_WORDS, CORRIDOR_STATUS_WORDS

MODE_GROUPS: dict[str, tuple[str, ...]] = {
    "rail": ("rail",),
    "road": ("road",),
    "pipeline": ("gas_pipeline", "oil_pipeline"),
    "power_line": ("power_line",),
    "canal": ("canal",),
    "multimodal": ("multimodal",),
}
MODE_GROUP_LABELS: dict[str, str] = {
    "rail": "Rail",
    "road": "Road",
    "pipeline": "Pipeline (gas or oil)",
    "power_line": "Power line",
    "canal": "Canal",
    "multimodal": "Multimodal",
}
MODE_LABELS: dict[str, str] = CORRIDOR_MODE_WORDS
STATUS_LABELS: dict[str, str] = CORRIDOR_STATUS_WORDS
DISPLAY_EXTRAS: tuple[str, ...] = ("waypoint_names", "cited_source", "note")


def usd_text(value: object) -> str:
    return "" if is_missing(value) else format_usd(value)


def cost_text(lo: object, hi: object) -> str:
    if is_missing(lo) and is_missing(hi):
        return "not given"
    if is_missing(lo) or is_missing(hi) or float(lo) == float(hi):
        return usd_text(hi if is_missing(lo) else lo)
    return f"{usd_text(lo)} to {usd_text(hi)}"


def _year(value: object) -> int | None:
    return None if is_missing(value) else int(float(value))


def years_text(start: object, completion: object, status: object) -> str:
    s, c = _year(start), _year(completion)
    done = "completed" if clean_text(status) == "operational" else "planned completion"
    if s is None and c is None:
        return "years not given"
    if s is None:
        return f"{done} {c}; start not given"
    if c is None:
        return f"start {s}; completion not given"
    return f"{s} to {c} ({done})"


def length_text(value: object) -> str:
    return "not given" if is_missing(value) else f"{float(value):,.0f} km"


def prepare(
    corridors: pd.DataFrame,
    countries: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Typed copy with label columns for tooltips, cards and the schedule. Same rows."""
    df = corridors.copy()
    names = known_country_names(countries)
    for col in ("length_km", "cost_usd_min", "cost_usd_max", "start_year", "completion_year"):
        df[col] = pd.to_numeric(df[col], errors="coerce") if col in df else math.nan
    df["country_list"] = [split_list(v) for v in df["countries"]]
    df["countries_text"] = [", ".join(names.get(c, c) for c in lst) for lst in df["country_list"]]
    df["financiers_text"] = [
        ", ".join(split_list(v)) or "not given" for v in df.get("financiers", [None] * len(df))
    ]
    df["mode_label"] = [MODE_LABELS.get(clean_text(m), clean_text(m)) for m in df["mode"]]
    df["status_label"] = [STATUS_LABELS.get(clean_text(s), clean_text(s)) for s in df["status"]]
    df["cost_text"] = [
        cost_text(a, b) for a, b in zip(df["cost_usd_min"], df["cost_usd_max"], strict=False)
    ]
    df["years_text"] = [
        years_text(a, b, s)
        for a, b, s in zip(df["start_year"], df["completion_year"], df["status"], strict=False)
    ]
    df["length_text"] = [length_text(v) for v in df["length_km"]]
    cited = df["cited_source"] if "cited_source" in df else [None] * len(df)
    df["source_text"] = [
        source_label(s, loc, v, sources, c)
        for s, loc, v, c in zip(
            df.get("source_id", [None] * len(df)),
            df.get("locator", [None] * len(df)),
            df.get("verification", [None] * len(df)),
            cited,
            strict=False,
        )
    ]
    return df


def tooltip_html(row: Mapping[str, object]) -> str:
    esc = html.escape
    schematic = clean_text(row.get("geometry_precision")) != "surveyed"
    lines = [
        f"<b>{esc(clean_text(row.get('name')))}</b>",
        f"{esc(clean_text(row.get('mode_label')))} · {esc(clean_text(row.get('status_label')))}",
        f"<b>Countries:</b> {esc(clean_text(row.get('countries_text')))}",
        f"<b>Length:</b> {esc(clean_text(row.get('length_text')))}",
        f"<b>Cost:</b> {esc(clean_text(row.get('cost_text')))}",
        f"<b>Financiers:</b> {esc(clean_text(row.get('financiers_text')))}",
        f"<b>Years:</b> {esc(clean_text(row.get('years_text')))}",
    ]
    if schematic:
        lines.append("<i>Line is schematic: straight between named waypoints.</i>")
    lines.append(f"<small><b>Source:</b> {esc(clean_text(row.get('source_text')))}</small>")
    return "<div style='max-width:340px;white-space:normal'>" + "<br/>".join(lines) + "</div>"


def mode_options(df: pd.DataFrame) -> list[str]:
    present = set(df["mode"].dropna().astype(str)) if "mode" in df else set()
    return [g for g, modes in MODE_GROUPS.items() if present & set(modes)]


def status_options(df: pd.DataFrame) -> list[str]:
    present = set(df["status"].dropna().astype(str)) if "status" in df else set()
    return [s for s in STATUS_LABELS if s in present]


def filter_corridors(
    df: pd.DataFrame, modes: Iterable[str] | None = None, statuses: Iterable[str] | None = None
) -> pd.DataFrame:
    """Page filters: mode groups (`pipeline` = gas or oil) and statuses. Empty means all."""
    mask = pd.Series(True, index=df.index)
    modes = list(modes or [])
    statuses = list(statuses or [])
    if modes:
        allowed = {m for g in modes for m in MODE_GROUPS.get(g, (g,))}
        mask &= df["mode"].isin(allowed)
    if statuses:
        mask &= df["status"].isin(statuses)
    return df.loc[mask]


def display_table(df: pd.DataFrame) -> pd.DataFrame:
    contract = [c for c in TABLE_COLUMNS["corridors"] if c in df]
    extras = [c for c in DISPLAY_EXTRAS if c in df]
    ours = {
        "country_list",
        "countries_text",
        "financiers_text",
        "mode_label",
        "status_label",
        "cost_text",
        "years_text",
        "length_text",
        "source_text",
    }
    other = [c for c in df.columns if c not in contract and c not in extras and c not in ours]
    return df[contract + extras + other].sort_values("corridor_id").reset_index(drop=True)


def feature_lines(geojson: dict | None) -> dict[str, list[list[list[float]]]]:
    """corridor_id -> list of lines (each a list of [lon, lat]); LineString and MultiLineString."""
    out: dict[str, list[list[list[float]]]] = {}
    for feature in (geojson or {}).get("features", []):
        cid = clean_text((feature.get("properties") or {}).get("corridor_id"))
        geom = feature.get("geometry") or {}
        coords = geom.get("coordinates") or []
        if not cid or not coords:
            continue
        if geom.get("type") == "LineString":
            lines = [coords]
        elif geom.get("type") == "MultiLineString":
            lines = list(coords)
        else:
            continue
        out.setdefault(cid, []).extend(
            [[[float(x), float(y)] for x, y, *_ in line] for line in lines if len(line) >= 2]
        )
    return out


def _json_value(value: object) -> object:
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if is_missing(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return value


def filtered_geojson(geojson: dict | None, table: pd.DataFrame) -> dict:
    """The corridors.geojson features of the rows in `table`, with the row's columns as
    properties."""
    rows = {str(r["corridor_id"]): r for r in table.to_dict(orient="records")}
    features = []
    for feature in (geojson or {}).get("features", []):
        cid = clean_text((feature.get("properties") or {}).get("corridor_id"))
        if cid in rows:
            props = {**(feature.get("properties") or {})}
            props.update({k: _json_value(v) for k, v in rows[cid].items()})
            features.append(
                {"type": "Feature", "geometry": feature.get("geometry"), "properties": props}
            )
    features.sort(key=lambda f: f["properties"]["corridor_id"])
    return {"type": "FeatureCollection", "features": features}


def waypoints(
    row: Mapping[str, object],
    lines: list[list[list[float]]],
    cities: pd.DataFrame | None = None,
) -> list[dict]:
    """Named points along a corridor: [{name, lon, lat, role}] with role `endpoint` or `waypoint`.

    Names come from `waypoint_names` (in order along the line). Positions: the line's own vertices
    when their number matches the names (the pipeline draws schematic lines through the waypoints),
    else the city table; a name found in neither is left out rather than guessed.
    """
    names = split_list(row.get("waypoint_names"))
    vertices = [pt for line in lines for pt in line]
    if lines and len(lines) == 1:
        vertices = lines[0]
    points: list[dict] = []
    if names and len(names) == len(vertices):
        points = [
            {"name": n, "lon": v[0], "lat": v[1]} for n, v in zip(names, vertices, strict=True)
        ]
    elif names and cities is not None and not cities.empty:
        lookup = {
            str(n).casefold(): (float(lo), float(la))
            for n, lo, la in zip(cities["name"], cities["lon"], cities["lat"], strict=False)
        }
        for n in names:
            hit = lookup.get(n.casefold())
            if hit:
                points.append({"name": n, "lon": hit[0], "lat": hit[1]})
    for i, p in enumerate(points):
        p["role"] = "endpoint" if i in (0, len(points) - 1) else "waypoint"
        p["corridor_id"] = clean_text(row.get("corridor_id"))
    return points


def schedule_frame(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(bars, single points, undated) for the schedule chart.

    bars: corridors with both start and completion years (drawn start -> completion).
    points: corridors with only one of the two (a single mark at that year, labelled as such).
    undated: corridors with neither; listed in words, never drawn.
    """
    base_cols = ["corridor_id", "name", "status", "status_label", "mode_label", "years_text"]
    work = df.copy()
    has_s, has_c = work["start_year"].notna(), work["completion_year"].notna()
    bars = work.loc[has_s & has_c, base_cols + ["start_year", "completion_year"]].copy()
    bars["end_kind"] = np.where(bars["status"] == "operational", "completed", "planned completion")
    # A bar spans whole years: from Jan 1 of the start year to Dec 31 of the completion year.
    bars["x0"] = bars["start_year"].astype(int)
    bars["x1"] = bars["completion_year"].astype(int) + 1
    pts_s = work.loc[has_s & ~has_c, base_cols + ["start_year"]].rename(
        columns={"start_year": "year"}
    )
    pts_s["point_kind"] = "start only (completion not given)"
    pts_c = work.loc[~has_s & has_c, base_cols + ["completion_year"]].rename(
        columns={"completion_year": "year"}
    )
    pts_c["point_kind"] = np.where(
        pts_c["status"] == "operational",
        "completed (start not given)",
        "planned completion (start not given)",
    )
    points = pd.concat([pts_s, pts_c], ignore_index=True)
    points["year"] = points["year"].astype(int) if not points.empty else points["year"]
    undated = work.loc[~has_s & ~has_c, base_cols].reset_index(drop=True)
    bars = bars.sort_values(["x0", "x1", "name"]).reset_index(drop=True)
    return bars, points, undated


PAGE_INTRO = (
    "Rail, road, pipeline, power and canal projects through the region: where they run, how far "
    "along they are and who pays. Pick one for its card: facts, sources, and what the trade, "
    "incident and event data say along it."
)


def schedule_note(bars: pd.DataFrame, points: pd.DataFrame, undated: pd.DataFrame) -> str:
    """How many corridors the sources date fully, partly or not at all (all are drawn)."""
    total = len(bars) + len(points) + len(undated)
    if not total:
        return ""
    parts = [f"{count_text(len(bars), 'corridor')} with a start and a completion year"]
    if len(points):
        parts.append(f"{len(points)} with one of the two")
    if len(undated):
        parts.append(f"{len(undated)} with neither")
    return (
        f"All {count_text(total, 'corridor')} listed: " + ", ".join(parts) + ". Dashed lines "
        "mark the years the sources do not give; no bar is drawn for an unknown year."
    )


def rows_for(
    prepared: pd.DataFrame,
    shared: Filters,
    modes: Sequence[str],
    statuses: Sequence[str],
    match: str = MATCH_ANY,
) -> pd.DataFrame:
    """The corridors the page shows: the shared filters, then its own mode and status;
    `match="all"` keeps the corridors that join every selected country."""
    rows = filter_corridors(apply_filters(prepared, "corridors", shared), modes, statuses)
    if match == MATCH_ALL:
        rows = rows.loc[lists_all(rows["countries"], shared.countries)]
    return rows


def nothing_note(match: str, countries: Sequence[str], names: Mapping[str, str]) -> str:
    """What an empty result means, in words."""
    if match == MATCH_ALL and len(countries) > 1:
        listed = ", ".join(names.get(c, c) for c in countries)
        return (
            f"corridors joining all of {listed} (switch to 'touches any' or select fewer countries)"
        )
    return "corridors"


def names_by_id(rows: pd.DataFrame) -> dict[str, str]:
    return dict(zip(rows["corridor_id"], rows["name"], strict=True))
