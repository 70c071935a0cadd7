"""Numbers and text as shown on screen: money, people, missing values, Markdown escaping."""

from __future__ import annotations

import html
import re

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


# Characters Markdown (CommonMark, GFM and Streamlit's `$` LaTeX) gives a meaning; a backslash
# makes each stand for itself.
_MARKDOWN_PUNCTUATION = "\\`*_{}[]<>()#+-.!|~$&\"'=^"
# Invisible and never a line break. Streamlit finds web addresses (`www.`, `https://`, e-mail),
# icons, emoji and its logo (`:material/lock:`, `:smile:`, `:streamlit:`) in text where a
# backslash cannot stop it (some after Markdown has resolved its escapes); a word joiner inside
# `www.` and after every `:` and `@` does.
WORD_JOINER = "\u2060"
_WWW = re.compile(r"(?i)www(?=\\\.)")
# Explicit bidirectional overrides can make text read backwards ("gpj.exe"); right-to-left
# scripts need none of them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def escape_html(value: object) -> str:
    """Any value as text safe inside HTML (element content or a quoted attribute)."""
    return html.escape(_BIDI_CONTROLS.sub("", clean_text(value)), quote=True)


def escape_markdown(value: object) -> str:
    """Any value as Markdown that Streamlit shows exactly as written: no link, image, HTML,
    heading, list, table, LaTeX, icon, emoji or colour directive, no web address made a link."""
    text = _LINE_BREAKS.sub(" ", _BIDI_CONTROLS.sub("", clean_text(value)))
    for ch in _MARKDOWN_PUNCTUATION:
        text = text.replace(ch, "\\" + ch)
    text = _WWW.sub(lambda match: match.group(0) + WORD_JOINER, text)
    return text.replace(":", ":" + WORD_JOINER).replace("@", "@" + WORD_JOINER)
