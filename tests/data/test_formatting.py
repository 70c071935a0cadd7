import math

import pandas as pd
import pytest

from dashboard_core.data import formatting
from dashboard_core.data.formatting import (
    count_text,
    format_number,
    format_people,
    format_share,
    format_usd,
    plural,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (756.3e6, "US$756 million"),
        (4.8e9, "US$4.8 billion"),
        (7.31e9, "US$7.31 billion"),
        (1.25e9, "US$1.25 billion"),
        (10.93e6, "US$10.9 million"),
        (12_300, "US$12,300"),
        (17_989.8774, "US$17,990"),
        (3e9, "US$3 billion"),
        (999.96e6, "US$1 billion"),
        (999_999.7, "US$1 million"),
        (1e6, "US$1 million"),
        (2.5e12, "US$2.5 trillion"),
        (0, "US$0"),
        (-3.14e6, "−US$3.14 million"),
    ],
)
def test_money_is_written_one_way(value, text):
    assert format_usd(value) == text


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA, float("inf")])
def test_missing_money_says_so(missing):
    assert format_usd(missing) == "n/a"
    assert format_usd(missing, missing="–") == "–"


def test_people_and_numbers_separate_thousands():
    assert format_people(10_092) == "10,092"
    assert format_people(7087.0) == "7,087"
    assert format_people(None) == "n/a"
    assert format_number(1234.567, 2) == "1,234.57"
    assert format_number(-5) == "−5"
    assert format_number(-0.2) == "0"


@pytest.mark.parametrize(
    ("count", "noun", "text"),
    [
        (1, "row", "1 row"),
        (5, "year", "5 years"),
        (0, "incident", "0 incidents"),
        (1234, "row", "1,234 rows"),
        (2, "country", "2 countries"),
        (1, "country", "1 country"),
        (3, "day", "3 days"),
        (2, "match", "2 matches"),
    ],
)
def test_counts_take_the_right_plural(count, noun, text):
    assert count_text(count, noun) == text


def test_irregular_plural_is_given():
    assert count_text(2, "person", "people") == "2 people"
    assert count_text(1, "person", "people") == "1 person"
    assert plural("figure", 2) == "figures"


@pytest.mark.parametrize(
    ("share", "text"),
    [(0.123, "12%"), (0.045, "4.5%"), (0.0004, "<0.1%"), (0, "0%"), (1, "100%"), (0.0999, "10%")],
)
def test_shares(share, text):
    assert format_share(share) == text


def test_escaping_helpers_still_there():
    assert formatting.escape_html("<b>") == "&lt;b&gt;"
    assert formatting.escape_markdown("$5") == "\\$5"
