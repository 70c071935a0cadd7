"""Scenes: saved views a presenter steps through. A scene is a page and its query string (the
shared filters, the page's own switches, the map's year, layers and frame), so it means exactly
what a copied link means. An ordered list travels in the URL (`?scenes=...`, one value per scene)
or in a small JSON file. Parsing never raises: bad entries are dropped with a note.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

PARAM_SCENES = "scenes"
PARAM_SCENE = "scene"  # 1-based position of the scene on screen
MAX_SCENES = 40
MAX_SCENE_CHARS = 1_500
FILE_VERSION = 1


@dataclass(frozen=True)
class Scene:
    page: str  # url path without slashes ("" for the Overview)
    query: tuple[tuple[str, str], ...]  # parameters in order, repeated keys allowed

    def encode(self) -> str:
        """`trade?countries=KAZ&year=2022` (the page alone when there is no query)."""
        query = urlencode(list(self.query))
        return f"{self.page}?{query}" if query else self.page

    def params(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key, value in self.query:
            out.setdefault(key, []).append(value)
        return out

    def label(self, page_titles: dict[str, str]) -> str:
        return page_titles.get(self.page, self.page or "Overview")


def scene_of(page: str, params: dict[str, list[str]]) -> Scene:
    """The scene of a view: its page and every parameter but the scene list's own."""
    pairs = tuple(
        (key, value)
        for key, values in params.items()
        if key not in (PARAM_SCENES, PARAM_SCENE)
        for value in values
    )
    return Scene(page.strip("/"), pairs)


def decode(text: str, pages: set[str]) -> Scene | None:
    """A scene from its URL form, or None if it names no known page or is too long."""
    if not isinstance(text, str) or len(text) > MAX_SCENE_CHARS:
        return None
    page, _, query = text.partition("?")
    page = page.strip().strip("/")
    if page not in pages:
        return None
    pairs = tuple(
        (k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in (PARAM_SCENES,)
    )
    return Scene(page, tuple((k, v) for k, v in pairs if k != PARAM_SCENE))


def parse_list(values: list[str], pages: set[str]) -> tuple[list[Scene], list[str]]:
    """(scenes, notes) from the URL's `scenes` values."""
    scenes, notes = [], []
    for i, text in enumerate(values[: MAX_SCENES + 1], start=1):
        scene = decode(text, pages)
        if scene is None:
            notes.append(f"Scene {i} in the link was left out (unknown page or too long).")
        else:
            scenes.append(scene)
    if len(values) > MAX_SCENES:
        notes.append(f"Only the first {MAX_SCENES} scenes are kept.")
        scenes = scenes[:MAX_SCENES]
    return scenes, notes


def to_file(scenes: list[Scene]) -> bytes:
    """The list as a small JSON file to share."""
    body = {"central_asia_monitor_scenes": FILE_VERSION, "scenes": [s.encode() for s in scenes]}
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def from_file(data: bytes, pages: set[str]) -> tuple[list[Scene], list[str]]:
    """(scenes, notes) from a file written by `to_file`; a wrong file gives a note, no scene."""
    try:
        body = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return [], ["The file is not a scene list (it is not UTF-8 text)."]
    except json.JSONDecodeError as error:
        return [], [f"The file is not a scene list (JSON error at line {error.lineno})."]
    if not isinstance(body, dict) or not isinstance(body.get("scenes"), list):
        return [], ['The file is not a scene list (no "scenes" list in it).']
    values = [v for v in body["scenes"] if isinstance(v, str)]
    notes = (
        [] if len(values) == len(body["scenes"]) else ["Entries that are not text were left out."]
    )
    scenes, more = parse_list(values, pages)
    return scenes, notes + more
