import pandas as pd
import pytest

from dashboard_core.data import dictionary, presentation
from dashboard_core.data.contract import TABLE_COLUMNS
from dashboard_core.data.vocabulary import words_for

NAMES = {"TJK": "Tajikistan", "AFG": "Afghanistan", "UZB": "Uzbekistan"}


def trade_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "reporter_iso3": pd.array(["TJK", "UZB"], dtype="string"),
            "partner_iso3": pd.array(["AFG", None], dtype="string"),
            "flow": pd.array(["export", "turnover"], dtype="string"),
            "year": pd.array([2023, 2024], dtype="Int64"),
            "value_usd": [17989.8774, None],
            "value_original": [655_561.5, 3.0],
            "currency_original": ["USD", "USD"],
            "source_id": ["statuz-1105", "a;b"],
            "verification": ["official_release", "reported"],
            "unit_original": ["thousand USD", None],
        }
    )


def test_headers_are_words_with_units_never_raw_names():
    shown = presentation.readable(trade_rows(), "trade", NAMES)
    specs = {s.name: s for s in presentation.column_specs(shown, "trade")}
    assert specs["reporter_iso3"].label == "Reporter"
    assert specs["value_usd"].label == "Value (US$)"
    assert all(s.label != s.name for s in specs.values())
    assert "value_usd" in specs["value_usd"].help  # the download column is named in the tooltip


def test_every_clean_field_has_a_header_in_words():
    for table, columns in TABLE_COLUMNS.items():
        for column in columns:
            label = dictionary.field_label(table, column)
            assert label != column and "_" not in label, (table, column, label)


def test_a_column_nobody_documented_still_gets_words():
    frame = pd.DataFrame({"new_flag_x": [True, False], "new_measure_x": [1.5, None]})
    specs = presentation.column_specs(presentation.readable(frame, "trade", NAMES), "trade")
    assert [s.label for s in specs] == ["New flag x", "New measure x"]
    assert specs[0].kind == "checkbox" and specs[1].kind == "number"


def test_which_reading_a_row_is_in_words_beside_its_value():
    frame = pd.DataFrame(
        {
            "reporter_iso3": ["UZB", "UZB"],
            "source_id": ["statuz-1105", "kjfs-2022"],
            "locator": ["statuz-1105#Sheet!B7", "L211"],
            "verification": ["official_release", "seed_verified"],
            "not_preferred_reason": ["", "stat.uz is used instead (own official release)"],
            "preferred": [True, False],
        }
    )
    sources = pd.DataFrame(
        {
            "source_id": ["statuz-1105", "kjfs-2022"],
            "title": ["Uzbekistan: exports of goods by partner country", "A journal issue"],
            "publisher": ["Statistics Agency (stat.uz)", "A university"],
        }
    )
    shown = presentation.readable(frame, "trade", NAMES, sources)
    assert list(shown.columns[:3]) == ["verification", "preferred", "not_preferred_reason"]
    with_value = presentation.readable(frame.assign(value_usd=[1.0, 2.0]), "trade", NAMES)
    at = list(with_value.columns).index("value_usd")
    assert list(with_value.columns[at : at + 3]) == [
        "value_usd", "preferred", "not_preferred_reason"
    ]  # fmt: skip
    assert list(shown["preferred"]) == ["Preferred", "Other reading"]
    assert list(shown["source_id"]) == [
        "Uzbekistan: exports of goods by partner country (stat.uz)",
        "A journal issue (A university)",
    ]
    assert list(shown["locator"]) == ["Sheet!B7", "L211"]  # the Source column names the file
    labels = [s.label for s in presentation.column_specs(shown, "trade")[:3]]
    assert labels == ["Verification", "Reading", "Why another reading is used"]


def test_values_in_words_numbers_stay_numbers():
    shown = presentation.readable(trade_rows(), "trade", NAMES)
    first = shown.iloc[0]
    assert first["reporter_iso3"] == "Tajikistan (TJK)"
    assert first["flow"] == "Export"
    assert shown.loc[1, "flow"] == "Turnover (both ways)"
    assert pd.isna(shown.loc[1, "partner_iso3"])  # a gap stays a gap (shown as a dash)
    assert shown.loc[1, "source_id"] == "a, b"
    assert pd.api.types.is_float_dtype(shown["value_usd"])  # sorts by value
    assert list(shown.columns[:1]) == ["verification"]
    assert shown.loc[1, "verification"].startswith("⚠")


def test_published_value_sits_beside_its_scale_and_currency():
    columns = list(presentation.readable(trade_rows(), "trade", NAMES).columns)
    at = columns.index("value_original")
    assert columns[at + 1 : at + 3] == ["unit_original", "currency_original"]


def test_number_formats_follow_the_unit():
    shown = presentation.readable(trade_rows(), "trade", NAMES)
    specs = {s.name: s for s in presentation.column_specs(shown, "trade")}
    assert specs["value_usd"].number_format == "%,.0f"
    assert specs["year"].number_format == "%d"  # never "2,024"


@pytest.mark.parametrize(
    ("precision", "text"),
    [("day", "2022-09-14"), ("month", "2022-09"), ("year", "2022"), ("quarter", "2022 Q3")],
)
def test_dates_as_precise_as_the_source(precision, text):
    frame = pd.DataFrame(
        {"date_start": pd.to_datetime(["2022-09-14"]), "date_precision": [precision]}
    )
    assert presentation.readable(frame, "incidents", NAMES).loc[0, "date_start"] == text


def test_lists_and_codes_read_as_text():
    frame = pd.DataFrame(
        {
            "countries": ["UZB;AFG", None],
            "status": ["under_construction", "brand_new_status"],
            "financiers": ["ADB;World Bank", ""],
        }
    )
    shown = presentation.readable(frame, "corridors", NAMES)
    assert shown.loc[0, "countries"] == "Uzbekistan, Afghanistan"
    assert shown.loc[0, "status"] == "Under construction"
    assert shown.loc[1, "status"] == "Brand new status"
    assert shown.loc[0, "financiers"] == "ADB, World Bank"
    assert pd.isna(shown.loc[1, "countries"])


def test_words_for_unknown_codes_and_lists():
    assert words_for("displacement", "population_type", "returned_refugees") == "Returned refugees"
    assert words_for("displacement", "population_type", "oip") == "Oip"
    assert words_for("cities", "kind", "capital;waypoint") == "Capital, Corridor waypoint"
    assert words_for("trade", "measure", "target") == "Target"


def test_only_the_rows_given_are_touched():
    rows = pd.concat([trade_rows()] * 300, ignore_index=True)
    page = presentation.readable(rows.iloc[500:600], "trade", NAMES)
    assert len(page) == 100 and page.index[0] == 0
