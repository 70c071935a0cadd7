"""Charts for the comparison page (Vega-Lite specs, see `viz.specs.SpecChart`): small
multiples over time, a ranked view, corridors by status. All inputs are small aggregated frames
from `compare` (countries x measures x years)."""

from __future__ import annotations

import pandas as pd

from dashboard_core.compare.measures import MEASURES, RANGE_MEASURES
from dashboard_core.compare.summary import format_value
from dashboard_core.corridors.transforms import STATUS_LABELS
from dashboard_core.data.contract import CORRIDOR_STATUSES
from dashboard_core.viz.charts import unit_label_expr
from dashboard_core.viz.palette import COUNTRY_COLOURS, OKABE_ITO, STATUS_COLOURS
from dashboard_core.viz.specs import SpecChart, records, spec_chart, tip


def country_scale(countries: list[str], names: dict[str, str]) -> dict:
    labels = [names.get(c, c) for c in countries]
    colours = [
        COUNTRY_COLOURS.get(c, OKABE_ITO[i % len(OKABE_ITO)]) for i, c in enumerate(countries)
    ]
    return {"domain": labels, "range": colours}


def _configure(chart: SpecChart, presenter: bool) -> SpecChart:
    return chart.configure_header(labelFontSize=16, titleFontSize=16) if presenter else chart


def _scaled(frame: pd.DataFrame) -> pd.DataFrame:
    """Values in display units: US$ million for trade, plain counts otherwise."""
    factor = frame["unit"].map(lambda u: 1e-6 if u == "US$" else 1.0)
    out = frame.copy()
    for col in ("value", "value_low", "value_high"):
        out[col] = out[col] * factor
    out["panel"] = [
        f"{label} ({'US$ million' if unit == 'US$' else unit})"
        for label, unit in zip(out["measure_label"], out["unit"], strict=False)
    ]
    return out


def small_multiples(
    series: pd.DataFrame,
    countries: list[str],
    names: dict[str, str],
    presenter: bool = False,
    columns: int = 3,
) -> SpecChart:
    """One panel per measure over the selected years, one line per country, independent y scales.

    Gaps stay gaps (empty rows break lines); killed is drawn as a range (a vertical bar from the
    lowest to the highest count, a dot where the sources agree).
    """
    data = _scaled(series)
    data["range_text"] = [
        format_value(lo, "") if lo == hi else f"{format_value(lo, '')}–{format_value(hi, '')}"
        for lo, hi in zip(data["value_low"], data["value_high"], strict=False)
    ]
    cols = ["country", "panel", "measure", "year", "value", "value_low", "value_high", "range_text"]
    ranges = list(RANGE_MEASURES)
    is_range = f"indexof({ranges!r}, datum.measure) >= 0"
    colour = {
        "field": "country",
        "type": "nominal",
        "title": "Country",
        "scale": country_scale(countries, names),
        "legend": {"orient": "top"},
    }
    base = {
        "x": {
            "field": "year",
            "type": "quantitative",
            "title": None,
            "axis": {"format": "d", "tickMinStep": 1, "labelOverlap": True},
        },
        "color": colour,
        "tooltip": [
            tip("country", "nominal", "Country"),
            tip("year", "quantitative", "Year", format="d"),
            tip("range_text", "nominal", "Value"),
        ],
    }
    size = 60 if presenter else 35

    def y(name: str) -> dict:
        # counts take whole-number ticks (no "0.5 incidents"); US$ m panels keep theirs
        return {
            "field": name,
            "type": "quantitative",
            "title": None,
            "axis": {"tickMinStep": 1},
        }

    layers = [
        {
            "mark": {"type": "line", "strokeWidth": 3 if presenter else 2},
            "transform": [{"filter": f"!({is_range})"}],
            "encoding": {**base, "y": y("value")},
        },
        {
            "mark": {"type": "rule", "strokeWidth": 4 if presenter else 3, "opacity": 0.6},
            "transform": [{"filter": f"{is_range} && isValid(datum.value_low)"}],
            "encoding": {**base, "y": y("value_low"), "y2": {"field": "value_high"}},
        },
        {
            "mark": {"type": "point", "filled": True, "size": size},
            "transform": [{"filter": "isValid(datum.value_high)"}],
            "encoding": {**base, "y": y("value_high")},
        },
        {
            "mark": {"type": "point", "filled": True, "size": size},
            "transform": [{"filter": f"{is_range} && isValid(datum.value_low)"}],
            "encoding": {**base, "y": y("value_low")},
        },
    ]
    rank = {m: i for i, m in enumerate(MEASURES)}
    panels = data.drop_duplicates("panel").assign(_r=lambda d: d["measure"].map(rank))
    order = list(panels.sort_values("_r")["panel"])
    spec = {
        "data": {"values": records(data, cols)},
        "facet": {
            "field": "panel",
            "type": "nominal",
            "title": None,
            "sort": order,
            "header": {"labelFontWeight": "bold", "labelLimit": 400},
        },
        "columns": columns,
        "spec": {
            "layer": layers,
            "width": 360 if presenter else 220,
            "height": 190 if presenter else 130,
        },
        "resolve": {"scale": {"y": "independent"}},
    }
    return _configure(spec_chart(spec, presenter), presenter)


MONEY_LABELS = unit_label_expr(((1e9, "bn"), (1e6, "m"), (1e3, "k")))
COUNT_LABELS = unit_label_expr(((1e6, "m"), (1e3, "k")))


def value_axis(values: pd.Series, unit: str) -> tuple[dict, dict]:
    """An x axis that reads in words at any size of selection: "4.8 bn", "12 k", "0", never
    "0.000000"; whole-number ticks for counts; no labels at all when nobody has a figure."""
    known = pd.to_numeric(values, errors="coerce").dropna()
    if known.empty:
        return {"labels": False, "ticks": False, "grid": False}, {"domain": [0, 1]}
    if float(known.max()) <= 0:
        return {"values": [0], "format": "d"}, {"domain": [0, 1]}
    expr = MONEY_LABELS if unit == "US$" else COUNT_LABELS
    return {"labelExpr": expr, "tickMinStep": 1, "tickCount": 6}, {"domainMin": 0, "nice": True}


def ranked_chart(
    ranked: pd.DataFrame,
    measure: str,
    countries: list[str],
    names: dict[str, str],
    presenter: bool = False,
) -> SpecChart:
    """Horizontal bars, highest first; killed drawn as low (solid) and high (pale) ends."""
    label, unit, _domain, _basis = MEASURES[measure]
    data = ranked.loc[:, ["country", "value_low", "value_high", "text"]]
    data = data.assign(has=data["value_high"].notna())
    order = list(data["country"])
    y = {"field": "country", "type": "nominal", "title": None, "sort": order}
    colour = {
        "field": "country",
        "type": "nominal",
        "scale": country_scale(countries, names),
        "legend": None,
    }
    axis_title = f"{label} ({unit})"
    x_axis, x_scale = value_axis(data["value_high"], unit)
    tooltip = [tip("country", "nominal", "Country"), tip("text", "nominal", label)]
    font = 15 if presenter else 11
    spec = {
        "data": {"values": records(data)},
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "value_low",
                        "type": "quantitative",
                        "title": axis_title,
                        "axis": x_axis,
                        "scale": x_scale,
                    },
                    "color": colour,
                    "tooltip": tooltip,
                },
            },
            {
                "mark": {"type": "bar", "opacity": 0.35},
                "encoding": {
                    "y": y,
                    "x": {"field": "value_low", "type": "quantitative"},
                    "x2": {"field": "value_high"},
                    "color": colour,
                    "tooltip": tooltip,
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": font},
                "transform": [{"filter": "datum.has"}],
                "encoding": {
                    "y": y,
                    "x": {"field": "value_high", "type": "quantitative"},
                    "text": {"field": "text", "type": "nominal"},
                },
            },
            {
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 2,
                    "color": "#666",
                    "fontSize": font,
                },
                "transform": [{"filter": "!datum.has"}],
                "encoding": {"y": y, "x": {"value": 2}, "text": {"value": "no data"}},
            },
        ],
        "height": {"step": 44 if presenter else 32},
    }
    return spec_chart(spec, presenter)


def corridors_by_status(
    table: pd.DataFrame, countries: list[str], names: dict[str, str], presenter: bool = False
) -> SpecChart:
    """Stacked bars: corridors through each country by status."""
    data = table.loc[table["measure"] == "corridors", ["country", "status", "value", "note"]].copy()
    data["status_label"] = data["status"].map(STATUS_LABELS)
    present = [s for s in CORRIDOR_STATUSES if s in set(data["status"])]
    order = [names.get(c, c) for c in countries]
    spec = {
        "data": {"values": records(data)},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {
                "field": "country",
                "type": "nominal",
                "title": None,
                "sort": order,
                "scale": {"domain": order},
            },
            "x": {
                "field": "value",
                "type": "quantitative",
                "title": "Corridors",
                "axis": {"format": "d", "tickMinStep": 1},
            },
            "color": {
                "field": "status_label",
                "type": "nominal",
                "title": "Status",
                "scale": {
                    "domain": [STATUS_LABELS[s] for s in present],
                    "range": [STATUS_COLOURS[s] for s in present],
                },
                "legend": {"orient": "bottom"},
            },
            "order": {"field": "status", "type": "nominal"},
            "tooltip": [
                tip("country", "nominal", "Country"),
                tip("status_label", "nominal", "Status"),
                tip("value", "quantitative", "Corridors"),
                tip("note", "nominal", "Corridors"),
            ],
        },
        "height": {"step": 44 if presenter else 32},
    }
    return spec_chart(spec, presenter)
