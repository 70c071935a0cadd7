"""Templated time-series charts (chart_templates.with_rows) give the spec Altair would build."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.data import naming
from dashboard_core.data.loading import DataNotBuiltError, load_table
from dashboard_core.displacement import charts as dcharts
from dashboard_core.displacement import transforms as dsp
from dashboard_core.trade import charts, figures, labels, transforms
from dashboard_core.viz import flows, templates

FOCUS = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG")


def tables() -> dict[str, pd.DataFrame]:
    try:
        names = ("trade", "displacement", "countries", "sources", "events")
        return {n: load_table(n) for n in names}
    except DataNotBuiltError as exc:
        pytest.skip(str(exc))


def same_chart(templated, fresh) -> None:
    """Equal specs apart from the dataset's name; equal rows (the template holds a frame)."""
    got, want = templated.to_dict(validate=True), fresh.to_dict(validate=False)
    (name, frame), ((_, rows),) = next(iter(got["datasets"].items())), want["datasets"].items()
    assert got["data"] == {"name": name}
    rest = {k: v for k, v in got.items() if k not in ("datasets", "data", "$schema")}
    assert rest == {k: v for k, v in want.items() if k not in ("datasets", "data", "$schema")}
    assert len(frame) == len(rows)
    assert list(frame["tooltip"].fillna("")) == [r.get("tooltip") or "" for r in rows]


@pytest.mark.parametrize("log", [False, True])
def test_displacement_series_from_template_equals_fresh_chart(log):
    t = tables()
    names, sources = naming.country_names(t["countries"]), naming.short_source_names(t["sources"])
    prep = dsp.prepared(t["displacement"])
    templates._SPECS.clear()
    for years in ((2000, 2024), (2005, 2024), (2010, 2024)):  # one shape, three sets of rows
        view = dsp.build_view(
            t["displacement"], prep, None, FOCUS, years, dsp.default_types(dsp.type_options(
                t["displacement"])), "from", names, sources,
        )  # fmt: skip
        series = view.series_for(log)
        events = flows.key_events(t["events"], FOCUS, years, dsp.EVENT_CATEGORIES)
        figure = dcharts.series_figure(series, events, log, presenter=False)
        same_chart(figure.chart, dcharts.series_chart(series, log, events, presenter=False))
    assert len(templates._SPECS) <= 3


def test_trade_series_from_template_equals_fresh_chart():
    t = tables()
    names, sources = naming.country_names(t["countries"]), naming.short_source_names(t["sources"])
    annual = figures.annual(t["trade"])
    for years in ((2010, 2023), (2012, 2023)):
        view = transforms.build_view(
            t["trade"], annual, ["UZB"], years, (), "export", labels.MEASURES, names, sources
        )
        events = flows.key_events(t["events"], ["UZB"], years, labels.EVENT_CATEGORIES)
        figure = charts.series_figure(view, events, False, presenter=True)
        fresh = charts.time_series_chart(view.series.frame, False, events, presenter=True)
        same_chart(figure.chart, fresh)


def test_a_template_needs_one_dataset():
    import altair as alt

    two = alt.layer(
        alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q"),
        alt.Chart(pd.DataFrame({"b": [2]})).mark_point().encode(x="b:Q"),
    )
    with pytest.raises(ValueError, match="exactly one dataset"):
        templates.with_rows(("two",), pd.DataFrame({"a": [1]}), lambda rows: two)
