"""Numbers and text as shown on screen: money, people, missing values, Markdown escaping."""

from __future__ import annotations

import html

import pandas as pd


def format_usd(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "n/a"
    v = float(value)
    for threshold, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if abs(v) >= threshold:
            return f"US$ {v / threshold:,.1f} {word}"
    return f"US$ {v:,.0f}"


def format_people(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "n/a"
    return f"{float(value):,.0f}"


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def clean_text(value: object) -> str:
    return "" if is_missing(value) else str(value).strip()


def escape_html(value: object) -> str:
    """Any value as text safe inside HTML (element content or a quoted attribute)."""
    return html.escape(clean_text(value), quote=True)


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown (and Streamlit's `$` LaTeX) so text shows as written."""
    for ch in "\\`*_{}[]<>()#+-.!|~$":
        text = text.replace(ch, "\\" + ch)
    return text
