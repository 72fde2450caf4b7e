"""The running app in a real browser: cold start (from `streamlit run` to the first page drawn
in headless Chromium) and peak resident memory (VmHWM) of the server process after every page
has been loaded, on the sample and the scale database; and the peak memory of an ingest."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bench import browser as felt
from bench import server
from bench.server import APP, ROOT, stop, wait_healthy
from bench.timing import Recorder

# url path of every page ('' is the default page), as app.py registers them
PAGE_PATHS = ("", "alue", "vertailu", "riskit", "tiekartta", "aineisto")


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of process `pid` in MiB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for {pid}")


def serve_and_browse(
    db: Path, data: Path | None, work: Path, browser
) -> tuple[float, float, dict[str, float]]:
    """Start the app on `db` (with the data folder `data`, None for data/), open every page
    in `browser`; returns (seconds from start to the first page drawn, peak RSS MiB of the
    server, seconds per page load)."""
    began = time.perf_counter()
    process, url = server.start(APP, work / f"{db.stem}.log", db, data)
    try:
        wait_healthy(url, process)
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        context.add_init_script(felt.WATCH_CHANGES)
        page = context.new_page()
        navigated = time.perf_counter() - began
        cold_start = navigated + felt.open_page(page, f"{url}/").last_change
        loads = {}
        for path in PAGE_PATHS:  # until the page stops changing, as the browser section
            loads[path or "kansallinen"] = felt.open_page(page, f"{url}/{path}").last_change
        context.close()
        return cold_start, peak_rss_mb(process.pid), loads
    finally:
        stop(process)


def ingest_peak_mb(db: Path, folder: Path) -> tuple[float, float]:
    """Peak RSS MiB of a full ingest of `folder` into the new database `db`, run in a child
    process: (the ingesting process, the largest parser worker)."""
    code = (
        "import resource, sys; from pathlib import Path;"
        "from loaders.store.database import open_database; from loaders.ingest import ingest_paths;"
        "con = open_database(sys.argv[1]);"
        "ingest_paths(con, sorted(p for p in Path(sys.argv[2]).iterdir() if p.is_dir()));"
        "con.close();"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(db), str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    own, children = (int(n) / 1024 for n in done.stdout.split()[-2:])  # ru_maxrss is KiB
    return own, children


def run(
    recorder: Recorder, databases: dict[str, tuple[Path, Path | None]], work: Path, sample: Path
) -> None:
    """Cold start and server memory on each database (name -> database, data folder);
    ingest memory on the sample folder."""
    if Path(felt.CHROMIUM).exists():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=felt.CHROMIUM, args=felt.CHROMIUM_ARGS
            )
            try:
                for name, (db, data) in databases.items():
                    cold, peak, loads = serve_and_browse(db, data, work, browser)
                    recorder.add("memory", f"cold start to first page, {name}", [cold])
                    for page, seconds in loads.items():
                        recorder.add("memory", f"page load {page}, {name}", [seconds])
                    recorder.value(f"server peak RSS MiB, {name}", peak)
            finally:
                browser.close()
    else:
        recorder.value(f"browser skipped: {felt.CHROMIUM} missing", float("nan"))
    own, children = ingest_peak_mb(work / "memory-ingest.duckdb", sample)
    recorder.value("ingest peak RSS MiB, parent", own)
    recorder.value("ingest peak RSS MiB, largest worker", children)
