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
others wait for it). Then the national page on REPLICAS dashboard processes behind nginx,
as `python -m ui.serve --replicas 2` serves it (replica mode: one file, read-only, shared),
when nginx is installed: its server CPU is that of the whole process tree. Last, the national
page on a server started with Streamlit's DEFAULTS for the two settings the app turns off
(.streamlit/config.toml: the file watcher and the full garbage collection after each run), to
show what they would cost a session.

Bounded: each run waits at most SESSION_TIMEOUT seconds (a session that has not finished by
then is an error), and runs that would start after TOTAL_SECONDS are skipped and recorded as
skipped. Every socket is closed and the server stopped at the end."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import load, server
from bench.load import Session, Summary, summarise
from bench.timing import Recorder, ratio
from ui.replicas import find_nginx

# page -> (url path, query string), as a person's address bar has them
PAGES = {"national": ("", ""), "region": ("alue", "alue=lappi&kuukausi=2022-12")}
SESSIONS = (10, 25, 50)
QUICK_SESSIONS = (2, 5)
LONE_RUNS = 5  # the baseline: one session alone, warm
REPEATS = 2  # runs of N sessions together per page and N, their sessions pooled
SESSION_TIMEOUT = 60.0  # seconds one run (connect, rerun, script finished) may take
TOTAL_SECONDS = 900.0  # the section's own cap: later runs are skipped
# Streamlit's defaults for the two settings that .streamlit/config.toml turns off to cut a
# session's CPU: watching the source files (each session resolves the path of every imported
# module after each run) and a full garbage collection after each run.
DEFAULTS = ("--server.fileWatcherType", "auto", "--runner.postScriptGC", "true")
REPLICAS = 2  # ui.serve --replicas: one dashboard process per core of this machine
GOAL_SESSIONS, GOAL_P95 = 50, 3.0  # issue 17: 50 sessions on the national page, p95 < 3 s


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` and every process under it so far, all
    their threads (/proc/PID/stat): one server, or the replicas and nginx of ui.serve."""
    parents, used = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        child = int(stat.parent.name)
        parents[child] = int(fields[1])
        used[child] = int(fields[11]) + int(fields[12])  # utime, stime
    tree, grown = {pid}, True
    while grown:
        below = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= below
        grown = bool(below)
    return sum(used.get(p, 0) for p in tree) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def replicas_served(db: Path, log: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """`python -m ui.serve --replicas REPLICAS` on `db` and a free localhost port, healthy
    through its nginx; stopped (replicas and nginx with it) on exit."""
    port = server.free_port()
    command = [sys.executable, "-m", "ui.serve", "--replicas", str(REPLICAS)]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    env = {**os.environ, "TILANNEKUVA_DB": str(db)}
    process = subprocess.Popen(
        command, cwd=server.ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        server.wait_healthy(url, process, seconds=180)
        yield process, url
    finally:
        server.stop(process)


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


def page_runs(
    recorder: Recorder, url: str, pid: int, page: str, label: str, *, quick: bool, deadline: float
) -> tuple[list[Summary], float]:
    """One page on one server: a lone session with the caches cleared, the lone baseline
    (warm, median of LONE_RUNS), then REPEATS runs of N sessions together for each N.
    Returns the summaries and the cold lone seconds."""
    counts = QUICK_SESSIONS if quick else SESSIONS
    repeats, lone_runs = (1, 2) if quick else (REPEATS, LONE_RUNS)
    load.blocking(load.clear_caches(url))
    cold = measure(url, pid, page, 1)
    alone = [measure(url, pid, page, 1) for _ in range(lone_runs)]
    lone = summarise([s for r in alone for s in r.sessions]).p50
    summaries = [
        record(recorder, f"{label}: lone, caches cleared", [cold], lone),
        record(recorder, f"{label}: lone session", alone, lone),
    ]
    for count in counts:
        if time.monotonic() > deadline:
            recorder.value(f"sessions: {label}, {count} together: skipped", float("nan"))
            continue
        runs = [measure(url, pid, page, count) for _ in range(repeats)]
        summaries.append(record(recorder, f"{label}: {count} together", runs, lone))
        if page == "national" and count == GOAL_SESSIONS:
            name = f"sessions: {label}, {count} together: p95"
            recorder.goal(name, summaries[-1].p95, GOAL_P95, "s")
    return summaries, summarise(cold.sessions).max


def run(recorder: Recorder, db: Path, work: Path, *, quick: bool) -> None:
    """Each page on one `streamlit run app.py` as the app is configured (page_runs); then
    the national page at the largest N right after the caches were cleared (concurrent
    misses of the same metrics), and last the national page on a server started with
    Streamlit's DEFAULTS. Each server runs on its own copy of `db`."""
    count = (QUICK_SESSIONS if quick else SESSIONS)[-1]
    deadline = time.monotonic() + TOTAL_SECONDS
    summaries: list[Summary] = []
    copies = [work / "sessions.duckdb", work / "sessions-defaults.duckdb"]
    for copy in copies:  # each server owns its copy: the app opens its file read-write
        shutil.copyfile(db, copy)
    with server.served(server.APP, work / "sessions.log", copies[0]) as (process, url):
        drive(url, "national", 1)  # Python's imports, once
        cold_s = {}
        for page in PAGES:
            done, cold_s[page] = page_runs(
                recorder, url, process.pid, page, page, quick=quick, deadline=deadline
            )
            summaries += done
        if time.monotonic() <= deadline:  # ratio to one lone session with the caches cleared
            load.blocking(load.clear_caches(url))
            runs = [measure(url, process.pid, "national", count)]
            name = f"national: {count} together, caches cleared"
            summaries.append(record(recorder, name, runs, cold_s["national"]))
    nginx = find_nginx()
    if nginx is None:
        recorder.value(f"sessions: national, {REPLICAS} replicas: skipped (no nginx)", float("nan"))
    elif time.monotonic() <= deadline:
        replicas_db = work / "sessions-replicas.duckdb"
        shutil.copyfile(db, replicas_db)
        log = work / "sessions-replicas.log"
        with replicas_served(replicas_db, log) as (process, url):
            for _ in range(2 * REPLICAS):  # Python's imports, once in every replica
                drive(url, "national", 1)
            label = f"national, {REPLICAS} replicas behind nginx"
            done, _ = page_runs(
                recorder, url, process.pid, "national", label, quick=quick, deadline=deadline
            )
            summaries += done
    log = work / "sessions-defaults.log"
    with server.served(server.APP, log, copies[1], options=DEFAULTS) as (process, url):
        drive(url, "national", 1)
        label = "national, Streamlit's defaults"
        done, _ = page_runs(
            recorder, url, process.pid, "national", label, quick=quick, deadline=deadline
        )
        summaries += done
    recorder.goal("sessions: sessions with an error", sum(s.errors for s in summaries), 0, "")
