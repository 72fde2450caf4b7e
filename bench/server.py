"""A real `streamlit run` on a free 127.0.0.1 port for the browser, memory and load sections:
start it on a database, wait until it answers, stop it. Every server is stopped by the
context manager `served`, also when a measurement fails."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
FLOOR = ROOT / "bench" / "floor_page.py"  # the baseline page of the browser and load sections
# page -> url path, as app.py registers them ('' is the default page)
APP_PAGES = {
    "national": "",
    "region": "alue",
    "comparison": "vertailu",
    "risks": "riskit",
    "discussion": "keskustelu",
    "roadmap": "tiekartta",
    "data": "aineisto",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(
    script: Path,
    log: Path,
    db: Path | None = None,
    data: Path | None = None,
    options: tuple[str, ...] = (),
) -> tuple[subprocess.Popen, str]:
    """`streamlit run script` on a free localhost port, on the database `db` (with the data
    folder `data`, None for data/) and Streamlit's command-line `options`; returns (process,
    base url). Output goes to `log`."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script)]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false", *options]
    env = dict(os.environ)
    if db is not None:
        env["TILANNEKUVA_DB"] = str(db)
    if data is not None:
        env["TILANNEKUVA_DATA_DIR"] = str(data)
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    return process, f"http://127.0.0.1:{port}"


def wait_healthy(
    url: str,
    process: subprocess.Popen,
    seconds: float = 120,
    *,
    probe: str = "/_stcore/health",
    answer_within: float = 2,
) -> None:
    """Return once `url` answers `probe` (the server's own health; the browser tests pass
    /_stcore/script-health-check, which runs app.py once, with a longer `answer_within`);
    raise if the process exits or `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}{probe}", timeout=answer_within) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("streamlit did not become healthy")


def stop(process: subprocess.Popen) -> None:
    """Terminate the server, killing it if it has not exited within 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


@contextmanager
def served(
    script: Path,
    log: Path,
    db: Path | None = None,
    data: Path | None = None,
    options: tuple[str, ...] = (),
) -> Iterator[tuple[subprocess.Popen, str]]:
    """A healthy server for the block: yields (process, base url); stopped on exit."""
    process, url = start(script, log, db, data, options)
    try:
        wait_healthy(url, process)
        yield process, url
    finally:
        stop(process)
