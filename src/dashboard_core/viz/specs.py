"""Charts as plain Vega-Lite specs behind Altair's chart interface (`SpecChart`).

Why plain specs: building charts through Altair's API and validating them cost 100-250 ms per
chart on every filter change; a dict costs well under a millisecond. `SpecChart` is an `alt.Chart`
whose `to_dict` returns the spec as written, so Streamlit draws it like any Altair chart; the unit
tests validate every spec against the Vega-Lite schema (`validate_spec`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping

import altair as alt
import pandas as pd

_SCHEMA: dict | None = None


class SpecChart(alt.Chart):
    """A ready Vega-Lite spec (dict) with the parts of the Altair chart interface we rely on."""

    def __init__(self, spec: Mapping) -> None:  # noqa: D107 - no SchemaBase state on purpose
        object.__setattr__(self, "_spec", dict(spec))
        object.__setattr__(self, "_args", ())
        object.__setattr__(self, "_kwds", {})

    @property
    def spec(self) -> dict:
        return self._spec

    def to_dict(self, *args, validate: bool = False, **kwargs) -> dict:  # type: ignore[override]
        # A fresh top level and config (Streamlit adds keys there); the rest is shared, read-only.
        out = dict(self._spec)
        if "config" in out:
            out["config"] = copy.deepcopy(out["config"])
        out.setdefault("$schema", alt.SCHEMA_URL)
        if validate:
            validate_spec(_json_ready(out))
        return out

    def copy(self, *args, **kwargs) -> SpecChart:  # type: ignore[override]
        return SpecChart(copy.deepcopy(self._spec))

    def properties(self, **kwargs) -> SpecChart:  # type: ignore[override]
        return SpecChart({**copy.deepcopy(self._spec), **kwargs})

    def _configured(self, key: str, values: Mapping) -> SpecChart:
        spec = copy.deepcopy(self._spec)
        config = spec.setdefault("config", {})
        config[key] = {**config.get(key, {}), **{k: v for k, v in values.items()}}
        return SpecChart(spec)

    def configure_axis(self, *args, **kwargs) -> SpecChart:  # type: ignore[override]
        return self._configured("axis", kwargs)

    def configure_axisX(self, *args, **kwargs) -> SpecChart:  # type: ignore[override]  # noqa: N802
        return self._configured("axisX", kwargs)

    def configure_axisY(self, *args, **kwargs) -> SpecChart:  # type: ignore[override]  # noqa: N802
        return self._configured("axisY", kwargs)

    def configure_legend(self, *args, **kwargs) -> SpecChart:  # type: ignore[override]
        return self._configured("legend", kwargs)

    def configure_title(self, *args, **kwargs) -> SpecChart:  # type: ignore[override]
        return self._configured("title", kwargs)

    def configure_header(self, *args, **kwargs) -> SpecChart:  # type: ignore[override]
        return self._configured("header", kwargs)

    def configure_view(self, *args, **kwargs) -> SpecChart:  # type: ignore[override]
        return self._configured("view", kwargs)

    def configure_text(self, *args, **kwargs) -> SpecChart:  # type: ignore[override]
        return self._configured("text", kwargs)

    def configure_mark(self, *args, **kwargs) -> SpecChart:  # type: ignore[override]
        return self._configured("mark", kwargs)

    def __repr__(self) -> str:
        return f"SpecChart({list(self._spec)})"


def _json_ready(spec: dict) -> dict:
    """The spec with data frames in `datasets` (see viz.templates) as JSON rows."""
    datasets = spec.get("datasets")
    if not isinstance(datasets, Mapping):
        return spec
    rows = {k: records(v) if isinstance(v, pd.DataFrame) else v for k, v in datasets.items()}
    return {**spec, "datasets": rows}


def validate_spec(spec: Mapping) -> None:
    """Raise if `spec` is not valid Vega-Lite (Altair's bundled schema)."""
    global _SCHEMA
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import core

    if _SCHEMA is None:
        _SCHEMA = core.load_schema()
    validate_jsonschema(dict(spec), _SCHEMA)


def records(df: pd.DataFrame, columns: Iterable[str] | None = None) -> list[dict]:
    """JSON-ready rows: NaN/NA become null, timestamps ISO dates, numpy scalars Python."""
    cols = list(columns) if columns is not None else list(df.columns)
    out = df[cols].copy()
    for col in cols:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    out = out.astype(object).where(out.notna(), None)
    return out.to_dict(orient="records")


def field(name: str, kind: str, title: str | None = None, **extra) -> dict:
    """An encoding channel: field + type (+ title unless None is meant)."""
    out = {"field": name, "type": kind, **extra}
    if title is not False:
        out["title"] = title
    return out


def tip(name: str, kind: str, title: str, **extra) -> dict:
    return {"field": name, "type": kind, "title": title, **extra}


def layer(*layers: dict, **top) -> dict:
    return {"layer": [lay for lay in layers if lay], **top}


def spec_chart(spec: dict, presenter: bool = False) -> SpecChart:
    chart = SpecChart(spec)
    if presenter:
        chart = chart.configure_axis(labelFontSize=16, titleFontSize=16).configure_legend(
            labelFontSize=16, titleFontSize=16, symbolSize=200
        )
    return chart


def data_values(spec: Mapping) -> list[list[dict]]:
    """Every inline dataset of a spec, outermost first (tests use it to check what ships)."""
    found: list[list[dict]] = []

    def walk(node: object) -> None:
        if isinstance(node, Mapping):
            data = node.get("data")
            if isinstance(data, Mapping) and isinstance(data.get("values"), list):
                found.append(data["values"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found
