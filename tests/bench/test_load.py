"""The load client of bench/load.py: against a real `streamlit run app.py` two sessions of
the national page both finish without an error, and a page that does not exist is counted as
an error in every session; the percentile and the reading of ForwardMsgs, by hand."""

from __future__ import annotations

import math

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import load, server
from loaders.store.database import open_database


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    """The app on a database with the roadmap and no reports (the server owns the file)."""
    folder = tmp_path_factory.mktemp("load")
    db = folder / "tilannekuva.duckdb"
    open_database(db).close()
    with server.served(server.APP, folder / "streamlit.log", db) as (_, base):
        yield base


def test_two_sessions_of_the_national_page_finish_without_errors(url):
    sessions = load.blocking(load.open_sessions(url, "national", 2, timeout=60))
    summary = load.summarise(sessions)
    assert (summary.sessions, summary.finished, summary.errors) == (2, 2, 0), summary
    assert 0 < summary.p50 <= summary.p95 <= summary.max < 60
    assert all(s.elements["heading"] >= 1 for s in sessions)  # the page was drawn


def test_a_page_that_does_not_exist_is_an_error_in_every_session(url):
    sessions = load.blocking(load.open_sessions(url, "no-such-page", 2, timeout=60))
    summary = load.summarise(sessions)
    assert (summary.sessions, summary.errors) == (2, 2)
    assert summary.first_error.startswith("page not found")


def test_a_server_that_is_not_there_is_an_error_not_a_hang():
    sessions = load.blocking(load.open_sessions(f"http://127.0.0.1:{server.free_port()}", "", 2))
    assert [s.script_s for s in sessions] == [None, None]
    assert all(s.error for s in sessions)


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([3.0, 1.0, 2.0], 50, 2.0),
        ([float(n) for n in range(1, 21)], 95, 19.0),  # nearest rank: ceil(0.95 * 20) = 19
        ([float(n) for n in range(1, 51)], 95, 48.0),
        ([5.0], 95, 5.0),
    ],
)
def test_percentile_is_a_measured_value_by_nearest_rank(values, q, expected):
    assert load.percentile(values, q) == expected


def test_percentile_of_nothing_is_nan():
    assert math.isnan(load.percentile([], 95))


def _forward(**fields) -> bytes:
    message = ForwardMsg(**fields)
    return message.SerializeToString()


def test_reading_forward_messages_ends_on_the_final_script_finished():
    session = load.Session("national")
    heading = ForwardMsg()
    heading.delta.new_element.heading.body = "Kansallinen tilannekuva"
    assert not load.read_forward(session, heading.SerializeToString())
    early = _forward(script_finished=ForwardMsg.FINISHED_EARLY_FOR_RERUN)
    assert not load.read_forward(session, early)  # a rerun follows
    assert load.read_forward(session, _forward(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY))
    assert session.elements == {"heading": 1} and session.error == ""


def test_an_exception_on_the_page_is_the_sessions_error():
    session = load.Session("region")
    shown = ForwardMsg()
    shown.delta.new_element.exception.message = "division by zero"
    load.read_forward(session, shown.SerializeToString())
    assert session.error == "exception: division by zero"
