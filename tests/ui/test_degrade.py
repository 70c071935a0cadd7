"""Degrade per dataset: with each clean file corrupted in turn, every page still runs without
an error box; a page or section that needs the broken file says in words that the dataset is
unavailable (naming it, never a server path), and every page that does not need it draws
exactly what it draws on healthy data."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard_core.data import loading, paths
from dashboard_core.data.formatting import escape_markdown
from tests import poison

REPO = paths.PROJECT_ROOT
TIMEOUT = 90
PAGES = {
    "overview": None,
    "trade": "pages/trade.py",
    "displacement": "pages/displacement.py",
    "incidents": "pages/incidents.py",
    "corridors": "pages/corridors.py",
    "compare": "pages/compare.py",
    "data": "pages/data.py",
}
TARGETS = [
    *(f"{name}.parquet" for name in loading.TABLE_NAMES),
    *(f"{name}.geojson" for name in loading.GEOJSON_LAYERS),
    "datapackage.json",
]
# Pages that read nothing of a file: they must draw as on healthy data. (The countries table
# names and places every country: every page needs it.)
UNAFFECTED: dict[str, set[str]] = {
    "trade.parquet": {"displacement", "incidents", "corridors"},
    "displacement.parquet": {"trade", "incidents", "corridors"},
    "incidents.parquet": {"trade", "displacement", "corridors"},
    "corridors.parquet": {"trade", "displacement", "incidents"},
    "events.parquet": {"corridors", "compare"},
    "sources.parquet": set(),  # every page names its sources (the Overview map's tooltips too)
    "energy.parquet": {"overview", "trade", "displacement", "incidents", "compare"},
    # Compare shows UCDP's conflict-years beside the incidents since issue 11
    "conflicts.parquet": {"overview", "trade", "displacement", "corridors"},
    "population.parquet": {"overview", "trade", "incidents", "corridors", "compare"},
    "cities.parquet": {"overview", "trade", "displacement", "incidents", "compare"},
    "boundaries.geojson": {"compare", "data"},
    "corridors.geojson": {"trade", "displacement", "incidents", "compare", "data"},
    **{
        f"{layer}.geojson": {"compare", "data"}  # the map context under every map
        for layer in ("world", "water", "rivers", "places", "provinces")
    },
    "datapackage.json": {"overview", "trade", "displacement", "incidents", "corridors", "compare"},
}

pytestmark = [
    pytest.mark.skipif(
        not (paths.clean_dir() / "trade.parquet").exists(), reason="data/clean is not built"
    ),
    pytest.mark.usefixtures("navigation_like_the_server"),
]


def visit_every_page() -> Iterator[tuple[str, AppTest]]:
    """(page, the app after its run) for every page in turn, in one session as a visitor moving
    through the navigation: the Overview runs once, not before each page."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.run()
    for page, script in PAGES.items():
        if script:
            at.switch_page(script)
            at.run()
        yield page, at


def content(at: AppTest) -> Counter:
    """What the page draws: charts, maps, tables, headings."""
    counts: Counter = Counter()
    for kind in ("vega_lite_chart", "deck_gl_json_chart", "dataframe"):
        counts[kind] = len(at.get(kind))
    counts["subheader"] = len(at.subheader)
    return counts


def texts(at: AppTest) -> list[str]:
    found = []
    for kind in ("markdown", "caption", "warning", "info", "error", "subheader", "title"):
        found += [str(element.value) for element in getattr(at, kind)]
    return found


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory) -> Path:
    return poison.copy_data(paths.data_dir(), tmp_path_factory.mktemp("degrade"))


@pytest.fixture(scope="module")
def healthy(data_copy: Path) -> dict[str, Counter]:
    """What each page draws on the healthy copy (st.navigation as the server does it, see
    tests/conftest.py `navigation_like_the_server`)."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PagesManager, "__init__", init)
        patch.setenv("CAM_DATA_DIR", str(data_copy))
        return {page: content(at) for page, at in visit_every_page()}


def corrupt(data_dir: Path, target: str) -> Path:
    """Truncate the file; give the package a version of its own, so that no page reuses a
    view it cached from the healthy files."""
    path = data_dir / (target if target == "datapackage.json" else f"clean/{target}")
    path.write_bytes(path.read_bytes()[: max(1, path.stat().st_size // 3)])
    if target != "datapackage.json":
        package = data_dir / "datapackage.json"
        meta = json.loads(package.read_text(encoding="utf-8"))
        meta["version"] = f"broken-{target.replace('.', '-')}"
        package.write_text(json.dumps(meta), encoding="utf-8")
    return path


@pytest.mark.parametrize("target", TARGETS)
def test_each_corrupted_file_takes_down_only_what_needs_it(
    target: str, data_copy: Path, healthy: dict[str, Counter], tmp_path: Path, monkeypatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(data_copy / "clean", data / "clean", copy_function=shutil.copy2)
    shutil.copy2(data_copy / "datapackage.json", data / "datapackage.json")
    corrupt(data, target)
    monkeypatch.setenv("CAM_DATA_DIR", str(data))
    label = escape_markdown(loading.DATASET_LABELS[target.removesuffix(".parquet")])
    affected = []
    for page, at in visit_every_page():
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not at.error, (page, [e.value for e in at.error])
        assert at.title, f"{page}: no title"
        shown = texts(at)
        leaks = [t for t in shown if str(data) in t or "/clean/" in t or "Traceback" in t]
        assert not leaks, f"{page} shows a server path or a traceback: {leaks}"
        notices = [str(w.value) for w in at.warning if "Data unavailable" in str(w.value)]
        if notices:
            affected.append(page)
            assert any(label in n for n in notices), (page, notices)
            assert all("dashboard_core validate" in n for n in notices)
        else:
            assert content(at) == healthy[page], f"{page} changed without saying why"
    assert not UNAFFECTED.get(target, set()) & set(affected), (target, affected)
