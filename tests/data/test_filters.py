"""Shared filters: URL parsing/sanitising and the per-dataset row rules."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.data.contract import CENTRAL_ASIA_5, FOCUS_ISO3
from dashboard_core.data.filters import (
    COUNTRY_GROUPS,
    Filters,
    apply_filters,
    clamp_years,
    lists_any,
    parse_query,
    to_query,
    year_bounds,
)

KNOWN = (*FOCUS_ISO3, "IRN", "PAK", "CHN", "RUS")


BOUNDS = (1991, 2025)


def parse(params: dict) -> tuple[Filters, tuple[str, ...]]:
    parsed = parse_query(params, KNOWN, BOUNDS)
    return parsed.filters, parsed.notices


def test_empty_query_gives_defaults_without_notices():
    filters, notices = parse({})
    assert filters == Filters(FOCUS_ISO3, BOUNDS, False)
    assert notices == ()


def test_valid_query_round_trips_through_to_query():
    filters = Filters(("KAZ", "AFG"), (2015, 2020), True)
    again, notices = parse(to_query(filters))
    assert again == filters
    assert notices == ()


def test_countries_are_normalised_deduplicated_and_ordered():
    filters, notices = parse({"countries": ["afg", " kaz ", "KAZ"]})
    assert filters.countries == ("KAZ", "AFG")
    assert notices == ()


def test_unknown_country_dropped_with_notice():
    filters, notices = parse({"countries": ["KAZ", "XXX"]})
    assert filters.countries == ("KAZ",)
    assert len(notices) == 1 and "'XXX'" in notices[0]


def test_only_unknown_countries_fall_back_to_default():
    filters, notices = parse({"countries": "XXX"})
    assert filters.countries == FOCUS_ISO3
    assert any("default" in n for n in notices)


def test_explicit_empty_countries_is_an_empty_selection():
    filters, notices = parse({"countries": [""]})
    assert filters.countries == ()
    assert notices == ()
    assert to_query(filters)["countries"] == [""]


def test_non_alphabetic_year_is_ignored():
    filters, notices = parse({"years": "abc"})
    assert filters.years == BOUNDS
    assert notices and "'abc'" in notices[0]


def test_reversed_and_out_of_range_years_are_ordered_and_clamped():
    filters, notices = parse({"years": ["2030", "1900"]})
    assert filters.years == BOUNDS
    assert any("outside" in n for n in notices)


def test_partly_out_of_range_years_clamp_one_end():
    filters, _ = parse({"years": ["1980", "2010"]})
    assert filters.years == (1991, 2010)


def test_single_year_means_that_year():
    filters, notices = parse({"years": "2012"})
    assert filters.years == (2012, 2012)
    assert notices == ()


def test_more_than_two_years_use_the_extremes():
    filters, notices = parse({"years": ["2010", "2001", "2005"]})
    assert filters.years == (2001, 2010)
    assert notices


@pytest.mark.parametrize("name", ["countries", "years", "present"])
def test_huge_value_is_rejected_and_not_echoed(name):
    huge = "A" * 10_000
    filters, notices = parse({name: huge})
    assert filters == Filters(FOCUS_ISO3, BOUNDS, False)
    assert all(len(n) < 200 for n in notices)
    assert notices


def test_many_repeated_values_are_bounded():
    filters, notices = parse({"countries": ["XXX"] * 100_000 + ["KAZ"]})
    # only the first MAX_VALUES_READ are looked at: KAZ is beyond them, so the default applies
    assert filters.countries == FOCUS_ISO3
    assert all(len(n) < 200 for n in notices)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("0", False), ("", False), ("maybe", False)],
)
def test_present_values(raw, expected):
    filters, notices = parse({"present": raw})
    assert filters.present is expected
    assert bool(notices) == (raw == "maybe")


def test_weird_types_do_not_crash():
    filters, _ = parse({"countries": None, "years": [None, 5], "present": 3})
    assert filters.countries == ()
    assert filters.years == (BOUNDS[0], BOUNDS[0])


def test_clamp_years():
    assert clamp_years((2030, 1900), BOUNDS) == BOUNDS
    assert clamp_years((1800, 1850), BOUNDS) == (1991, 1991)


def test_groups():
    assert COUNTRY_GROUPS["Central Asia 5"] == CENTRAL_ASIA_5
    assert COUNTRY_GROUPS["CA5 + Afghanistan"] == FOCUS_ISO3


def test_year_bounds_span_fact_tables_but_not_planned_completions():
    tables = {
        "trade": pd.DataFrame({"year": pd.array([2005, 2020, None], dtype="Int64")}),
        "incidents": pd.DataFrame({"date_start": pd.to_datetime(["2021-05-01"])}),
        "events": pd.DataFrame({"date": pd.to_datetime(["1998-01-01"])}),
        "corridors": pd.DataFrame({"start_year": [2010], "completion_year": [2035]}),
    }
    assert year_bounds(tables) == (1998, 2021)


def test_year_bounds_fallback_and_single_year():
    assert year_bounds({}) == (1991, 2025)
    assert year_bounds({"trade": pd.DataFrame({"year": [2020]})}) == (2020, 2021)


F = Filters(("KAZ", "AFG"), (2010, 2020))


def test_trade_matches_reporter_or_partner_and_year():
    df = pd.DataFrame(
        {
            "reporter_iso3": ["KAZ", "UZB", "UZB", "KAZ", "TJK"],
            "partner_iso3": ["CHN", "AFG", "CHN", "AFG", None],
            "year": pd.array([2015, 2015, 2015, 2021, 2015], dtype="Int64"),
        }
    )
    assert list(apply_filters(df, "trade", F).index) == [0, 1]


def test_displacement_matches_origin_or_location():
    df = pd.DataFrame(
        {
            "origin_iso3": ["AFG", "TJK", "TJK"],
            "location_iso3": ["PAK", "KAZ", "UZB"],
            "year": [2012, 2012, 2012],
        }
    )
    assert list(apply_filters(df, "displacement", F).index) == [0, 1]


def test_incidents_match_country_or_counterpart_by_start_date():
    df = pd.DataFrame(
        {
            "country_iso3": ["TJK", "KGZ", "AFG"],
            "counterpart_iso3": ["AFG", "TJK", None],
            "date_start": pd.to_datetime(["2015-03-01", "2015-03-01", "2009-12-31"]),
        }
    )
    assert list(apply_filters(df, "incidents", F).index) == [0]


def test_events_and_corridors_match_any_listed_country():
    events = pd.DataFrame(
        {
            "countries": ["UZB;AFG", "KGZ", None],
            "date": pd.to_datetime(["2018-01-01", "2018-01-01", "2018-01-01"]),
        }
    )
    assert list(apply_filters(events, "events", F).index) == [0]
    corridors = pd.DataFrame(
        {
            "countries": ["UZB; AFG ;PAK", "KAZ", "KAZ;CHN", "TKM"],
            "start_year": pd.array([2018, 2025, None, 2000], dtype="Int64"),
            "completion_year": pd.array([2027, None, None, None], dtype="Int64"),
        }
    )
    # the KAZ one starting 2025 is after the period; unknown start stays in view
    assert list(apply_filters(corridors, "corridors", F).index) == [0, 2]


def test_lists_any_handles_missing():
    mask = lists_any(pd.Series(["A;B", None, pd.NA, ""], dtype="object"), ["B"])
    assert mask.tolist() == [True, False, False, False]


def test_no_countries_selected_keeps_nothing():
    df = pd.DataFrame({"reporter_iso3": ["KAZ"], "partner_iso3": ["AFG"], "year": [2015]})
    assert apply_filters(df, "trade", Filters((), (2010, 2020))).empty


def test_unknown_dataset_is_a_clear_error():
    with pytest.raises(ValueError, match="no filter rule"):
        apply_filters(pd.DataFrame({"a": [1]}), "weather", F)


def test_empty_frame_passes_through():
    empty = pd.DataFrame(columns=["reporter_iso3", "partner_iso3", "year"])
    assert apply_filters(empty, "trade", F).empty


def test_lists_all_and_columns_all():
    from dashboard_core.data.filters import columns_all, lists_all

    cells = pd.Series(["UZB;AFG", "UZB;TKM;AFG;PAK", "UZB", None])
    assert lists_all(cells, ["UZB", "AFG"]).tolist() == [True, True, False, False]
    assert lists_all(cells, []).tolist() == [False] * 4
    pairs = pd.DataFrame({"a": ["KGZ", "TJK", "TJK"], "b": ["TJK", "AFG", None]})
    assert columns_all(pairs, ["a", "b"], ["TJK", "KGZ"]).tolist() == [True, False, False]
    assert columns_all(pairs, ["a", "b"], ["TJK"]).tolist() == [True, True, True]
    assert not columns_all(pairs, ["a", "b"], ["TJK", "KGZ", "AFG"]).any()


def test_filter_choices_in_words_and_file_tokens():
    from dashboard_core.data.filters import (
        FilterChoice,
        countries_token,
        describe_choices,
        file_token,
        shared_choices,
    )

    names = {"TJK": "Tajikistan"}
    choices = shared_choices(Filters(("TJK",), (2015, 2024)), names)
    assert choices == (
        FilterChoice("Countries", "Tajikistan (TJK)", "TJK"),
        FilterChoice("Years", "2015–2024", "2015-2024"),
    )
    assert countries_token(FOCUS_ISO3) == "CA5-AFG"
    assert countries_token(("KAZ", "KGZ", "TJK", "TKM", "UZB")) == "CA5"
    assert countries_token(("KAZ", "CHN", "RUS", "IRN")) == "4-countries"
    assert countries_token(()) == "no-countries"
    assert file_token(["AFG"], "origin") == "origin-AFG"
    assert file_token(["a", "b", "c", "d"]) == ""
    assert file_token(["new arrivals/x"]) == "new-arrivals-x"
    text = describe_choices([*choices, FilterChoice("Origin", "Afghanistan (AFG)")])
    assert text == "countries: Tajikistan (TJK); years: 2015–2024; origin: Afghanistan (AFG)"


@pytest.mark.parametrize("dataset", ["trade", "displacement", "population"])
@pytest.mark.parametrize(
    "chosen", [Filters(("KAZ", "AFG"), (2010, 2018)), Filters((), (2000, 2025)), Filters()]
)
def test_store_conditions_keep_the_rows_the_filters_keep(dataset, chosen):
    from dashboard_core.data import loading, paths
    from dashboard_core.data.filters import row_mask, store_where

    if not (paths.clean_dir() / f"{dataset}.parquet").exists():
        pytest.skip("data/clean is not built")
    frame = loading.load_table(dataset)
    assert store_where(dataset, chosen).mask(frame).equals(row_mask(frame, dataset, chosen))
    with pytest.raises(ValueError, match="no store rule"):
        store_where("events", chosen)
