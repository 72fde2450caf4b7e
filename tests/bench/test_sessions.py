"""The session driver of bench/sessions.py against a real `streamlit run app.py`: two sessions
of the national page both see their script finish without an error, and a page that does not
exist or a run that outlasts its timeout is counted as an error, promptly, never a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from bench import server, sessions
from loaders.store.database import open_database


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The app on a database with the roadmap and no reports (the server owns the file)."""
    folder = tmp_path_factory.mktemp("sessions")
    db = folder / "tilannekuva.duckdb"
    open_database(db).close()
    with server.served(server.APP, folder / "streamlit.log", db) as (process, base):
        yield process, base


def test_two_sessions_of_the_national_page_finish_without_errors(served):
    process, url = served
    run = sessions.measure(url, process.pid, "national", 2)
    assert [s.error for s in run.sessions] == ["", ""]
    assert all(s.script_s is not None and 0 < s.script_s < 60 for s in run.sessions)
    assert all(s.elements for s in run.sessions)  # drawn before script_finished
    assert run.wall_s > 0 and run.server_cpu_s > 0


def test_a_page_that_does_not_exist_is_an_error_in_every_session(served):
    _, url = served
    seen = sessions.drive(url, "no-such-page", 2, timeout=30)
    assert [s.page for s in seen] == ["no-such-page"] * 2
    assert all(s.error.startswith("page not found") for s in seen)


def test_a_run_that_outlasts_its_timeout_is_an_error_not_a_hang(served):
    _, url = served
    began = time.monotonic()
    # 5 ms: less than any script run (an empty database's national page took 46 ms once the
    # server's file watcher was off, so 50 ms no longer sufficed).
    seen = sessions.drive(url, "national", 2, timeout=0.005)
    assert time.monotonic() - began < 10
    assert [s.script_s for s in seen] == [None, None]
    # Timed out while connecting (the websocket's own timeout) or while the script ran.
    assert all("time" in s.error.lower() for s in seen), [s.error for s in seen]


def test_cpu_seconds_of_a_process_grow_with_its_work():
    before = sessions.cpu_seconds(os.getpid())
    end = time.process_time() + 0.2
    while time.process_time() < end:
        pass
    assert sessions.cpu_seconds(os.getpid()) - before >= 0.1


def test_cpu_seconds_count_the_processes_under_a_server():
    """ui.serve --replicas runs the replicas and nginx as children of one process: their CPU
    is the server's. A child that computes for 0.3 s and then waits shows in its parent's
    figure while the parent itself only waits."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time, sys\nend = time.process_time() + 0.3\n"
            "while time.process_time() < end: pass\nprint('done', flush=True)\ntime.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        before = sessions.cpu_seconds(os.getpid())
        assert child.stdout.readline().strip() == "done"
        assert sessions.cpu_seconds(os.getpid()) - before >= 0.2
    finally:
        child.kill()
        child.wait(timeout=10)
