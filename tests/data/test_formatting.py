"""The two escapes every value from data, URLs and uploads goes through before it is shown."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.data.formatting import WORD_JOINER, escape_html, escape_markdown

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
