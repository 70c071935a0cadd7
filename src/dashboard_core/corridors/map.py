"""Corridor map: lines coloured by status (palette.STATUS_COLOURS), schematic ones dashed, endpoints
and waypoints marked and labelled, the picked corridor drawn thicker on a dark casing.

Offline: `viz.basemap.make_deck` over our own boundary layer. Dashes use deck.gl's
PathStyleExtension (registered in Streamlit's deck.gl bundle); the legend says the same in words.
"""

from __future__ import annotations

import html

import pandas as pd
import pydeck as pdk

from dashboard_core.corridors.transforms import STATUS_LABELS, tooltip_html, waypoints
from dashboard_core.viz import basemap
from dashboard_core.viz.basemap import declutter, legend_html, offline_deck, text_layer
from dashboard_core.viz.charts import Figure
from dashboard_core.viz.palette import STATUS_COLOURS, hex_to_rgb

CASING = [25, 25, 25, 255]
DASH = [3, 2]
DASH_EXTENSION = {"@@type": "PathStyleExtension", "dash": True}


def status_colour(status: object, alpha: int = 255) -> list[int]:
    return hex_to_rgb(STATUS_COLOURS.get(str(status), "#7F7F7F"), alpha)


def path_records(
    df: pd.DataFrame, lines: dict[str, list[list[list[float]]]], selected: str | None = None
) -> list[dict]:
    """One record per drawn line part: path, colour, width, dashed flag, tooltip."""
    records = []
    for row in df.to_dict(orient="records"):
        cid = str(row["corridor_id"])
        faded = bool(selected) and cid != selected
        for path in lines.get(cid, []):
            records.append(
                {
                    "corridor_id": cid,
                    "path": path,
                    "colour": status_colour(row.get("status"), 110 if faded else 255),
                    "schematic": str(row.get("geometry_precision")) != "surveyed",
                    "selected": cid == selected,
                    "tip": tooltip_html(row),
                }
            )
    return records


def point_records(
    df: pd.DataFrame,
    lines: dict[str, list[list[list[float]]]],
    cities: pd.DataFrame | None = None,
    selected: str | None = None,
) -> list[dict]:
    """Endpoints and waypoints, one record per place name (an endpoint wins over a waypoint)."""
    by_name: dict[str, dict] = {}
    for row in df.to_dict(orient="records"):
        cid = str(row["corridor_id"])
        for p in waypoints(row, lines.get(cid, []), cities):
            key = p["name"].casefold()
            old = by_name.get(key)
            rank = (p["role"] == "endpoint", cid == selected)
            if old is None or rank > old["_rank"]:
                by_name[key] = {**p, "_rank": rank}
    out = []
    for p in by_name.values():
        endpoint, on_selected = p.pop("_rank")
        p["priority"] = 2 * int(on_selected) + int(endpoint)
        p["tip"] = (
            f"<b>{html.escape(p['name'])}</b><br/>"
            + ("Endpoint" if endpoint else "Waypoint")
            + " of a corridor"
        )
        out.append(p)
    return sorted(out, key=lambda p: p["priority"])


def corridor_layers(
    paths: list[dict], points: list[dict], presenter: bool = False
) -> list[pdk.Layer]:
    width = 6 if presenter else 4
    for p in paths:
        p["width"] = width * 2 if p["selected"] else width
    for p in points:
        endpoint = p["role"] == "endpoint"
        p["radius"] = (7 if endpoint else 5) if presenter else (5 if endpoint else 3.5)
    layers: list[pdk.Layer] = []
    selected = [p for p in paths if p["selected"]]
    if selected:
        layers.append(
            pdk.Layer(
                "PathLayer",
                data=selected,
                id="corridor-casing",
                get_path="path",
                get_color=CASING,
                width_units="'pixels'",
                get_width=width * 2 + 4,
                cap_rounded=True,
                joint_rounded=True,
                pickable=False,
            )
        )
    for schematic in (False, True):
        part = [p for p in paths if p["schematic"] == schematic]
        if not part:
            continue
        kwargs = {}
        if schematic:
            kwargs = {
                "extensions": [DASH_EXTENSION],
                "get_dash_array": DASH,
                "dash_justified": True,
                "dash_gap_pickable": True,
            }
        layers.append(
            pdk.Layer(
                "PathLayer",
                data=part,
                id="corridor-lines-schematic" if schematic else "corridor-lines",
                get_path="path",
                get_color="colour",
                width_units="'pixels'",
                get_width="width",
                cap_rounded=not schematic,
                joint_rounded=True,
                pickable=True,
                auto_highlight=True,
                **kwargs,
            )
        )
    if points:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=points,
                id="corridor-places",
                get_position="[lon, lat]",
                get_radius="radius",
                radius_units="'pixels'",
                get_fill_color=[255, 255, 255, 255],
                stroked=True,
                get_line_color=[30, 30, 30, 255],
                line_width_units="'pixels'",
                get_line_width=2 if presenter else 1.5,
                pickable=True,
            )
        )
        zoom = basemap.REGION_VIEW["zoom"] + (0.4 if presenter else 0.0)
        labels = declutter(points, zoom, 17.0 if presenter else 12.0)
        layers.append(text_layer(labels, presenter, "corridor-place-labels"))
    return layers


def corridors_deck(
    df: pd.DataFrame,
    lines: dict[str, list[list[list[float]]]],
    boundaries: dict,
    cities: pd.DataFrame | None = None,
    selected: str | None = None,
    highlight: list[str] | tuple[str, ...] = (),
    presenter: bool = False,
) -> pdk.Deck:
    """The corridor map for the filtered rows of a `corridors.prepare`d frame."""
    paths = path_records(df, lines, selected)
    points = point_records(df, lines, cities, selected)
    layers = [basemap.boundary_layer(boundaries, highlight, presenter)]
    layers += corridor_layers(paths, points, presenter)
    return offline_deck(layers, presenter)


def legend_items(df: pd.DataFrame) -> list[dict]:
    present = [s for s in STATUS_COLOURS if s in set(df["status"].dropna().astype(str))]
    items = [
        {"label": STATUS_LABELS.get(s, s), "colour": STATUS_COLOURS[s], "shape": "line"}
        for s in present
    ]
    if (df["geometry_precision"].astype(str) != "surveyed").any():
        items.append(
            {
                "label": "Dashed: schematic line, straight between the named waypoints",
                "colour": "#444444",
                "shape": "dash",
            }
        )
    items.append({"label": "Endpoint / waypoint", "colour": "#222222", "shape": "dot"})
    return items


def map_figure(
    rows: pd.DataFrame,
    lines: dict[str, list[list[list[float]]]],
    boundaries: dict,
    cities: pd.DataFrame | None,
    selected: str | None,
    highlight: tuple[str, ...],
    presenter: bool,
) -> Figure:
    """The corridor map with its legend; the picked corridor drawn thicker."""
    deck = corridors_deck(rows, lines, boundaries, cities, selected, highlight, presenter)
    return Figure(deck, rows, legend=legend_html(legend_items(rows), presenter))
