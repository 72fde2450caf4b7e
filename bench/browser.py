"""Speed as people feel it: every page in headless Chromium, from navigation start until the
page stops changing, cold and warm, each as a multiple of the floor (bench/floor_page.py: a
title, a metric, a plotly bar chart and a table) measured in the same run.

"Stops changing": Streamlit's script-run state on the app root (`stApp`'s
`data-test-script-state`) is `notRunning` — a script run has ended — and no DOM mutation has
happened for QUIET_MS. The time reported is that of the last mutation, in the page's own
clock (performance.now(), whose zero is the navigation start), so the quiet wait itself is
not counted. A MutationObserver installed before any page script sees every change. (The
status widget `stStatusWidget` is no signal: this Streamlit does not show it on a first run.)
Each row's note splits the time: the script run as the browser saw it (state `running` to
`notRunning`) and the drawing after it (charts laid out, tables painted).

Cold: a fresh browser context (nothing cached by the browser) after Streamlit's caches were
cleared on the server (the database handle reopened, every metric computed); the server has
already run one script, so Python's imports are not counted (`memory` measures a start).
Warm: the same address opened again in that context, median of WARM_RUNS."""

from __future__ import annotations

import shutil
import statistics
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from bench import load, server
from bench.timing import Recorder, ratio

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Long enough for plotly: Streamlit loads plotly.js lazily once a page's other elements are
# drawn, and every chart of the page is then drawn at once. With 300 ms the national page
# was judged settled in about one warm run in three before any chart was drawn (a quiet
# spell of 0.9 s, then 2 000 mutations); with 1 500 ms none of 8 probe runs did.
QUIET_MS = 1500
WARM_RUNS = 3
TIMEOUT_MS = 120_000

# Runs before any script of every document: when the DOM last changed, and when the first
# script run started and the last one ended (Streamlit sets data-test-script-state on stApp:
# 'initial', 'running', 'notRunning').
WATCH_CHANGES = """
window.__lastChange = performance.now(); window.__runStart = null; window.__runEnd = null;
new MutationObserver((records) => {
  const now = performance.now();
  window.__lastChange = now;
  for (const r of records) {
    if (r.attributeName !== 'data-test-script-state') continue;
    const state = r.target.getAttribute('data-test-script-state');
    if (state === 'running' && window.__runStart === null) window.__runStart = now;
    if (state === 'notRunning') window.__runEnd = now;
  }
}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
"""
STOPPED_CHANGING = f"""() =>
  document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']") !== null
  && performance.now() - window.__lastChange >= {QUIET_MS}"""


@dataclass
class Visit:
    """One page load, in seconds from navigation start: the last change of the page (the
    figure reported), when the script run started and when it ended; and an error ('' when
    the page showed none)."""

    last_change: float
    run_start: float
    run_end: float
    error: str = ""

    @property
    def script(self) -> float:
        """Seconds the script ran, as the browser saw it."""
        return self.run_end - self.run_start

    @property
    def after_script(self) -> float:
        """Seconds the browser kept drawing after the script had finished."""
        return self.last_change - self.run_end


def open_page(page, address: str) -> Visit:
    """Open `address` in `page` and wait until it stops changing."""
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.goto(address, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function(STOPPED_CHANGING, timeout=TIMEOUT_MS, polling=50)
    except Timeout:  # one page that never settles must not cost the other measurements
        nan = float("nan")
        return Visit(nan, nan, nan, f"did not stop changing within {TIMEOUT_MS / 1000:g} s")
    last, start, end = page.evaluate("[window.__lastChange, window.__runStart, window.__runEnd]")
    shown = page.locator("[data-testid='stException']").count()  # st.error boxes are content
    error = "exception shown" if shown else ""
    return Visit(last / 1000, (start or 0) / 1000, (end or 0) / 1000, error)


def measure(browser, url: str, path: str) -> tuple[Visit, list[Visit]]:
    """The cold visit and the warm ones of the page at `url`/`path`."""
    load.blocking(load.clear_caches(url))
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fi-FI")
    try:
        context.add_init_script(WATCH_CHANGES)
        page = context.new_page()
        cold = open_page(page, f"{url}/{path}")
        return cold, [open_page(page, f"{url}/{path}") for _ in range(WARM_RUNS)]
    finally:
        context.close()


def warm_up(url: str) -> None:
    """One untimed run of the default page, so Python's imports are done (as a readiness
    probe such as /_stcore/script-health-check does in production)."""
    load.blocking(load.open_sessions(url, "national", 1))


def run(recorder: Recorder, db: Path, work: Path, *, quick: bool) -> None:
    """Every page, cold and warm, in one browser, each right after the floor page: on a
    shared machine the load changes by the minute, so each page's ratio is to the floor
    measured just before it. The app's server runs on its own copy of `db`."""
    if not Path(CHROMIUM).exists():
        recorder.value(f"browser skipped: {CHROMIUM} missing", float("nan"))
        return
    from playwright.sync_api import sync_playwright

    served_db = work / "browser.duckdb"
    shutil.copyfile(db, served_db)
    pages = dict(list(server.APP_PAGES.items())[:2]) if quick else server.APP_PAGES
    results = {}
    with sync_playwright() as playwright, ExitStack() as servers:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        servers.callback(browser.close)
        _, floor_url = servers.enter_context(server.served(server.FLOOR, work / "floor.log"))
        _, url = servers.enter_context(server.served(server.APP, work / "app.log", served_db))
        warm_up(floor_url)
        warm_up(url)
        for name, path in pages.items():
            results[name] = (measure(browser, floor_url, ""), measure(browser, url, path))
    floors = [floor for floor, _ in results.values()]
    record(recorder, "floor page", [f[0] for f in floors], [v for f in floors for v in f[1]])
    for name, ((floor_cold, floor_warm), (cold, warm)) in results.items():
        cold_s, warm_s = record(recorder, f"page {name}", [cold], warm)
        floor_warm_s = statistics.median(v.last_change for v in floor_warm)
        recorder.value(f"browser: {name} cold ÷ floor cold", ratio(cold_s, floor_cold.last_change))
        recorder.value(f"browser: {name} warm ÷ floor warm", ratio(warm_s, floor_warm_s))


def record(
    recorder: Recorder, name: str, cold: list[Visit], warm: list[Visit]
) -> tuple[float, float]:
    """Add the cold and warm rows, each noting where the time went; returns their medians."""

    def note(visits: list[Visit]) -> str:
        script = statistics.median(v.script for v in visits)
        after = statistics.median(v.after_script for v in visits)
        errors = "; ".join(sorted({v.error for v in visits if v.error}))
        return f"script {script:.2f} s, drawing after it {after:.2f} s" + (
            f"; {errors}" if errors else ""
        )

    cold_row = recorder.add("browser", f"{name}: cold", [v.last_change for v in cold], note(cold))
    warm_row = recorder.add("browser", f"{name}: warm", [v.last_change for v in warm], note(warm))
    return cold_row.median, warm_row.median
