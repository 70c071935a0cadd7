"""scripts/audit_deps.py on recorded PyPI responses (no network): it says what it checked and
fails when it could check fewer packages than uv.lock holds."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from dashboard_core.data import paths

RECORDED = Path(__file__).parent / "recorded"
SCRIPT = paths.PROJECT_ROOT / "scripts" / "audit_deps.py"


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("audit_deps", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit_deps"] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def registry(audit, release: dict[str, dict], project: dict[str, dict]):
    """A fake PyPI: per-release documents by "name/version", project documents by name;
    anything else is not answered (as per-release look-ups are on this network)."""

    def fetch(url: str) -> dict:
        key = url.removeprefix(audit.PYPI + "/").removesuffix("/json")
        found = release.get(key) or project.get(key)
        if found is None:
            raise audit.Unanswered(f"{url}: HTTP Error 404: Not Found")
        return found

    return fetch


def test_reads_every_registry_package_of_the_lock(audit):
    packages = audit.locked_packages(paths.PROJECT_ROOT / "uv.lock")
    names = {p.name for p in packages}
    assert "streamlit" in names and "pandas" in names
    assert "central-asia-monitor" not in names, "the project itself is not a dependency"
    # one entry per locked release (numpy is locked twice, per Python version)
    assert len(packages) == len(set(packages)) >= len(names) >= 40


def test_clean_when_every_release_answers(audit):
    packages = [audit.Locked("streamlit", "1.67.0"), audit.Locked("requests", "2.34.2")]
    releases = {
        "streamlit/1.67.0": recorded("pypi-streamlit-latest.json"),
        "requests/2.34.2": recorded("pypi-requests-latest.json"),
    }
    text, code = audit.report(audit.audit(packages, registry(audit, releases, {})))
    assert code == 0 and "2 of 2 locked packages checked" in text


def test_an_advisory_fails_with_its_id_and_fix(audit):
    packages = [audit.Locked("examplepkg", "1.0.0")]
    releases = {"examplepkg/1.0.0": recorded("pypi-release-with-advisory.json")}
    text, code = audit.report(audit.audit(packages, registry(audit, releases, {})))
    assert code == 1
    assert "PYSEC-0000-TEST" in text and "fixed in 1.0.1" in text
    assert "PYSEC-0000-GONE" not in text, "withdrawn advisories are left out"


def test_the_latest_release_is_checked_through_the_project_document(audit):
    """This network answers only the project document: it covers a locked latest release."""
    packages = [audit.Locked("streamlit", "1.67.0")]
    projects = {"streamlit": recorded("pypi-streamlit-latest.json")}
    results = audit.audit(packages, registry(audit, {}, projects))
    assert results[0].checked and results[0].via == "latest"
    assert audit.report(results)[1] == 0


def test_fewer_packages_checked_than_locked_fails_loudly(audit):
    packages = [audit.Locked("streamlit", "1.67.0"), audit.Locked("requests", "2.19.0")]
    projects = {
        "streamlit": recorded("pypi-streamlit-latest.json"),
        "requests": recorded("pypi-requests-latest.json"),
    }
    text, code = audit.report(audit.audit(packages, registry(audit, {}, projects)))
    assert code == 2
    assert "1 of 2 locked packages checked" in text
    assert "requests 2.19.0" in text and "not the latest release (2.34.2)" in text
    assert "FAILED: only 1 of 2" in text


def test_nothing_answered_is_a_failure_not_a_pass(audit):
    packages = [audit.Locked(n, "1.0") for n in ("a", "b", "c")]
    text, code = audit.report(audit.audit(packages, registry(audit, {}, {})))
    assert code == 2 and "0 of 3 locked packages checked" in text


def test_a_document_without_the_advisory_list_is_not_a_check(audit):
    packages = [audit.Locked("streamlit", "1.67.0")]
    releases = {"streamlit/1.67.0": {"info": {"version": "1.67.0"}}}
    text, code = audit.report(audit.audit(packages, registry(audit, releases, {})))
    assert code == 2 and "NOT CHECKED" in text
