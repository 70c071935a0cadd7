"""Scenes on screen: save the current view, step through the list with ◀ ▶ (or the arrow keys),
share it as a link or a small file. Stepping switches page inside the same session
(`st.switch_page`), so the tables, figures and map layers already loaded stay where they are.

The list lives in the session and is mirrored into the URL on every run (`?scenes=...`), like
the shared filters, so a copied link carries it.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard_core.data import filters, scenes
from dashboard_core.data.scenes import Scene
from dashboard_core.ui.loaders import country_options, year_bounds

# url path -> (page file, title); the pages a scene may show (app.py's navigation).
PAGES: dict[str, tuple[str, str]] = {
    "": ("pages/overview.py", "Overview"),
    "trade": ("pages/trade.py", "Trade"),
    "displacement": ("pages/displacement.py", "Displacement"),
    "incidents": ("pages/incidents.py", "Incidents"),
    "corridors": ("pages/corridors.py", "Corridors"),
    "compare": ("pages/compare.py", "Compare"),
    "data": ("pages/data.py", "Data & sources"),
}
_LIST, _AT, _READ, _NOTES = "_cam_scenes", "_cam_scene_at", "_cam_scenes_read", "_cam_scene_notes"
SHARED_KEYS = (filters.PARAM_COUNTRIES, filters.PARAM_YEARS, filters.PARAM_PRESENT)
# Session keys a scene leaves alone: the shared filters (set from the scene), buttons and
# downloads. Every other widget starts again from the scene's URL (or its default).
KEEP_KEYS = (*SHARED_KEYS, "scene", "group-", "reset-", "dl-", "img-", "page-", "headline-")


def _read_url_once() -> None:
    if st.session_state.get(_READ):
        return
    listed, notes = scenes.parse_list(st.query_params.get_all(scenes.PARAM_SCENES), set(PAGES))
    st.session_state[_LIST] = listed
    at = st.query_params.get(scenes.PARAM_SCENE, "")
    st.session_state[_AT] = int(at) - 1 if at.isdigit() and 0 < int(at) <= len(listed) else None
    st.session_state[_NOTES] = notes
    st.session_state[_READ] = True


def write_url() -> None:
    """Mirror the scene list (and the position) into the address bar."""
    listed: list[Scene] = st.session_state.get(_LIST, [])
    wanted = [s.encode() for s in listed]
    if st.query_params.get_all(scenes.PARAM_SCENES) != wanted:
        st.query_params[scenes.PARAM_SCENES] = wanted
    at = st.session_state.get(_AT)
    position = [str(at + 1)] if at is not None and listed else []
    if st.query_params.get_all(scenes.PARAM_SCENE) != position:
        st.query_params[scenes.PARAM_SCENE] = position


def _current(page: str) -> Scene:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    return scenes.scene_of(page, params)


def _save(page: str) -> None:
    listed: list[Scene] = st.session_state.setdefault(_LIST, [])
    if len(listed) < scenes.MAX_SCENES:
        listed.append(_current(page))
        st.session_state[_AT] = len(listed) - 1


def _remove() -> None:
    listed: list[Scene] = st.session_state.get(_LIST, [])
    at = st.session_state.get(_AT)
    if at is not None and 0 <= at < len(listed):
        listed.pop(at)
        st.session_state[_AT] = min(at, len(listed) - 1) if listed else None


def _clear() -> None:
    st.session_state[_LIST] = []
    st.session_state[_AT] = None


def _apply(scene: Scene) -> None:
    """Put the scene's shared filters into the session and forget the page widgets it sets, so
    they start again from the scene's URL values on the page it opens."""
    params = scene.params()
    parsed = filters.parse_query(params, country_options(), year_bounds())
    st.session_state[filters.PARAM_COUNTRIES] = list(parsed.filters.countries)
    st.session_state[filters.PARAM_YEARS] = parsed.filters.years
    st.session_state[filters.PARAM_PRESENT] = parsed.filters.present
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key[:1] != "_" and not key.startswith(KEEP_KEYS):
            del st.session_state[key]


def _step(offset: int) -> None:
    """Button callback: the next (or previous) scene's state, before any widget is drawn."""
    listed: list[Scene] = st.session_state.get(_LIST, [])
    if not listed:
        return
    at = st.session_state.get(_AT)
    at = 0 if at is None else (at + offset) % len(listed)
    st.session_state[_AT] = at
    _apply(listed[at])
    st.session_state[_GO] = listed[at]


_GO = "_cam_scene_go"


def sync(page: str) -> None:
    """Each run, from app.py's frame: read the list from the URL once, open the scene a step
    asked for (a callback cannot switch pages itself), keep the list in the URL."""
    _read_url_once()
    scene: Scene | None = st.session_state.pop(_GO, None)
    if scene is not None:
        _go(scene)
    write_url()


def _go(scene: Scene) -> None:
    query: dict[str, Any] = scene.params()
    query[scenes.PARAM_SCENES] = [s.encode() for s in st.session_state.get(_LIST, [])]
    query[scenes.PARAM_SCENE] = [str(st.session_state[_AT] + 1)]
    st.switch_page(PAGES[scene.page][0], query_params=query)


def _load_file() -> None:
    upload = st.session_state.get("scene-file")
    if upload is None:
        return
    listed, notes = scenes.from_file(upload.getvalue(), set(PAGES))
    if listed:
        st.session_state[_LIST] = listed
        st.session_state[_AT] = None
    st.session_state[_NOTES] = notes or [f"{len(listed)} scenes loaded from {upload.name}."]


def scene_bar(page: str, row: Any) -> None:
    """◀ n / N ▶ and the scene menu (save, remove, share), in the given row container."""
    listed: list[Scene] = st.session_state.get(_LIST, [])
    at = st.session_state.get(_AT)
    row.button(
        "", key="scene-prev", icon=":material/arrow_back:", on_click=_step, args=(-1,),
        disabled=not listed, shortcut="Left", help="Previous scene (←)", type="tertiary",
    )  # fmt: skip
    where = (
        f"Scene {at + 1} / {len(listed)}"
        if at is not None and listed
        else (f"{len(listed)} scenes" if listed else "No scenes")
    )
    row.markdown(f"<span class='cam-scene-count'>{where}</span>", unsafe_allow_html=True)
    row.button(
        "", key="scene-next", icon=":material/arrow_forward:", on_click=_step, args=(1,),
        disabled=not listed, shortcut="Right", help="Next scene (→)", type="tertiary",
    )  # fmt: skip
    menu = row.popover("Scenes", icon=":material/slideshow:", type="tertiary")
    with menu:
        st.button(
            "Save this view as a scene", key="scene-save", on_click=_save, args=(page,),
            icon=":material/add_a_photo:", disabled=len(listed) >= scenes.MAX_SCENES,
        )  # fmt: skip
        st.button("Remove this scene", key="scene-remove", on_click=_remove,
                  disabled=at is None, icon=":material/delete:")  # fmt: skip
        st.button("Clear the list", key="scene-clear", on_click=_clear, disabled=not listed,
                  icon=":material/clear_all:")  # fmt: skip
        for i, scene in enumerate(listed, start=1):
            mark = "▶ " if at == i - 1 else ""
            st.caption(f"{mark}{i}. {scene.label({k: v[1] for k, v in PAGES.items()})}")
        st.caption("The link in the address bar carries the list; or keep it as a file:")
        st.download_button(
            "Scene list (JSON)", data=scenes.to_file(listed), file_name="scenes.json",
            mime="application/json", key="scene-download", on_click="ignore",
            disabled=not listed, icon=":material/download:",
        )  # fmt: skip
        st.file_uploader("Open a scene list", type=["json"], key="scene-file",
                         on_change=_load_file)  # fmt: skip
    for note in st.session_state.get(_NOTES, ()):
        menu.caption(f":material/info: {note}")
