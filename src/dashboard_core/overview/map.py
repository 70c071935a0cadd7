"""The Overview's regional map: boundaries, flows between capitals, incidents, corridors.

Offline (`viz.basemap.make_deck`, no tile provider). Every layer's records carry a preformatted
`tooltip` so one deck tooltip serves them all. Flow arcs use the same figures as the headline
cards (`overview.headlines`), so the map and the numbers beside it never disagree.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd
import pydeck as pdk

from dashboard_core.data import formatting, indicators
from dashboard_core.data.contract import CENTRAL_ASIA_5, FOCUS_ISO3
from dashboard_core.data.filters import Filters, apply_filters
from dashboard_core.overview import headlines
from dashboard_core.viz import basemap, flows
from dashboard_core.viz.palette import STATUS_COLOURS, hex_to_rgb

LAYERS: dict[str, str] = {
    "boundaries": "Boundaries",
    "flows": "Flows",
    "incidents": "Incidents",
    "corridors": "Corridors",
}
FLOW_KINDS: dict[str, str] = {
    "trade": "Trade with Afghanistan",
    "returns": "Refugee returns",
    "hosted": "People hosted",
}
INCIDENT_COLOUR = "#D55E00"
MAX_POINTS = 5_000
# Fits Kazakhstan's north (Astana) and Afghanistan's south in a 520 px high map.
OVERVIEW_VIEW = {"latitude": 42.0, "longitude": 64.5, "zoom": 3.25}
OVERVIEW_VIEW_PRESENTER = {"latitude": 42.5, "longitude": 64.5, "zoom": 3.4}


def literal(layer: pdk.Layer, **props: str) -> pdk.Layer:
    """Set string props as literals. pydeck turns every string keyword into a JS expression
    (`width_units="pixels"` becomes `@@=pixels`, which deck.gl reads as garbage, so sizes fall
    back to other units); attributes set after construction are sent as they are."""
    for name, value in props.items():
        setattr(layer, name, value)
    return layer


FONT_FAMILY = '"Source Sans Pro", "DejaVu Sans", sans-serif'


def _tip(*lines: str) -> str:
    return "<br/>".join(lines)


def _trade_arcs(tables: Mapping[str, pd.DataFrame], filters: Filters, names) -> pd.DataFrame:
    """Each Central Asian country's trade with Afghanistan, as the registry gives it."""
    countries = [c for c in CENTRAL_ASIA_5 if c in filters.countries]
    results = indicators.evaluate("trade_afg", tables, countries, filters.years)
    results = results[results["value"].notna()]
    frame = pd.DataFrame(
        {
            "from_iso3": results["country"],
            "to_iso3": "AFG",
            "value": results["value"].astype(float),
            "year": results["year_to"].astype(int),
            "source_id": results["source_id"],
            "verification": results["verification"],
        }
    )
    sources = tables.get("sources")
    frame["tooltip"] = [
        _tip(
            f"<b>{html.escape(names.get(c, c))} – Afghanistan</b>",
            f"Turnover {formatting.format_usd(v)} ({y})",
            f"Source: {html.escape(indicators.source_text(s, sources))}",
        )
        for c, v, y, s in zip(
            frame["from_iso3"], frame["value"], frame["year"], frame["source_id"], strict=True
        )
    ]
    return frame


def _people_arcs(
    tables: Mapping[str, pd.DataFrame], filters: Filters, names, key: str
) -> pd.DataFrame:
    """Origin-host pairs behind each country's registry figure (hosted or returns), in the
    year that figure has."""
    ind = indicators.BY_KEY[key]
    side = ind.country_columns[0]
    countries = [c for c in FOCUS_ISO3 if c in filters.countries]
    results = indicators.evaluate(key, tables, countries, filters.years)
    years = {r["country"]: int(r["year_to"]) for r in results.to_dict("records")
             if pd.notna(r["year_to"])}  # fmt: skip
    d = tables["displacement"]
    keep = d[side].isin(list(years)) & d["verification"].eq("official_release")
    keep &= d["group"].astype(str).eq("total")
    for column, allowed in ind.selection:
        keep &= d[column].isin(allowed)
    rows = d[keep.fillna(False).astype(bool)]
    rows = rows[rows["year"] == rows[side].map(years)]
    returns = key == "returns"
    # returns run from the country of asylum to the origin; the rest from origin to host
    source, target = ("location_iso3", "origin_iso3") if returns else ("origin_iso3", side)
    grouped = (
        rows.groupby([source, target], as_index=False)
        .agg(value=("value", "sum"), source_id=("source_id", "first"), year=("year", "first"))
        .rename(columns={source: "from_iso3", target: "to_iso3"})
    )
    verb = "returned from" if returns else "hosted, from"
    what = "refugees" if returns else "people (refugees, asylum seekers, others in need)"
    sources = tables.get("sources")
    grouped["verification"] = "official_release"
    grouped["tooltip"] = [
        _tip(
            f"<b>{formatting.format_people(v)}</b> {what} ({y})",
            f"{html.escape(names.get(t, t))}: {verb} {html.escape(names.get(f, f))}",
            f"Source: {html.escape(indicators.source_text(s, sources))}",
        )
        for f, t, v, s, y in zip(
            grouped["from_iso3"],
            grouped["to_iso3"],
            grouped["value"],
            grouped["source_id"],
            grouped["year"],
            strict=True,
        )
    ]
    return grouped[grouped["value"] > 0]


def flow_frame(tables: Mapping[str, pd.DataFrame], filters: Filters, kind: str) -> pd.DataFrame:
    """Rows for the arcs: from_iso3, to_iso3, value, year, source_id, verification, tooltip."""
    names = headlines._names(tables.get("countries"))
    columns = ["from_iso3", "to_iso3", "value", "year", "source_id", "verification", "tooltip"]
    if kind == "trade":
        return _trade_arcs(tables, filters, names)[columns]
    if kind in ("returns", "hosted"):
        return _people_arcs(tables, filters, names, kind)[columns]
    raise ValueError(f"unknown flow kind {kind!r}; known: {', '.join(FLOW_KINDS)}")


def incident_records(incidents: pd.DataFrame, presenter: bool = False) -> list[dict]:
    located = incidents[incidents["lat"].notna() & incidents["lon"].notna()].head(MAX_POINTS)
    low = pd.to_numeric(located["fatalities_min"], errors="coerce")
    high = pd.to_numeric(located["fatalities_max"], errors="coerce").fillna(low)
    records = []
    for row, lo, hi in zip(located.to_dict("records"), low, high, strict=True):
        if pd.isna(lo) and pd.isna(hi):
            toll = "toll unknown"
        elif pd.isna(lo) or lo == hi:
            toll = f"{int(hi)} killed" if pd.isna(lo) else f"{int(lo)} killed"
        else:
            toll = f"{int(lo)}–{int(hi)} killed"
        size = 0.0 if pd.isna(hi) else float(hi)
        date = pd.Timestamp(row["date_start"]).date().isoformat()
        records.append(
            {
                "lon": float(row["lon"]),
                "lat": float(row["lat"]),
                "radius": (7 if presenter else 5) + min(size, 100.0) ** 0.5 * 2,
                "tooltip": _tip(
                    f"<b>{html.escape(str(row.get('location') or 'Incident'))}</b> ({date})",
                    html.escape(str(row.get("event_type", "")).replace("_", " ")) + f", {toll}",
                    f"Source: {html.escape(str(row.get('source_id')))}",
                ),
            }
        )
    return records


def corridor_records(corridors: pd.DataFrame, collection: Mapping) -> list[dict]:
    """One path per LineString (part) of each corridor in view, coloured by status."""
    by_id = {str(r["corridor_id"]): r for r in corridors.to_dict("records")}
    records = []
    for feature in collection.get("features", []):
        cid = str(feature.get("properties", {}).get("corridor_id"))
        row = by_id.get(cid)
        geometry = feature.get("geometry") or {}
        if row is None or geometry.get("type") not in ("LineString", "MultiLineString"):
            continue
        parts = (
            [geometry["coordinates"]]
            if geometry["type"] == "LineString"
            else geometry["coordinates"]
        )
        status = str(row.get("status"))
        for path in parts:
            records.append(
                {
                    "path": path,
                    "colour": hex_to_rgb(STATUS_COLOURS.get(status, "#7F7F7F")),
                    "tooltip": _tip(
                        f"<b>{html.escape(str(row.get('name')))}</b>",
                        f"{html.escape(str(row.get('mode')).replace('_', ' '))}, "
                        f"{html.escape(headlines.STATUS_LABELS.get(status, status))}",
                        f"Source: {html.escape(str(row.get('source_id')))}",
                    ),
                }
            )
    return records


def capital_labels(countries: pd.DataFrame, codes: Sequence[str]) -> list[dict]:
    places = headlines.memoised(countries, ("capitals",), lambda: flows.capitals(countries))
    return [
        {"name": places[c]["name"], "lon": places[c]["lon"], "lat": places[c]["lat"]}
        for c in codes
        if c in places
    ]


def overview_deck(
    tables: Mapping[str, pd.DataFrame],
    boundaries: Mapping,
    corridor_lines: Mapping,
    filters: Filters,
    layers: Sequence[str] = tuple(LAYERS),
    flow_kind: str = "trade",
) -> tuple[pdk.Deck, pd.DataFrame]:
    """The map and the rows it draws (for the source caption)."""
    presenter = filters.present
    drawn: list[pd.DataFrame] = []
    deck_layers: list[pdk.Layer] = []
    if "boundaries" in layers:
        deck_layers.append(basemap.boundary_layer(dict(boundaries), filters.countries, presenter))
    if "corridors" in layers:
        rows = apply_filters(tables["corridors"], "corridors", filters)
        deck_layers.append(
            pdk.Layer(
                "PathLayer",
                data=corridor_records(rows, corridor_lines),
                id="corridors",
                get_path="path",
                get_color="colour",
                get_width=5 if presenter else 3,
                width_units="'pixels'",
                cap_rounded=True,
                joint_rounded=True,
                pickable=True,
            )
        )
        drawn.append(rows)
    if "flows" in layers:
        frame = flow_frame(tables, filters, flow_kind)
        countries = tables.get("countries")
        places = headlines.memoised(countries, ("capitals",), lambda: flows.capitals(countries))
        arcs, _missing = flows.arc_rows(frame, places, presenter=presenter)
        arc_layer = flows.arc_layer(
            arcs, "flows", directed=flow_kind != "trade", presenter=presenter
        )
        deck_layers.append(literal(arc_layer, width_units="pixels"))
        drawn.append(frame)
    if "incidents" in layers:
        rows = apply_filters(tables["incidents"], "incidents", filters)
        deck_layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=incident_records(rows, presenter),
                id="incidents",
                get_position="[lon, lat]",
                get_radius="radius",
                radius_units="'pixels'",
                get_fill_color=hex_to_rgb(INCIDENT_COLOUR, 200),
                get_line_color=[255, 255, 255, 255],
                stroked=True,
                line_width_min_pixels=1,
                pickable=True,
            )
        )
        drawn.append(rows)
    labels = capital_labels(tables["countries"], [c for c in filters.countries])
    label_layer = basemap.label_layer(labels, presenter=presenter, layer_id="capitals")
    deck_layers.append(literal(label_layer, font_family=FONT_FAMILY))
    deck = basemap.make_deck(
        deck_layers,
        tooltip=flows.tooltip_spec(presenter),
        view=OVERVIEW_VIEW_PRESENTER if presenter else OVERVIEW_VIEW,
        presenter=presenter,
    )
    cited = [d[["source_id", "verification"]] for d in drawn if not d.empty]
    rows_drawn = (
        pd.concat(cited, ignore_index=True)
        if cited
        else pd.DataFrame(columns=["source_id", "verification"])
    )
    return deck, rows_drawn


def legend_items(layers: Sequence[str], flow_kind: str) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    if "flows" in layers:
        if flow_kind == "trade":
            items.append(("Turnover with Afghanistan (width ∝ √value)", flows.UNDIRECTED_COLOUR))
        else:
            items.append(("Flow leaves (blue) …", flows.FROM_COLOUR))
            items.append(("… and arrives (vermillion)", flows.TO_COLOUR))
    if "incidents" in layers:
        items.append(("Incident (size ∝ √deaths)", INCIDENT_COLOUR))
    if "corridors" in layers:
        items += [
            (headlines.STATUS_LABELS.get(status, status), colour)
            for status, colour in STATUS_COLOURS.items()
        ]
    return items
