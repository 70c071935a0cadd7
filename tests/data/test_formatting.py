"""Formatting: the escapes every value from data, URLs and uploads goes through before it is
shown, and the one style for money, numbers and counts."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard_core.data import formatting
from dashboard_core.data.formatting import (
    WORD_JOINER,
    count_text,
    escape_html,
    escape_markdown,
    format_number,
    format_people,
    format_share,
    format_usd,
    plural,
)

HOSTILE = [
    "[SIGN IN](//ev.io)",
    "![](//ev.io/p.png)",
    "<img src=x onerror=alert(1)>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "www.ev.io",
    "WWW.EV.IO",
    "https://ev.io/x",
    "user@ev.io",
    ":material/lock: :smile: :streamlit: :red[fake]",
    "$\\href{//ev.io}{x}$",
    "# heading",
    "1. item",
    "| a | b |",
    "`code` **bold** _it_ ~~s~~",
    "a\\",
    "AT&T",
]


def unescaped(markdown: str) -> tuple[str, str]:
    """(characters outside backslash escapes, the text as Markdown shows it)."""
    bare, shown, i = [], [], 0
    while i < len(markdown):
        if markdown[i] == "\\" and i + 1 < len(markdown):
            shown.append(markdown[i + 1])
            i += 2
            continue
        bare.append(markdown[i])
        shown.append(markdown[i])
        i += 1
    return "".join(bare), "".join(shown)


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_markdown_leaves_no_markdown_meaning(text):
    bare, shown = unescaped(escape_markdown(text))
    assert not set(bare) & set("[]()!<>#|`*_~$&\\"), bare
    # no web address, e-mail, icon or emoji shortcode survives as a run of characters
    for run in ("www.", "://", ":lock:", ":smile:", ":streamlit:", ":red[", "@ev"):
        assert run not in shown.lower(), (run, shown)
    # and it reads as written once the invisible word joiners are dropped
    assert shown.replace(WORD_JOINER, "") == text.strip()


def test_escape_markdown_handles_missing_values_and_line_breaks():
    assert escape_markdown(None) == ""
    assert escape_markdown(pd.NA) == ""
    assert escape_markdown(float("nan")) == ""
    assert escape_markdown("one\n\n# two\r\nthree") == "one \\# two three"


def test_escapes_drop_bidirectional_overrides():
    assert escape_markdown("\u202egpj.exe") == "gpj\\.exe"
    assert escape_html("a\u2066b\u2069c") == "abc"


def test_escape_html():
    assert escape_html('<a href="x">&\'</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;&lt;/a&gt;"
    assert escape_html(None) == ""
    assert escape_html(12.5) == "12.5"


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
