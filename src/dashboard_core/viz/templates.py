"""Charts whose Vega-Lite spec Altair assembles once per *shape* and that are then reused with
new rows.

Altair takes tens of milliseconds to assemble and copy a layered or faceted chart, and a change
of the year range rebuilds a page's time series with new rows but, most of the time, the same
shape: the same panels, series and colours, scale type and presenter sizes. `with_rows` keeps the
finished spec of each shape and puts the new rows in place of the old ones, so only the rows
travel (Streamlit turns a data frame into Arrow, as it does for any Altair chart).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock

import altair as alt
import pandas as pd

from dashboard_core.viz.specs import SpecChart

MAX_SHAPES = 64
_SPECS: OrderedDict[Hashable, tuple[dict, str]] = OrderedDict()
_LOCK = Lock()


def with_rows(
    shape: Hashable, rows: pd.DataFrame, build: Callable[[pd.DataFrame], alt.TopLevelMixin]
) -> SpecChart:
    """The chart `build(rows)` would give, for `rows`. `build` must attach `rows` as the chart's
    only dataset, and `shape` must hold everything else the spec takes from the rows (panel
    names, colour domains, ...): charts of one shape differ in their rows only."""
    with _LOCK:
        hit = _SPECS.get(shape)
        if hit is not None:
            _SPECS.move_to_end(shape)
    if hit is None:
        spec = build(rows).to_dict(validate=False)
        datasets = spec.get("datasets") or {}
        if len(datasets) != 1:
            raise ValueError(f"a templated chart needs exactly one dataset, got {len(datasets)}")
        hit = (spec, next(iter(datasets)))
        with _LOCK:
            _SPECS[shape] = hit
            while len(_SPECS) > MAX_SHAPES:
                _SPECS.popitem(last=False)
    spec, name = hit
    return SpecChart({**spec, "datasets": {name: rows.reset_index(drop=True)}})
