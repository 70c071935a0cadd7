"""scripts/streamlit_session.py: what the browser-like session reads in the protocol."""

from __future__ import annotations

from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.helpers import script_module

client = script_module("streamlit_session")


def test_user_key_of_an_element_id_as_streamlit_splits_it():
    assert client._user_key("$$ID-0f3a-years") == "years"
    assert client._user_key("$$ID-0f3a-dl-trade-csv") == "dl-trade-csv"
    assert client._user_key("$$ID-0f3a-None") is None


def _session():
    return client.BrowserSession(
        "http://127.0.0.1:1", "/trade", "", client.SessionReport(index=0), None
    )


def test_exceptions_error_alerts_and_unknown_pages_count_as_errors():
    session = _session()
    crash = ForwardMsg()
    crash.delta.new_element.exception.message = "boom"
    alert = ForwardMsg()
    alert.delta.new_element.alert.body = "no data"
    alert.delta.new_element.alert.format = client.Alert.Format.ERROR
    info = ForwardMsg()
    info.delta.new_element.alert.body = "a note"
    info.delta.new_element.alert.format = client.Alert.Format.INFO
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
    session = _session()
    early = ForwardMsg(script_finished=ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN)
    done = ForwardMsg(script_finished=ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY)
    assert session._handle(early) is False
    assert session._handle(done) is True


def test_widget_values_held_like_the_frontend():
    """The server re-sends a widget without `set_value` after a rerun: the tab keeps its value."""
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
