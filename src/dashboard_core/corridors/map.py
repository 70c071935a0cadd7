"""Corridor map: lines coloured by status (palette.STATUS_COLOURS), schematic ones dashed, endpoints
and waypoints marked and labelled, the picked corridor drawn thicker on a dark casing.

Offline: `viz.basemap.map_deck` over the shared context, framed to the lines. Dashes use
deck.gl's PathStyleExtension (registered in Streamlit's deck.gl bundle); the legend says the same
in words. Energy plants and fields (`corridors.energy`) can sit on top, so a power line is seen
with the plants it connects.
"""

from __future__ import annotations

import pandas as pd
import pydeck as pdk

from dashboard_core.corridors import energy
from dashboard_core.corridors.transforms import STATUS_LABELS, tooltip_fields, waypoints
from dashboard_core.viz import basemap, tooltips
from dashboard_core.viz.basemap import legend_html
from dashboard_core.viz.charts import Figure
from dashboard_core.viz.context import MapContext, declutter
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
                    **tooltip_fields(row),
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
    provinces = _provinces(cities)
    out = []
    for p in by_name.values():
        endpoint, on_selected = p.pop("_rank")
        p["priority"] = 2 * int(on_selected) + int(endpoint)
        province = provinces.get(p["name"].casefold(), "")
        lines = [f"Province: {province}" if province else ""]
        role = ("Endpoint" if endpoint else "Waypoint") + " of a corridor"
        p.update(tooltips.fields(p["name"], [role, *lines], "Place: GeoNames gazetteer"))
        out.append(p)
    return sorted(out, key=lambda p: p["priority"])


def _provinces(cities: pd.DataFrame | None) -> dict[str, str]:
    if cities is None or "province" not in cities:
        return {}
    known = cities[cities["province"].notna()]
    return dict(zip(known["name"].str.casefold(), known["province"].astype(str), strict=True))


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
    return layers


def corridors_deck(
    df: pd.DataFrame,
    lines: dict[str, list[list[list[float]]]],
    ctx: MapContext,
    cities: pd.DataFrame | None = None,
    selected: str | None = None,
    highlight: list[str] | tuple[str, ...] = (),
    presenter: bool = False,
    assets: pd.DataFrame | None = None,
    camera: str = "data",
    sources: pd.DataFrame | None = None,
) -> pdk.Deck:
    """The corridor map for the filtered rows of a `corridors.prepare`d frame, with the energy
    `assets` (`corridors.energy.asset_records` input) when given."""
    paths = path_records(df, lines, selected)
    points = point_records(df, lines, cities, selected)
    layers = []
    plants = energy.asset_records(assets, presenter, sources) if assets is not None else []
    if plants:
        layers += energy.asset_layers(plants, presenter)
    layers += corridor_layers(paths, points, presenter)
    framed = [tuple(pt) for p in paths for pt in p["path"]] or [
        (r["lon"], r["lat"]) for r in plants
    ]
    view = basemap.view_for(framed, presenter, camera)
    font = basemap.LABEL_SIZE_PRESENTER if presenter else basemap.LABEL_SIZE
    labels = [
        {k: p[k] for k in ("name", "lon", "lat")}
        for p in declutter(points, float(view["zoom"]), font)
    ]
    markers = [(r["lon"], r["lat"], r["radius"]) for r in [*plants, *points]]
    return basemap.map_deck(ctx, layers, framed, highlight, presenter, labels, camera, markers)


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


def legend_with_energy(df: pd.DataFrame, assets: pd.DataFrame | None) -> list[dict]:
    items = legend_items(df)
    if assets is not None and not assets.empty:
        items += energy.legend_items(assets)
    return items


def map_figure(
    rows: pd.DataFrame,
    lines: dict[str, list[list[list[float]]]],
    ctx: MapContext,
    cities: pd.DataFrame | None,
    selected: str | None,
    highlight: tuple[str, ...],
    presenter: bool,
    assets: pd.DataFrame | None = None,
    camera: str = "data",
    sources: pd.DataFrame | None = None,
) -> Figure:
    """The corridor map with its legend; the picked corridor drawn thicker; energy assets on
    top when given (their rows join the sources named under the map; `sources`, the clean
    table, names them by title in the tooltips)."""
    deck = corridors_deck(
        rows, lines, ctx, cities, selected, highlight, presenter, assets, camera, sources
    )
    cited = (
        rows
        if assets is None or assets.empty
        else pd.concat(
            [rows[["source_id", "verification"]], assets[["source_id", "verification"]]],
            ignore_index=True,
        )
    )
    items = legend_with_energy(rows, assets)
    entries = tuple((i["label"], i["colour"], i["shape"]) for i in items)
    return Figure(deck, cited, legend=legend_html(items, presenter), legend_items=entries)
