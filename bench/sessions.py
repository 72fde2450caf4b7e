"""Many people at once, against a lone person: N sessions (10, 25, 50) open a page together on
one real `streamlit run app.py` on 127.0.0.1, each speaking Streamlit's own websocket
protocol (the client of bench/load.py: a BackMsg `rerun_script` with the page's url path and
query string, ForwardMsgs read until `script_finished`). The national page (`/`) and the
region page (`/alue?alue=lappi&kuukausi=2022-12`).

Measured per session: seconds from sending its rerun until its script finished; per page and
N the p50, p95, max and errors. The baseline is one lone session on the same page and server
in the same run, warm (median of LONE_RUNS): the figure is p95 ÷ lone. Where the time goes:
the CPU seconds the server process used during each run (all its threads, from /proc), per
session and divided by the run's wall time — about 1 core busy means one interpreter lock is
the limit, about 2 means the cores are — and the CPU of the clients (this process), which
share the same 2 cores. One run with the caches cleared just before shows what concurrent
misses of the same metric cost (Streamlit's st.cache_data computes a key once and makes the
others wait for it).

Bounded: each run waits at most SESSION_TIMEOUT seconds (a session that has not finished by
then is an error), and runs that would start after TOTAL_SECONDS are skipped and recorded as
skipped. Every socket is closed and the server stopped at the end."""

from __future__ import annotations

import os
import resource
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bench import load, server
from bench.load import Session, Summary, summarise
from bench.timing import Recorder, ratio

# page -> (url path, query string), as a person's address bar has them
PAGES = {"national": ("", ""), "region": ("alue", "alue=lappi&kuukausi=2022-12")}
SESSIONS = (10, 25, 50)
QUICK_SESSIONS = (2, 5)
LONE_RUNS = 5  # the baseline: one session alone, warm
REPEATS = 2  # runs of N sessions together per page and N, their sessions pooled
SESSION_TIMEOUT = 60.0  # seconds one run (connect, rerun, script finished) may take
TOTAL_SECONDS = 900.0  # the section's own cap: later runs are skipped
GOAL_SESSIONS, GOAL_P95 = 50, 3.0  # issue 17: 50 sessions on the national page, p95 < 3 s


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far, all its threads (/proc/pid/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def drive(url: str, page: str, count: int, timeout: float = SESSION_TIMEOUT) -> list[Session]:
    """`count` sessions open `page` (a key of PAGES, or any url path) together at `url`;
    returns what each saw, within `timeout` seconds in all."""
    path, query = PAGES.get(page, (page, ""))
    sessions = load.blocking(load.open_sessions(url, path, count, timeout, query=query))
    for session in sessions:
        session.page = page
    return sessions


@dataclass
class Run:
    """Sessions opened together, the wall seconds of the whole run, and the CPU seconds the
    server and the clients used meanwhile."""

    sessions: list[Session]
    wall_s: float
    server_cpu_s: float
    client_cpu_s: float


def measure(url: str, pid: int, page: str, count: int) -> Run:
    server_before, client_before = cpu_seconds(pid), own_cpu_seconds()
    began = time.perf_counter()
    sessions = drive(url, page, count)
    wall = time.perf_counter() - began
    return Run(sessions, wall, cpu_seconds(pid) - server_before, own_cpu_seconds() - client_before)


def record(recorder: Recorder, name: str, runs: list[Run], lone: float) -> Summary:
    """One row (the median of the pooled sessions' times; p95, max, errors and the CPU in the
    note) and its values: p95 ÷ lone, server CPU per session and cores it kept busy."""
    sessions = [s for r in runs for s in r.sessions]
    summary = summarise(sessions)
    times = [s.script_s for s in sessions if s.script_s is not None]
    server_cpu = sum(r.server_cpu_s for r in runs)
    busy = ratio(server_cpu, sum(r.wall_s for r in runs))
    per_session = server_cpu / len(sessions)
    client_per_session = sum(r.client_cpu_s for r in runs) / len(sessions)
    note = (
        f"p95 {summary.p95:.2f} s, max {summary.max:.2f} s, errors {summary.errors}; "
        f"server CPU {per_session:.2f} s/session, {busy:.2f} cores busy; "
        f"clients {client_per_session:.2f} s/session"
    )
    if summary.first_error:
        note += f" ({summary.first_error[:60]})"
    recorder.add("sessions", name, times or [float("nan")], note)
    recorder.value(f"sessions: {name}: p95 ÷ lone", ratio(summary.p95, lone))
    recorder.value(f"sessions: {name}: server CPU s per session", per_session)
    recorder.value(f"sessions: {name}: server cores busy", busy)
    return summary


def run(recorder: Recorder, db: Path, work: Path, *, quick: bool) -> None:
    """Per page: one session with the caches cleared, LONE_RUNS lone sessions (the baseline),
    then REPEATS runs of N sessions together for each N; last, the national page at the
    largest N right after the caches were cleared. The server runs on its own copy of `db`."""
    counts = QUICK_SESSIONS if quick else SESSIONS
    repeats, lone_runs = (1, 2) if quick else (REPEATS, LONE_RUNS)
    served_db = work / "sessions.duckdb"
    shutil.copyfile(db, served_db)  # the app opens its file read-write
    deadline = time.monotonic() + TOTAL_SECONDS
    summaries: list[Summary] = []
    cold_s: dict[str, float] = {}  # page -> a lone session's seconds with the caches cleared
    with server.served(server.APP, work / "sessions.log", served_db) as (process, url):
        drive(url, "national", 1)  # Python's imports, once
        for page in PAGES:
            load.blocking(load.clear_caches(url))
            cold = measure(url, process.pid, page, 1)
            lone_runs_ = [measure(url, process.pid, page, 1) for _ in range(lone_runs)]
            lone = summarise([s for r in lone_runs_ for s in r.sessions]).p50
            summaries.append(record(recorder, f"{page}: lone, caches cleared", [cold], lone))
            summaries.append(record(recorder, f"{page}: lone session", lone_runs_, lone))
            cold_s[page] = summarise(cold.sessions).max
            for count in counts:
                if time.monotonic() > deadline:
                    recorder.value(f"sessions: {page}, {count} together: skipped", float("nan"))
                    continue
                runs = [measure(url, process.pid, page, count) for _ in range(repeats)]
                summary = record(recorder, f"{page}: {count} together", runs, lone)
                summaries.append(summary)
                if page == "national" and count == GOAL_SESSIONS:
                    name = f"sessions: national, {count} together: p95"
                    recorder.goal(name, summary.p95, GOAL_P95, "s")
        if time.monotonic() <= deadline:  # concurrent misses: ratio to one lone cold session
            load.blocking(load.clear_caches(url))
            count = counts[-1]
            runs = [measure(url, process.pid, "national", count)]
            name = f"national: {count} together, caches cleared"
            summaries.append(record(recorder, name, runs, cold_s["national"]))
    recorder.goal("sessions: sessions with an error", sum(s.errors for s in summaries), 0, "")
