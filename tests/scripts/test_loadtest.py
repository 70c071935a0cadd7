"""scripts/loadtest.py: loopback only, bounded, the figures it reports."""

from __future__ import annotations

import pytest

from tests.helpers import script_module

loadtest = script_module("loadtest")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8501", "http://localhost:8501/", "http://[::1]:80"]
)
def test_loopback_urls_are_accepted(url):
    host, port = loadtest.require_loopback(url)
    assert port in (8501, 80)


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1:8501", "http://192.168.1.5", "http://8.8.8.8:80", "https://127.0.0.1"]
)
def test_other_hosts_are_refused(url):
    with pytest.raises(ValueError):
        loadtest.require_loopback(url)


def test_command_line_bounds():
    with pytest.raises(SystemExit):
        loadtest.parse_args(["--url", "http://127.0.0.1:1", "--sessions", "0"])
    with pytest.raises(SystemExit):
        loadtest.parse_args(["--url", "http://127.0.0.1:1", "--sessions", "10000"])
    with pytest.raises(SystemExit):
        loadtest.parse_args(["--url", "http://127.0.0.1:1", "--duration", "100000"])
    with pytest.raises(SystemExit):
        loadtest.parse_args(["--sessions", "5"])  # neither --url nor --spawn


def test_percentiles_and_an_empty_list():
    assert loadtest.percentile([3, 1, 2, 4, 5], 0.5) == 3
    assert loadtest.percentile(list(range(101)), 0.95) == 95
    assert loadtest.percentile([], 0.5) != loadtest.percentile([], 0.5)  # nan


def test_distinct_views_give_each_session_its_own_years():
    plan = loadtest.Plan("http://127.0.0.1:1", "/trade", "present=1", 30, 10, "arrive", 0, 4, 60,
                         False, 14, distinct_views=True)  # fmt: skip
    queries = {loadtest.session_query(plan, i) for i in range(25)}
    assert len(queries) == 25
    assert loadtest.session_query(plan, 3) == "present=1&years=2003&years=2025"
    plan_same = loadtest.Plan("http://127.0.0.1:1", "/trade", "", 2, 1, "arrive", 0, 4, 60,
                              False, 14)  # fmt: skip
    assert loadtest.session_query(plan_same, 7) == ""
