"""A running dashboard on a free localhost port and headless Debian Chromium driving it."""

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bench.browser import CHROMIUM, CHROMIUM_ARGS  # one Chromium setup for bench and tests
from bench.server import wait_healthy  # one way to wait for a server, too
from tests.conftest import ROOT

SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The readiness probe a deployment may use: runs app.py once (see config.toml).
SCRIPT_PROBE = "/_stcore/script-health-check"
# The server's own health: answers once it listens, without running any script.
SERVER_PROBE = "/_stcore/health"


def _wait_healthy(
    url: str, process: subprocess.Popen, seconds: float = 60, probe: str = SCRIPT_PROBE
) -> None:
    wait_healthy(url, process, seconds, probe=probe, answer_within=30)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("TILANNEKUVA_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing but TILANNEKUVA_REQUIRE_BROWSER is set")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def serve(
    db: Path,
    log: Path,
    *,
    port: int | None = None,
    env: dict[str, str] | None = None,
    options: tuple[str, ...] = (),
    command: tuple[str, ...] = ("-m", "streamlit", "run", str(ROOT / "app.py")),
    probe: str = SCRIPT_PROBE,
):
    """Start `streamlit run app.py` (or python with `command`) on `db` (on `port`, else a
    free one, with `env` added to the environment and `options` to the command line), and
    wait until `probe` answers; returns (base url, process)."""
    port = port or free_port()
    env = {**os.environ, "TILANNEKUVA_DB": str(db), **(env or {})}
    process = subprocess.Popen(
        [
            sys.executable,
            *command,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *options,
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, probe=probe)
    except Exception:
        process.kill()
        raise
    return url, process


def _known_probe(url: str) -> bool:
    """Opened directly at a page's address (/alue), Streamlit's front end first asks for
    /alue/_stcore/health and host-config, gets 404 and falls back to /_stcore/ — a known,
    harmless Streamlit bug (streamlit/streamlit#7074). Every other failure counts."""
    return re.search(r"/[a-z-]+/_stcore/(health|host-config)$", url) is not None


@pytest.fixture
def page(browser):
    """A fresh browser page that records console errors; the test fails if any occur."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fi-FI")
    opened = context.new_page()
    errors: list[str] = []
    opened.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not _known_probe(m.location.get("url", ""))
            else None
        ),
    )
    opened.on(
        "response",
        lambda r: (
            errors.append(f"HTTP {r.status} {r.url}")
            if r.status >= 400 and not _known_probe(r.url)
            else None
        ),
    )
    opened.on("pageerror", lambda e: errors.append(str(e)))
    yield opened
    context.close()
    assert not errors, f"browser console errors: {errors}"


def serve_sample_copy(sample_db_file: Path, folder: Path):
    """A module fixture's body: `streamlit run` on a copy of the sample in `folder` (the
    server process owns its copy); yields the base url and stops the server afterwards."""
    db = folder / "tilannekuva.duckdb"
    shutil.copyfile(sample_db_file, db)
    url, process = serve(db, folder / "streamlit.log")
    yield url
    process.terminate()
    process.wait(timeout=10)


def serve_signed_in(sample_db_file: Path, folder: Path, provider: str, roles: str):
    """`streamlit run` with sign-in on: a copy of the sample in `folder`, [auth] pointing at
    the OpenID Connect provider at `provider` (its base url) and the roles file `roles`,
    passed by --secrets.files and TILANNEKUVA_ROLES. Yields (dashboard url, database file,
    process) and stops the server afterwards."""
    db = folder / "tilannekuva.duckdb"
    shutil.copyfile(sample_db_file, db)
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        f"""
[auth]
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "browser-test-cookie-secret-0123456789abcdef"
client_id = "tilannekuva"
client_secret = "browser-test-client-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""",
        encoding="utf-8",
    )
    (folder / "roles.toml").write_text(roles, encoding="utf-8")
    _, process = serve(
        db,
        folder / "streamlit.log",
        port=port,
        env={"TILANNEKUVA_ROLES": str(folder / "roles.toml")},
        options=("--secrets.files", str(secrets)),
    )
    try:
        yield f"http://localhost:{port}", db, process
    finally:
        process.terminate()
        process.wait(timeout=20)


def settle(page) -> None:
    """Wait until Streamlit has finished running the script and drawing."""
    page.wait_for_selector("[data-testid='stApp']", timeout=30_000)
    # The app root says when the script has stopped; the status widget alone never shows on
    # a first run, so waiting for it to go returned while the page was still being drawn.
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000
    )
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )
    page.wait_for_timeout(500)
    assert page.locator("[data-testid='stException']").count() == 0, "exception box shown"


def download(page, button, timeout: int = 20_000):
    """Press `button` and return the download. The file is written on the server when the
    button is pressed; a press that lands while the page is still being drawn can come to
    nothing, and a person would press again: up to three presses, each given `timeout` ms.
    The page must not run its script again on the way (downloads use on_click="ignore")."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate(
        """() => { window.__reran = false; new MutationObserver((records) => {
               for (const r of records) if (r.target.getAttribute &&
                   r.target.getAttribute('data-test-script-state') === 'running')
                   window.__reran = true;
           }).observe(document.querySelector("[data-testid='stApp']"),
                      { attributes: true, attributeFilter: ['data-test-script-state'] }); }"""
    )
    for _ in range(3):
        try:
            with page.expect_download(timeout=timeout) as pressed:
                button.click()
            break
        except PlaywrightTimeout:
            continue
    else:
        raise AssertionError("three presses of the download button gave no file")
    assert not page.evaluate("window.__reran"), "pressing the download ran the page again"
    return pressed.value


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
