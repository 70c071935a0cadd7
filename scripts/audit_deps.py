"""Check every package locked in uv.lock against PyPI's published advisories, and say what was
checked. Exit 0: every package checked, no advisory. Exit 1: an advisory affects a locked
version. Exit 2: fewer packages could be checked than uv.lock holds (nothing is "passed"
that was not looked at).

    uv run python scripts/audit_deps.py [--lock uv.lock] [--json report.json]

Advisory source: PyPI's JSON API, the only advisory source the package registries answer.
Its per-release document (`/pypi/<name>/<version>/json`) lists the advisories of that
release; where the network does not answer it, the project document (`/pypi/<name>/json`)
lists those of the latest release only, which covers a locked version only when it *is* the
latest. Anything else is reported as not checked, with the reason.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

PYPI = "https://pypi.org/pypi"
TIMEOUT_S = 20
WORKERS = 8


@dataclass(frozen=True)
class Locked:
    name: str
    version: str


@dataclass
class Result:
    package: Locked
    checked: bool
    via: str = ""  # "release" or "latest"
    advisories: list[dict] = field(default_factory=list)
    reason: str = ""  # why it could not be checked


class Unanswered(Exception):  # noqa: N818 - the registry did not answer this look-up
    pass


Fetch = Callable[[str], dict]


def fetch_json(url: str) -> dict:
    """GET a PyPI JSON document; Unanswered on any HTTP error, timeout or bad body."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise Unanswered(f"{url}: {exc}") from exc


def locked_packages(lock: Path) -> list[Locked]:
    """Every package uv.lock pins from a registry (the project itself is left out)."""
    data = tomllib.loads(lock.read_text(encoding="utf-8"))
    return sorted(
        (
            Locked(p["name"], p["version"])
            for p in data.get("package", [])
            if "registry" in p.get("source", {}) and "version" in p
        ),
        key=lambda p: p.name,
    )


def _advisories(document: dict) -> list[dict]:
    found = document.get("vulnerabilities")
    if not isinstance(found, list):
        raise Unanswered("the document has no 'vulnerabilities' list")
    return [
        {
            "id": v.get("id", ""),
            "aliases": v.get("aliases", []),
            "fixed_in": v.get("fixed_in", []),
            "summary": (v.get("summary") or v.get("details") or "")[:200],
        }
        for v in found
        if not v.get("withdrawn")
    ]


def check(package: Locked, fetch: Fetch = fetch_json) -> Result:
    """The advisories of one locked release, or why they could not be looked up."""
    try:
        document = fetch(f"{PYPI}/{package.name}/{package.version}/json")
        return Result(package, True, "release", _advisories(document))
    except Unanswered as release_error:
        try:
            latest = fetch(f"{PYPI}/{package.name}/json")
        except Unanswered as project_error:
            return Result(package, False, reason=f"{release_error}; {project_error}")
        latest_version = str(latest.get("info", {}).get("version", ""))
        if latest_version != package.version:
            return Result(
                package,
                False,
                reason=f"the release look-up was not answered and {package.version} is not the "
                f"latest release ({latest_version}), whose advisories alone PyPI lists",
            )
        try:
            return Result(package, True, "latest", _advisories(latest))
        except Unanswered as error:
            return Result(package, False, reason=str(error))


def audit(packages: list[Locked], fetch: Fetch = fetch_json) -> list[Result]:
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(lambda p: check(p, fetch), packages))


def report(results: list[Result]) -> tuple[str, int]:
    """The text report and the exit code (0 clean, 1 advisories, 2 not every package checked)."""
    checked = [r for r in results if r.checked]
    unchecked = [r for r in results if not r.checked]
    affected = [r for r in checked if r.advisories]
    lines = [
        f"{len(checked)} of {len(results)} locked packages checked against PyPI's advisories "
        f"({sum(r.via == 'release' for r in checked)} by release, "
        f"{sum(r.via == 'latest' for r in checked)} as the latest release)."
    ]
    for r in affected:
        for a in r.advisories:
            fixed = ", ".join(a["fixed_in"]) or "no fixed release listed"
            lines.append(
                f"ADVISORY  {r.package.name} {r.package.version}: {a['id']} "
                f"({', '.join(a['aliases'])}) fixed in {fixed}. {a['summary']}"
            )
    if unchecked:
        lines.append(f"NOT CHECKED: {len(unchecked)} package(s); this audit is incomplete:")
        lines += [f"  - {r.package.name} {r.package.version}: {r.reason}" for r in unchecked]
    if affected:
        return "\n".join(lines), 1
    if unchecked:
        lines.append(f"FAILED: only {len(checked)} of {len(results)} packages could be checked.")
        return "\n".join(lines), 2
    lines.append("No advisory affects a locked version.")
    return "\n".join(lines), 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--lock", type=Path, default=Path(__file__).resolve().parents[1] / "uv.lock"
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    packages = locked_packages(args.lock)
    if not packages:
        print(f"FAILED: no locked package found in {args.lock}", file=sys.stderr)
        return 2
    results = audit(packages)
    text, code = report(results)
    print(text)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
