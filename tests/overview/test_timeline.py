"""Overview transforms: headline figures, timeline/annotations and map layers (synthetic data)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from dashboard_core.viz import timeline
from tests.overview.samples import (
    EVENTS,
)


def test_events_timeline_spec():
    spec = timeline.events_timeline(EVENTS).to_dict()
    assert spec["mark"]["type"] == "point"
    assert spec["encoding"]["x"]["field"] == "date"
    assert len(spec["datasets"][next(iter(spec["datasets"]))]) == len(EVENTS)


def test_annotations_filter_cap_and_stagger():
    frame = timeline.annotation_frame(EVENTS, (2016, 2025), ["TJK"], limit=2)
    # TJK events in range: the border war (security) and the summit; the 2015 shutdown is out
    assert set(frame["title"]) == {"Border war in Batken", "Consultative meeting"}
    assert frame["label_y"].tolist() == [6, 19]
    long = timeline.annotation_frame(EVENTS, (2010, 2025), ["AFG"])
    assert all(len(label) <= timeline.LABEL_CHARS for label in long["label"])


@pytest.mark.parametrize("x_type", ["temporal", "year"])
def test_annotations_layer_onto_a_host_chart(x_type):
    host_data = pd.DataFrame({"year": [2015, 2020, 2023], "value": [1.0, 2.0, 3.0]})
    if x_type == "temporal":
        host_data["date"] = pd.to_datetime(host_data["year"].astype(str) + "-01-01")
        host = alt.Chart(host_data).mark_line().encode(x="date:T", y="value:Q")
        layer = timeline.event_annotations(EVENTS, (2014, 2025), ["AFG"])
    else:
        host = alt.Chart(host_data).mark_line().encode(x="year:Q", y="value:Q")
        layer = timeline.event_annotations(
            EVENTS, (2014, 2025), ["AFG"], x_field="year", x_type="year"
        )
    spec = alt.layer(host, layer).to_dict()
    assert len(spec["layer"]) == 2
    rule = spec["layer"][1]["layer"][0]
    assert rule["mark"]["type"] == "rule"
    assert rule["encoding"]["x"]["type"] == ("temporal" if x_type == "temporal" else "quantitative")


def test_annotations_with_no_events_still_build():
    layer = timeline.event_annotations(EVENTS, (1990, 1991), ["AFG"])
    assert alt.layer(alt.Chart(pd.DataFrame({"d": []})).mark_line(), layer).to_dict()


def test_timeline_labels_follow_date_precision():
    frame = timeline.timeline_frame(EVENTS).set_index("title")
    assert frame.loc["Kabul changes hands", "when"] == "15 Aug 2021"
    assert frame.loc["Railway agreement signed", "when"] == "Mar 2023"
    assert frame.loc["Crossing closed for a long while and then some more words", "when"] == "2015"
    assert frame.loc["Consultative meeting", "verification"].startswith("⚠")
