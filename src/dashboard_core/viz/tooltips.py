"""Map tooltips the way pydeck intends: one HTML template per deck with `{field}` placeholders,
filled in the browser from three plain-text fields every pickable record carries.

Streamlit 1.67's deck.gl component HTML-escapes each value it puts into the template (its
`escapeHtml` of `&<>"'`), so the fields hold plain text: a value from data shows as written and can
never become markup. Escaping them here as well would print entities (`d&#x27;Ivoire`). The
markup lives in the constant template alone; line breaks inside a field are newlines, shown by the
tooltip's `white-space: pre-line`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from dashboard_core.data.formatting import clean_text

TITLE, BODY, SOURCE = "tip_title", "tip_body", "tip_source"
TEMPLATE = "<b>{tip_title}</b><br/>{tip_body}<br/><i>{tip_source}</i>"


def plain(value: object) -> str:
    """Text for a tooltip field: missing -> "", control characters dropped."""
    text = clean_text(value)
    return "".join(ch for ch in text if ch == "\n" or ch.isprintable())


def fields(title: object, lines: Iterable[object] = (), source: object = "") -> dict[str, str]:
    """The three tooltip fields of one record."""
    body = "\n".join(t for t in (plain(line) for line in lines) if t)
    return {TITLE: plain(title), BODY: body, SOURCE: plain(source)}


def source_title(source_ids: object, titles: Mapping[str, str]) -> str:
    """ "Source: <title>" for a source id (or a `;`-joined list), by its title (`titles` from
    `data.naming.map_source_titles`), never by its id when the title is known."""
    ids = [s.strip() for s in clean_text(source_ids).split(";") if s.strip()]
    if not ids:
        return ""
    named = [titles.get(i, i) for i in dict.fromkeys(ids)]
    return ("Sources: " if len(named) > 1 else "Source: ") + "; ".join(named)


def spec(presenter: bool = False) -> dict:
    """The deck's `tooltip` argument."""
    return {
        "html": TEMPLATE,
        "style": {
            "backgroundColor": "#1f1f1f",
            "color": "#ffffff",
            "fontSize": "20px" if presenter else "14px",
            "fontFamily": '"Source Sans Pro", "DejaVu Sans", sans-serif',
            "maxWidth": "460px" if presenter else "380px",
            "whiteSpace": "pre-line",
            "lineHeight": "1.35",
            "padding": "8px 10px",
        },
    }
