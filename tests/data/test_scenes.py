"""Scenes: a page and its query string, listed in the URL or a small file; never raising."""

from __future__ import annotations

from dashboard_core.data import scenes
from dashboard_core.data.scenes import Scene

PAGES = {"", "trade", "displacement"}


def test_a_scene_is_its_page_and_query_without_the_list_itself() -> None:
    scene = scenes.scene_of(
        "/trade", {"countries": ["KAZ", "UZB"], "year": ["2022"], "scenes": ["x"], "scene": ["1"]}
    )
    assert scene == Scene("trade", (("countries", "KAZ"), ("countries", "UZB"), ("year", "2022")))
    assert scene.encode() == "trade?countries=KAZ&countries=UZB&year=2022"
    assert scenes.decode(scene.encode(), PAGES) == scene
    assert scene.params() == {"countries": ["KAZ", "UZB"], "year": ["2022"]}


def test_bad_entries_are_dropped_with_a_note() -> None:
    listed, notes = scenes.parse_list(["trade?year=2020", "nowhere?x=1", "a" * 5000], PAGES)
    assert [s.page for s in listed] == ["trade"]
    assert len(notes) == 2 and "Scene 2" in notes[0]
    many, notes = scenes.parse_list(["trade"] * (scenes.MAX_SCENES + 5), PAGES)
    assert len(many) == scenes.MAX_SCENES and notes


def test_the_file_round_trips_and_a_wrong_file_says_why() -> None:
    listed = [Scene("", (("layers", "flows"),)), Scene("displacement", ())]
    back, notes = scenes.from_file(scenes.to_file(listed), PAGES)
    assert back == listed and not notes
    none, notes = scenes.from_file(b"\xff not json", PAGES)
    assert none == [] and "not a scene list" in notes[0]
    none, notes = scenes.from_file(b'{"slides": []}', PAGES)
    assert none == [] and '"scenes"' in notes[0]
