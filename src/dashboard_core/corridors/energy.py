"""Energy plants and fields on the Corridors map (Global Energy Monitor trackers): one point per
plant (a power plant's units at one place and status added up) or field, coloured by kind,
filled by status (operating solid, under construction half, planned and the rest as rings) and
sized by capacity (area-true)."""

from __future__ import annotations

import math

import pandas as pd
import pydeck as pdk

from dashboard_core.data.formatting import clean_text
from dashboard_core.data.naming import map_source_titles
from dashboard_core.viz import tooltips
from dashboard_core.viz.palette import hex_to_rgb

KIND_COLOURS: dict[str, str] = {
    "hydropower": "#0072B2",
    "oil_gas_plant": "#CC79A7",
    "extraction_field": "#8C6D31",
}
KIND_LABELS: dict[str, str] = {
    "hydropower": "Hydropower plant",
    "oil_gas_plant": "Oil or gas power plant",
    "extraction_field": "Oil and gas field",
}
STATUS_GROUPS: dict[str, tuple[str, ...]] = {
    "operating": ("operating",),
    "construction": ("construction",),
    "planned": ("pre-construction", "announced", "in_development", "discovered", "exploration"),
    "stopped": ("shelved", "cancelled", "retired"),
    "not stated": ("not_stated",),
}
STATUS_FILL = {"operating": 230, "construction": 120, "planned": 0, "stopped": 0, "not stated": 60}
MAX_RADIUS_MW = 3000.0


def status_group(status: str) -> str:
    return next((g for g, members in STATUS_GROUPS.items() if status in members), "not stated")


def radius(capacity_mw: float | None, presenter: bool) -> float:
    base = (
        3.5
        if capacity_mw is None or pd.isna(capacity_mw)
        else 3.5 + 9.0 * math.sqrt(min(float(capacity_mw), MAX_RADIUS_MW) / MAX_RADIUS_MW)
    )
    return round(base * (1.35 if presenter else 1.0), 1)


def asset_records(
    assets: pd.DataFrame, presenter: bool = False, sources: pd.DataFrame | None = None
) -> list[dict]:
    """One record per plant or field in view: position, radius, colours, tooltip fields."""
    if assets is None or assets.empty:
        return []
    titles = map_source_titles(sources)
    keys = ["kind", "name", "status", "lat", "lon"]
    grouped = assets.groupby(keys, as_index=False, dropna=False).agg(
        capacity_mw=("capacity_mw", lambda s: s.sum(min_count=1)),
        units=("asset_id", "size"),
        start_year=("start_year", "min"),
        province=("province", "first"),
        source_id=("source_id", "first"),
        fuel=("fuel", "first"),
    )
    records = []
    for row in grouped.sort_values("capacity_mw", ascending=False).to_dict("records"):
        group = status_group(str(row["status"]))
        colour = KIND_COLOURS.get(row["kind"], "#555555")
        capacity = row["capacity_mw"]
        lines = [
            f"{KIND_LABELS.get(row['kind'], row['kind'])}, {str(row['status']).replace('_', ' ')}",
            (
                f"Capacity: {capacity:,.0f} MW"
                + (f" ({row['units']} units)" if row["units"] > 1 else "")
                if pd.notna(capacity)
                else ""
            ),
            f"Start: {int(row['start_year'])}" if pd.notna(row["start_year"]) else "",
            f"Fuel: {row['fuel']}" if row["kind"] == "oil_gas_plant" else "",
            f"Province: {row['province']}" if clean_text(row["province"]) else "",
        ]
        source = tooltips.source_title(row["source_id"], titles)
        records.append(
            {
                "lon": float(row["lon"]),
                "lat": float(row["lat"]),
                "radius": radius(capacity, presenter),
                "fill": hex_to_rgb(colour, STATUS_FILL[group]),
                "line": hex_to_rgb("#888888" if group == "stopped" else colour, 255),
                **tooltips.fields(row["name"], lines, source),
            }
        )
    return records


def asset_layers(records: list[dict], presenter: bool = False) -> list[pdk.Layer]:
    return [
        pdk.Layer(
            "ScatterplotLayer",
            data=records,
            id="energy-assets",
            get_position="[lon, lat]",
            get_radius="radius",
            radius_units="'pixels'",
            get_fill_color="fill",
            get_line_color="line",
            stroked=True,
            line_width_units="'pixels'",
            get_line_width=2 if presenter else 1.5,
            pickable=True,
            auto_highlight=True,
        )
    ]


def legend_items(assets: pd.DataFrame) -> list[dict]:
    kinds = [k for k in KIND_COLOURS if k in set(assets["kind"])]
    items = [{"label": KIND_LABELS[k], "colour": KIND_COLOURS[k], "shape": "circle"} for k in kinds]
    items += [
        {"label": "Energy: solid operating, pale building, ring planned", "colour": "#555555",
         "shape": "ring"},
        {"label": "Size: capacity (MW)", "colour": "#999999", "shape": "size"},
    ]  # fmt: skip
    return items
