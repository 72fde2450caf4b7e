"""Many people at once: N sessions open a page together against a real `streamlit run app.py`
on 127.0.0.1. Each session is a websocket client of `/_stcore/stream` that speaks Streamlit's
own protocol, as the browser does: it connects (subprotocol `streamlit`), sends one BackMsg
`rerun_script` with the page's name and query string, and reads ForwardMsgs until
`script_finished`. Measured per session: seconds from sending the rerun until the script
finished. Everything is bounded: a timeout per session, every socket closed at the end."""

from __future__ import annotations

import asyncio
import math
import shutil
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from bench import server
from bench.timing import Recorder, ratio

PAGES = ("national", "region")  # opened by N sessions together
SESSIONS = (10, 25, 50)
QUICK_SESSIONS = (2, 5)
SESSION_TIMEOUT = 90.0  # seconds from connecting until the script finished
REPLICAS = 2  # servers on one host for the last run: one per core
GOAL_SESSIONS, GOAL_P95 = 50, 3.0  # issue 17: 50 sessions on the national page, p95 < 3 s


@dataclass
class Session:
    """What one session saw: seconds to connect and from the rerun until the script
    finished (None if it did not), an error ('' when none), the bytes received and the
    elements drawn by type with their bytes."""

    page: str
    connect_s: float | None = None
    script_s: float | None = None
    error: str = ""
    received: int = 0
    elements: Counter = field(default_factory=Counter)
    element_bytes: Counter = field(default_factory=Counter)


def rerun_message(page_name: str, query_string: str, url: str) -> bytes:
    """The BackMsg a browser sends first: run the script for this page and address."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    state = message.rerun_script
    state.page_name = page_name
    state.query_string = query_string
    state.context_info.timezone = "Europe/Helsinki"
    state.context_info.locale = "fi-FI"
    state.context_info.url = f"{url}/{page_name}" + (f"?{query_string}" if query_string else "")
    return message.SerializeToString()


def clear_cache_message() -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    return BackMsg(clear_cache=True).SerializeToString()


def read_forward(session: Session, payload: bytes) -> bool:
    """Take one ForwardMsg into `session`; True when it ends the run (script finished, or
    finished with an error). A page that is not found, a compile error or an exception shown
    on the page count as the session's error."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    message.ParseFromString(payload)
    session.received += len(payload)
    kind = message.WhichOneof("type")
    if kind == "page_not_found":
        session.error = session.error or f"page not found: {message.page_not_found.page_name!r}"
    elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        element = message.delta.new_element.WhichOneof("type")
        session.elements[element] += 1
        session.element_bytes[element] += len(payload)
        if element == "exception":
            text = message.delta.new_element.exception.message
            session.error = session.error or f"exception: {text[:80]}"
    elif kind == "script_finished":
        status = message.script_finished
        if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            session.error = session.error or "compile error"
        return status != ForwardMsg.FINISHED_EARLY_FOR_RERUN  # a rerun follows that one
    return False


def stream_url(url: str) -> str:
    return url.replace("http://", "ws://", 1) + "/_stcore/stream"


async def open_sessions(
    url: str | list[str],
    page: str,
    count: int,
    timeout: float = SESSION_TIMEOUT,
    query: str = "",
) -> list[Session]:
    """`count` sessions open `page` (with the address's `query` string, e.g. 'alue=lappi')
    together on the server at `url` (or, given a list of urls, spread over them in turn): all
    connect first, then all send their rerun at once. Returns one Session per client; never
    waits longer than `timeout` in all."""
    urls = [url] if isinstance(url, str) else list(url)  # sticky: one server per session
    page_name = server.APP_PAGES.get(page, page)  # as the browser sends it
    sessions = [Session(page) for _ in range(count)]
    ready, everyone = [0], asyncio.Event()  # set once every client connected or failed

    def arrived() -> None:
        ready[0] += 1
        if ready[0] == count:
            everyone.set()

    async def one(session: Session, base: str) -> None:
        began = time.perf_counter()
        try:
            async with connect(
                stream_url(base),
                subprotocols=[Subprotocol("streamlit")],
                max_size=None,
                open_timeout=timeout,
                close_timeout=1,  # a cancelled session need not wait for the server's reply
                # A browser sends no protocol pings; ours would close the socket (1011) when
                # a busy server's event loop answers later than 20 s, and count as an error.
                ping_interval=None,
            ) as socket:
                session.connect_s = time.perf_counter() - began
                arrived()
                await everyone.wait()
                sent = time.perf_counter()
                await socket.send(rerun_message(page_name, query, base))
                async for payload in socket:
                    if read_forward(session, payload):
                        session.script_s = time.perf_counter() - sent
                        return
                session.error = session.error or "closed before the script finished"
        except Exception as error:  # noqa: BLE001 - every failure is a counted error
            session.error = session.error or f"{type(error).__name__}: {error}"[:120]
            if session.connect_s is None:
                arrived()  # the others must not wait for this one

    tasks = [asyncio.ensure_future(one(s, urls[n % len(urls)])) for n, s in enumerate(sessions)]
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for session in sessions:
        if session.script_s is None and not session.error:
            session.error = f"timeout after {timeout:g} s"
    return sessions


async def clear_caches(url: str) -> None:
    """Clear the server's st.cache_data and st.cache_resource, as the browser's 'Clear
    cache' does (a BackMsg on a session of its own)."""
    async with connect(stream_url(url), subprotocols=[Subprotocol("streamlit")]) as socket:
        await socket.send(clear_cache_message())
        await asyncio.sleep(0.2)  # handled in order before the close; leave it time


def blocking(coroutine):
    """The result of `coroutine`, run to its end on a thread of its own (the caller may
    already run an event loop, as Playwright's sync API does)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by nearest rank: a value that was measured; NaN if none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass
class Summary:
    """The sessions of one run: how many finished and failed, and seconds from the rerun
    to the script finished (p50, p95, max) of those that finished."""

    sessions: int
    finished: int
    errors: int
    p50: float
    p95: float
    max: float
    first_error: str


def summarise(sessions: list[Session]) -> Summary:
    times = [s.script_s for s in sessions if s.script_s is not None]
    failed = [s.error for s in sessions if s.error]
    return Summary(
        sessions=len(sessions),
        finished=len(times),
        errors=len(failed),
        p50=percentile(times, 50),
        p95=percentile(times, 95),
        max=max(times, default=float("nan")),
        first_error=failed[0] if failed else "",
    )


def page_weight(session: Session) -> str:
    """'plotly_chart 4 (312 kB), arrow_data_frame 3 (40 kB), …': what a page sends."""
    return ", ".join(
        f"{kind} {count} ({session.element_bytes[kind] / 1024:.0f} kB)"
        for kind, count in session.elements.most_common()
    )


def record(recorder: Recorder, name: str, sessions: list[Session]) -> Summary:
    """One row: the median of the sessions' times, with p95, max and errors in the note."""
    summary = summarise(sessions)
    times = [s.script_s for s in sessions if s.script_s is not None]
    note = f"p95 {summary.p95:.2f} s, max {summary.max:.2f} s, errors {summary.errors}"
    if summary.first_error:
        note += f" ({summary.first_error[:60]})"
    recorder.add("load", name, times or [float("nan")], note)
    return summary


def run(recorder: Recorder, db: Path, work: Path, *, quick: bool) -> None:
    """N sessions together, for each N: first on the floor page (what Streamlit itself costs
    at that N on this machine, now), then per page on one `streamlit run app.py` (after one
    session with the caches cleared), then the national page at the largest N spread over
    REPLICAS servers on this host, each on its own copy of `db`."""
    counts = QUICK_SESSIONS if quick else SESSIONS
    summaries: list[Summary] = []
    floor = {}
    with server.served(server.FLOOR, work / "load-floor.log") as (_, url):
        blocking(open_sessions(url, "", 1))  # the script's imports, once
        for count in counts:
            sessions = blocking(open_sessions(url, "", count))
            floor[count] = record(recorder, f"floor page: {count} sessions together", sessions)
    summaries += floor.values()
    single: dict[int, Summary] = {}  # the national page on one server, by N
    copies = [work / f"load-{n}.duckdb" for n in range(REPLICAS)]
    for copy in copies:  # each server owns its copy: the app opens its file read-write
        shutil.copyfile(db, copy)
    with ExitStack() as servers:
        _, url = servers.enter_context(server.served(server.APP, work / "load-0.log", copies[0]))
        for page in PAGES:
            blocking(clear_caches(url))
            (cold,) = blocking(open_sessions(url, page, 1))
            summaries.append(record(recorder, f"{page}: 1 session, caches cleared", [cold]))
            for count in counts:
                sessions = blocking(open_sessions(url, page, count))
                summary = record(recorder, f"{page}: {count} sessions together", sessions)
                summaries.append(summary)
                if page == "national":
                    single[count] = summary
                recorder.value(
                    f"load: {page}, {count} sessions: p95 ÷ floor p95",
                    ratio(summary.p95, floor[count].p95),
                )
                if page == "national" and count == GOAL_SESSIONS:
                    recorder.goal(f"national, {count} sessions: p95", summary.p95, GOAL_P95, "s")
        for page in server.APP_PAGES:  # what each page sends, for whoever makes it lighter
            (warm,) = blocking(open_sessions(url, page, 1))
            summaries.append(summarise([warm]))
            recorder.value(f"load: {page}: kB sent to a session", warm.received / 1024)
            print(f"load  {page} draws: {page_weight(warm)}")
        urls = [url]
        for n, copy in enumerate(copies[1:], start=1):
            log = work / f"load-{n}.log"
            urls.append(servers.enter_context(server.served(server.APP, log, copy))[1])
        for base in urls[1:]:
            blocking(open_sessions(base, "national", 1))  # its caches, once
        count = counts[-1]
        sessions = blocking(open_sessions(urls, "national", count))
        name = f"national: {count} sessions over {len(urls)} servers"
        spread = record(recorder, name, sessions)
        summaries.append(spread)
        recorder.value(
            f"load: national, {count} sessions: p95 over {len(urls)} servers ÷ over one",
            ratio(spread.p95, single[count].p95),
        )
    recorder.goal("load: sessions with an error, all runs", sum(s.errors for s in summaries), 0, "")
