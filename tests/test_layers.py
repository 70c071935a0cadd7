"""The package layout holds: lower layers import no domain, Streamlit stays in the UI, no import
circles, no module named after a domain with a suffix, no source file over 800 lines.

Imports are read from the source (every `import` and `from ... import`, at any depth, so a lazy
import inside a function counts too)."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "src" / "dashboard_core"
DOMAINS = ("trade", "displacement", "incidents", "corridors", "overview", "compare")
JOINING = ("overview", "compare")  # may import several domains
LOWER = ("data", "viz")
MAX_LINES = 800


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE_ROOT.rglob("*.py"))}


@cache
def imports_of(name: str) -> frozenset[str]:
    """Every module (or package) of the project, and every outside top-level package, that
    `name` imports."""
    tree = ast.parse(modules()[name].read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in modules() else node.module)
    return frozenset(found)


def layer_of(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def project_imports(name: str) -> set[str]:
    return {m for m in imports_of(name) if m.startswith("dashboard_core")}


def test_lower_layers_import_no_domain_and_no_ui():
    wrong = [
        f"{name} imports {dep}"
        for name in modules()
        if layer_of(name) in LOWER
        for dep in project_imports(name)
        if layer_of(dep) in (*DOMAINS, "ui")
    ]
    assert not wrong, "\n".join(wrong)


def test_importers_import_only_the_data_layer():
    """importers/ sits beside data/: it reads publisher files into contract rows and may import
    the data layer, never a domain package, `viz`, `ui` or the pipeline."""
    wrong = [
        f"{name} imports {dep}"
        for name in modules()
        if layer_of(name) == "importers"
        for dep in project_imports(name)
        if layer_of(dep) not in ("importers", "data", "")
    ]
    assert not wrong, "\n".join(wrong)
    assert "dashboard_core.data.contract" in project_imports("dashboard_core.importers.mapping")
    assert not [
        name
        for name in modules()
        if layer_of(name) == "data"
        and any(layer_of(d) == "importers" for d in project_imports(name))
    ], "the data layer must not import the importers"


def test_serving_runs_processes_and_imports_no_app_code():
    """serving/ starts `streamlit run app.py` processes and a proxy: it reads the data layer's
    paths at most, never a page's code, and never imports Streamlit itself."""
    wrong = [
        f"{name} imports {dep}"
        for name in modules()
        if layer_of(name) == "serving"
        for dep in imports_of(name)
        if (dep.startswith("dashboard_core") and layer_of(dep) not in ("serving", "data"))
        or dep.split(".")[0] == "streamlit"
    ]
    assert not wrong, "\n".join(wrong)


def test_data_layer_draws_nothing():
    wrong = [
        f"{name} imports {dep}"
        for name in modules()
        if layer_of(name) == "data"
        for dep in imports_of(name)
        if layer_of(dep) == "viz" or dep.split(".")[0] in ("altair", "pydeck", "streamlit")
    ]
    assert not wrong, "\n".join(wrong)


def test_streamlit_only_in_the_ui_package():
    wrong = [
        name
        for name in modules()
        if layer_of(name) != "ui" and any(m.split(".")[0] == "streamlit" for m in imports_of(name))
    ]
    assert not wrong, f"modules outside dashboard_core.ui import streamlit: {wrong}"


def test_domains_never_import_the_ui_or_a_joining_package():
    wrong = [
        f"{name} imports {dep}"
        for name in modules()
        if layer_of(name) in DOMAINS
        for dep in project_imports(name)
        if layer_of(dep) == "ui" or (layer_of(dep) in JOINING and layer_of(dep) != layer_of(name))
    ]
    assert not wrong, "\n".join(wrong)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_no_import_circle_between_modules():
    graph = {name: project_imports(name) & set(modules()) for name in modules()}
    assert not _cycles(graph)


def test_no_import_circle_between_domain_packages():
    graph: dict[str, set[str]] = {}
    for name in modules():
        source = layer_of(name)
        if source in DOMAINS:
            deps = {layer_of(d) for d in project_imports(name)} & set(DOMAINS)
            graph.setdefault(source, set()).update(deps - {source})
    assert not _cycles(graph)


def test_the_layer_checks_see_real_imports():
    """Guard against a check that cannot fail: the pages' layers are where we expect them."""
    assert "dashboard_core.trade.figures" in project_imports("dashboard_core.trade.transforms")
    assert "streamlit" in imports_of("dashboard_core.ui.display")
    cycle = {"a": {"b"}, "b": {"c"}, "c": {"a"}}
    assert _cycles(cycle) == [["a", "b", "c", "a"]]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_domain_is_a_package(domain):
    assert (PACKAGE_ROOT / domain / "__init__.py").is_file()
    named_after = [p.name for p in PACKAGE_ROOT.glob(f"{domain}_*.py")]
    assert not named_after, f"modules named after {domain} with a suffix: {named_after}"
    assert not (PACKAGE_ROOT / f"{domain}.py").exists()


def test_no_source_file_over_800_lines():
    sources = [*modules().values(), *Path(PACKAGE_ROOT.parents[1], "pages").glob("*.py")]
    long = {str(p): n for p in sources if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, long


def test_every_module_says_what_it_owns():
    silent = [
        name
        for name, path in modules().items()
        if not ast.get_docstring(ast.parse(path.read_text()))
    ]
    assert not silent, f"modules without a docstring: {silent}"
