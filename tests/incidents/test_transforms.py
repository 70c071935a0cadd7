"""Unit tests: incident transforms, charts (Vega-Lite specs) and maps (deck JSON). Synthetic
data."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from dashboard_core.incidents import transforms
from tests.incidents.samples import synthetic_incidents


def test_pair_key_is_unordered_central_asian_first():
    assert transforms.pair_key("TJK", "KGZ") == transforms.pair_key("KGZ", "TJK") == "KGZ-TJK"
    assert transforms.pair_key("AFG", "TJK") == "TJK-AFG"
    assert transforms.pair_key("UZB", None) == "UZB"
    assert transforms.pair_label("TJK-AFG") == "Tajikistan–Afghanistan"
    assert transforms.pair_label("UZB") == "Uzbekistan (no counterpart)"


@pytest.mark.parametrize(
    ("lo", "hi", "inj", "expected"),
    [
        (3, 3, None, "3 killed"),
        (37, 100, 20, "37–100 killed (disputed), 20 injured"),
        (None, None, None, "killed: unknown"),
        (None, 3, None, "up to 3 killed"),
        (2, None, None, "at least 2 killed"),
        (0, 0, 0, "0 killed, 0 injured"),
    ],
)
def test_casualty_label_keeps_ranges_and_unknowns(lo, hi, inj, expected):
    assert transforms.casualty_label(lo, hi, inj) == expected


def test_prepare_adds_columns_without_changing_rows(prepared):
    raw = synthetic_incidents()
    assert len(prepared) == len(raw)
    assert list(prepared["incident_id"]) == list(raw["incident_id"])
    row = prepared.set_index("incident_id").loc["i3"]
    assert math.isnan(row["fat_lo"]) and math.isnan(row["fat_hi"])  # unknown stays unknown
    i5 = prepared.set_index("incident_id").loc["i5"]
    assert i5["fat_lo"] == 0 and i5["fat_hi"] == 3
    assert prepared.set_index("incident_id").loc["i3", "date_text"] == "April 2021"
    assert prepared.set_index("incident_id").loc["i4", "date_text"] == "2023"
    assert list(prepared["approximate"]) == [False, True, True, True, False, True]
    assert "PSM 14, L1" in prepared.loc[0, "source_text"]


def test_filters(prepared):
    f = transforms.filter_incidents
    assert len(f(prepared)) == 6
    assert set(f(prepared, event_types=["armed_clash"])["incident_id"]) == {"i1", "i2"}
    assert set(f(prepared, border_pairs=["TJK-AFG"])["incident_id"]) == {"i4", "i5"}
    # at least one killed or injured, by any account; unknown and zero drop out
    assert set(f(prepared, casualties="one_plus")["incident_id"]) == {"i1", "i2", "i5"}
    assert set(f(prepared, date_precisions=["month", "year"])["incident_id"]) == {"i3", "i4"}
    assert f(prepared, event_types=["protest"]).empty
    with pytest.raises(ValueError):
        f(prepared, casualties="many")


def test_options(prepared):
    assert transforms.border_pair_options(prepared) == ["KGZ-TJK", "TJK-AFG", "UZB"]
    assert transforms.event_type_options(prepared)[0] == "armed_clash"


def test_timeline_month_leaves_coarse_dates_out_and_keeps_gaps(prepared):
    frame, left_out = transforms.timeline_frame(prepared, "month")
    assert left_out == 1  # i4 is known only to the year
    assert frame["incidents"].sum() == 5
    sep = frame.set_index("period_label").loc["2022-09"]
    assert sep["incidents"] == 2
    assert (sep["fatalities_low"], sep["fatalities_high"]) == (78, 141)
    apr = frame.set_index("period_label").loc["2021-04"]
    assert apr["incidents"] == 1 and apr["unknown_tolls"] == 1
    assert math.isnan(apr["fatalities_low"])  # unknown, not zero
    empty_month = frame.set_index("period_label").loc["2021-05"]
    # no incident recorded is a gap, not zero incidents
    assert pd.isna(empty_month["incidents"]) and math.isnan(empty_month["fatalities_high"])
    assert (frame["period_end"] > frame["period"]).all()


def test_timeline_year_counts_every_dated_incident(prepared):
    frame, left_out = transforms.timeline_frame(prepared, "year")
    assert left_out == 0
    assert dict(zip(frame["period_label"], frame["incidents"], strict=True)) == {
        "2021": 1, "2022": 2, "2023": 1, "2024": 2,
    }  # fmt: skip
    assert transforms.choose_granularity(prepared) == "month"
    assert transforms.choose_granularity(prepared, max_months=12) == "year"


def test_timeline_empty():
    frame, left_out = transforms.timeline_frame(
        transforms.prepare(synthetic_incidents().iloc[0:0]), "month"
    )
    assert frame.empty and left_out == 0


def test_by_border_pair(prepared):
    pairs = transforms.by_border_pair(prepared)
    assert list(pairs["border_pair"]) == ["KGZ-TJK", "TJK-AFG", "UZB"]
    kt = pairs.iloc[0]
    assert kt["incidents"] == 3 and kt["unknown_tolls"] == 1
    assert (kt["fatalities_low"], kt["fatalities_high"]) == (78, 141)
    assert transforms.range_text(78, 141) == "78–141"
    assert transforms.range_text(None, None) == "unknown"


def test_display_table_and_geojson(prepared):
    table = transforms.display_table(prepared)
    assert list(table.columns[:5]) == [
        "incident_id", "date_start", "date_end", "date_precision", "country_iso3",
    ]  # fmt: skip
    for internal in ("fat_lo", "fat_hi", "tip", "source_text", "date_text"):
        assert internal not in table
    assert {"border_pair", "casualties", "cited_source"} <= set(table)
    gj = transforms.to_geojson(table)
    assert len(gj["features"]) == len(table)
    json.dumps(gj)  # serialisable
    first = gj["features"][0]
    assert first["geometry"]["type"] == "Point"
    assert first["properties"]["date_start"] == "2021-04-01"


def test_tooltip_fields_are_plain_text_with_range(prepared):
    row = prepared.set_index("incident_id").loc["i1"].to_dict()
    tip = transforms.tooltip_fields(row)
    assert "37–100 killed (disputed)" in tip["tip_body"]
    # plain text: the browser escapes it into the template (markup in data stays text)
    assert "<b>big</b>" in tip["tip_body"] and "&lt;" not in tip["tip_body"]
    assert tip["tip_source"].startswith("Source:") and "PSM 14" in tip["tip_source"]


def test_cap_rows():
    df = pd.DataFrame({"date_start": pd.date_range("2000-01-01", periods=6000, freq="D")})
    assert len(transforms.cap_rows(df)) == 5000


def test_joins_all_keeps_incidents_between_the_selected_countries(prepared):
    from dashboard_core.incidents.transforms import IncidentSelection, nothing_note, view_for

    both = view_for(prepared, IncidentSelection(("KGZ", "TJK"), (2000, 2030), match="all"))
    assert set(both.rows["incident_id"]) == {"i1", "i2", "i3"}
    anyone = view_for(prepared, IncidentSelection(("KGZ", "TJK"), (2000, 2030)))
    assert set(anyone.rows["incident_id"]) == {"i1", "i2", "i3", "i4", "i5"}
    three = IncidentSelection(("KGZ", "TJK", "AFG"), (2000, 2030), match="all")
    assert view_for(prepared, three).rows.empty
    assert "two sides at most" in nothing_note(three, {})
