"""scripts/loadtest.py: loopback only, and the pieces of the protocol it reads."""

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


def test_user_key_of_an_element_id_as_streamlit_splits_it():
    assert loadtest._user_key("$$ID-0f3a-years") == "years"
    assert loadtest._user_key("$$ID-0f3a-dl-trade-csv") == "dl-trade-csv"
    assert loadtest._user_key("$$ID-0f3a-None") is None


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


def _session():
    return loadtest.BrowserSession(
        "http://127.0.0.1:1", "/trade", "", loadtest.SessionReport(index=0), None
    )


def test_exceptions_error_alerts_and_unknown_pages_count_as_errors():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    session = _session()
    crash = ForwardMsg()
    crash.delta.new_element.exception.message = "boom"
    alert = ForwardMsg()
    alert.delta.new_element.alert.body = "no data"
    alert.delta.new_element.alert.format = loadtest.Alert.Format.ERROR
    info = ForwardMsg()
    info.delta.new_element.alert.body = "a note"
    info.delta.new_element.alert.format = loadtest.Alert.Format.INFO
    lost = ForwardMsg()
    lost.page_not_found.page_name = "nowhere"
    for msg in (crash, alert, info, lost):
        assert session._handle(msg) is False
    assert session.report.errors == [
        "exception: boom",
        "error alert: no data",
        "page not found: /trade",
    ]


def test_a_run_ends_on_success_not_on_an_early_stop_for_a_rerun():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    session = _session()
    early = ForwardMsg(script_finished=ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN)
    done = ForwardMsg(script_finished=ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY)
    assert session._handle(early) is False
    assert session._handle(done) is True


def test_widget_values_held_like_the_frontend():
    """The server re-sends a widget without `set_value` after a rerun: the tab keeps its value."""
    from streamlit.proto.Element_pb2 import Element

    session = _session()
    first = Element()
    first.slider.id, first.slider.min, first.slider.max = "$$ID-1-years", 2000, 2024
    first.slider.value.extend([2000, 2024])
    first.slider.set_value = True
    session._note_element(first)
    key, state = session._next_filter()
    assert key == "years" and list(state.double_array_value.data) == [2001, 2024]
    again = Element()
    again.slider.CopyFrom(first.slider)
    again.slider.set_value = False
    del again.slider.value[:]
    session._note_element(again)
    assert session._values["years"] == [2001, 2024]


def test_distinct_views_give_each_session_its_own_years():
    plan = loadtest.Plan("http://127.0.0.1:1", "/trade", "present=1", 30, 10, "arrive", 0, 4, 60,
                         False, 14, distinct_views=True)  # fmt: skip
    queries = {loadtest.session_query(plan, i) for i in range(25)}
    assert len(queries) == 25
    assert loadtest.session_query(plan, 3) == "present=1&years=2003&years=2025"
    plan_same = loadtest.Plan("http://127.0.0.1:1", "/trade", "", 2, 1, "arrive", 0, 4, 60,
                              False, 14)  # fmt: skip
    assert loadtest.session_query(plan_same, 7) == ""
