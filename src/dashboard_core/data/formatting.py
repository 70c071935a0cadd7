"""Numbers and text as shown on screen: money, people, counts with their noun, shares, missing
values, HTML and Markdown escaping.

One style across the app (tables, captions, tooltips, cards, downloads' README):
- money: `format_usd` -> "US$756 million", "US$4.8 billion", "US$1.25 billion", "US$12,300";
  three significant digits from a million up (the word says the scale), whole dollars below;
- people and other counts: `format_people` / `format_number` -> "10,092";
- a number with its noun: `count_text(1, "row")` -> "1 row", `count_text(5, "year")` -> "5 years";
- shares: `format_share(0.123)` -> "12%", `format_share(0.045)` -> "4.5%", below 0.1% "<0.1%".
Chart axes may stay compact ("4.8 bn", see `viz.charts.unit_label_expr`) but use the same words.
"""

from __future__ import annotations

import html
import math

import pandas as pd

MISSING = "n/a"  # a missing figure inside a sentence
EMPTY_CELL = "–"  # a missing value in a table cell
MINUS = "−"
MONEY_SCALES: tuple[tuple[float, str], ...] = (
    (1e12, "trillion"),
    (1e9, "billion"),
    (1e6, "million"),
)
SIGNIFICANT_DIGITS = 3


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _significant(value: float, digits: int = SIGNIFICANT_DIGITS) -> str:
    """A positive number with `digits` significant digits (at least its whole part), trailing
    zeros dropped: 756.3 -> "756", 4.8 -> "4.8", 1.25 -> "1.25", 12.34 -> "12.3"."""
    whole_digits = len(str(int(value))) if value >= 1 else 1
    decimals = max(0, digits - whole_digits)
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_usd(value: float | None, missing: str = MISSING) -> str:
    """Money in US dollars: "US$756 million", "US$4.8 billion", "US$12,300", "−US$3.1 million"."""
    if is_missing(value):
        return missing
    v = float(value)
    if not math.isfinite(v):
        return missing
    sign = MINUS if v < 0 else ""
    size = abs(v)
    for i, (threshold, word) in enumerate(MONEY_SCALES):
        if size >= threshold:
            text = _significant(size / threshold)
            # 999.96 million rounds to "1,000 million": say "1 billion" instead
            if float(text.replace(",", "")) >= 1000 and i > 0:
                bigger, bigger_word = MONEY_SCALES[i - 1]
                text, word = _significant(size / bigger), bigger_word
            return f"{sign}US${text} {word}"
    if size >= 999_999.5:  # rounds to a million
        return f"{sign}US$1 million"
    return f"{sign}US${size:,.0f}" if size >= 1 or size == 0 else f"{sign}US${size:.2g}"


def format_number(value: float | None, decimals: int = 0, missing: str = MISSING) -> str:
    """A count or measure, thousands separated: 10092 -> "10,092" (`decimals` after the point)."""
    if is_missing(value):
        return missing
    v = float(value)
    if not math.isfinite(v):
        return missing
    text = f"{abs(v):,.{decimals}f}"
    return (MINUS if v < 0 and float(text.replace(",", "")) != 0 else "") + text


def format_people(value: float | None, missing: str = MISSING) -> str:
    """A number of people (or any whole count): "10,092"."""
    return format_number(value, 0, missing)


def plural(noun: str, count: float) -> str:
    """The noun for `count`: "row"/"rows", "country"/"countries", "match"/"matches"."""
    if abs(count) == 1:
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def count_text(count: float, noun: str, plural_form: str | None = None) -> str:
    """A count with its noun: "1 row", "5 years", "1,234 incidents", "2 people" (`plural_form`
    for irregular nouns)."""
    word = noun if abs(count) == 1 else (plural_form or plural(noun, count))
    return f"{format_number(count)} {word}"


def format_share(share: float | None, missing: str = MISSING) -> str:
    """A share (0.123 = 12.3%) as a percentage: "12%" from 10% up, "4.5%" below, "<0.1%" for a
    small non-zero share, "0%" for none."""
    if is_missing(share):
        return missing
    pct = float(share) * 100
    if pct == 0:
        return "0%"
    if 0 < abs(pct) < 0.1:
        return "<0.1%" if pct > 0 else f"{MINUS}<0.1%"
    decimals = 0 if abs(pct) >= 9.95 else 1
    text = f"{abs(pct):.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{abs(pct):.0f}"
    return (MINUS if pct < 0 else "") + text + "%"


def clean_text(value: object) -> str:
    return "" if is_missing(value) else str(value).strip()


def escape_html(value: object) -> str:
    """Any value as text safe inside HTML (element content or a quoted attribute)."""
    return html.escape(clean_text(value), quote=True)


def escape_markdown_text(text: str) -> str:
    """Escape only what can turn text into markup inside a line of a Markdown file (emphasis,
    links, HTML, code, table cells, `$`): readable as plain text, inert when rendered. For the
    README files of downloads; on screen use `escape_markdown`."""
    for ch in "\\`*_{}[]<>#|~$":
        text = text.replace(ch, "\\" + ch)
    return text


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown (and Streamlit's `$` LaTeX) so text shows as written."""
    for ch in "\\`*_{}[]<>()#+-.!|~$":
        text = text.replace(ch, "\\" + ch)
    return text
