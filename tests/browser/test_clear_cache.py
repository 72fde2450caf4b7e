"""Streamlit's "clear caches" back-message against a real server with OpenID Connect sign-in:
sent over a websocket by a browser that is not signed in, it is ignored; sent by a signed-in
facilitator it clears, and either way a write in flight at that moment is neither lost nor
doubled, and the next signed-in visit is served."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import date

import pytest
from oidc_provider_mock import User, run_server_in_thread
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from loaders.keeping.archive import Archive, archive_dir
from loaders.store.database import open_database
from loaders.store.dbfile import write_lock
from tests.browser.conftest import free_port, serve_signed_in, settle
from tests.loaders.keeping.files import workbook

pytestmark = pytest.mark.browser

EMAIL = "fasilitaattori@stm.example.fi"
ROLES = f'[users]\n"{EMAIL}" = "facilitator"\n'
# /_stcore/metrics recomputes the cache sizes at most every 5 s.
METRICS_TTL = 5.5


@pytest.fixture
def server(sample_db_file, tmp_path):
    """The dashboard with sign-in on a copy of the sample, and its identity provider:
    (dashboard url, database file, process)."""
    person = User(sub=EMAIL, claims={"email": EMAIL, "name": "Fasilitaattori"})
    with run_server_in_thread(port=free_port(), user_claims=[person]) as provider:
        yield from serve_signed_in(
            sample_db_file, tmp_path, f"http://localhost:{provider.server_port}", ROLES
        )


def metric_cache_bytes(url: str) -> int:
    """The size of the metric cache (ui.data) as /_stcore/metrics reports it, fresh."""
    time.sleep(METRICS_TTL)
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=30) as response:
        text = response.read().decode()
    pattern = r'^cache_memory_bytes\{[^}]*cache="[^"]*_cached"\} (\d+)$'
    return sum(int(n) for n in re.findall(pattern, text, flags=re.MULTILINE))


def send_clear_cache(url: str, cookies: list[dict] | None = None) -> None:
    """Open Streamlit's websocket as a browser would (with the signed-in browser's cookies
    and XSRF token when given, else as nobody), send clear_cache, and wait until the server
    has handled it: a heartbeat sent after it is answered."""
    headers, protocols = {}, ["streamlit"]
    if cookies:
        jar = {c["name"]: c["value"] for c in cookies}
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        headers["Origin"] = url
        protocols.append(jar["_streamlit_xsrf"])
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    with connect(
        stream, subprotocols=protocols, additional_headers=headers, open_timeout=20
    ) as socket:
        socket.send(BackMsg(clear_cache=True).SerializeToString())
        socket.send(BackMsg(app_heartbeat=True).SerializeToString())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            message = ForwardMsg()
            message.ParseFromString(socket.recv(timeout=30))
            if message.WhichOneof("type") == "heartbeat_ack":
                return
    raise TimeoutError("the server never answered the heartbeat")


def answers_without_sign_in(address: str) -> int:
    """The HTTP status of `address` fetched with no cookie at all."""
    try:
        with urllib.request.urlopen(address, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def sign_in(page, url: str) -> None:
    page.goto(url)
    settle(page)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=30_000)
    page.get_by_role("button", name=EMAIL).click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    settle(page)
    page.get_by_test_id("stSidebar").get_by_text(f"Kirjautunut: {EMAIL}").wait_for()


def test_clear_cache_from_a_signed_out_browser_during_a_write(browser, server, tmp_path):
    url, db, process = server
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fi-FI")
    page = context.new_page()
    # What the README's security section says answers without sign-in does.
    for path in ("/_stcore/health", "/_stcore/host-config", "/_stcore/metrics"):
        assert answers_without_sign_in(url + path) == 200, path
    try:
        sign_in(page, url)
        page.goto(f"{url}/aineisto")
        settle(page)
        cached = metric_cache_bytes(url)
        assert cached > 0

        upload = tmp_path / "kainuu_2022-12.xlsx"
        upload.write_bytes(workbook("kainuu", date(2022, 12, 1)))
        archive = Archive(archive_dir(db))
        # The test holds the database's write lock, as a command-line load would: the
        # facilitator's upload is archived and parsed, then waits inside the dashboard.
        with write_lock(db):
            page.get_by_role("tab", name="Pohjat ja tuonti").click()
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(upload)
            deadline = time.monotonic() + 60
            while not list(archive.root.glob("originals/*/*.xlsx")):
                assert time.monotonic() < deadline, "the upload never reached the archive"
                time.sleep(0.2)
            time.sleep(3)  # parsed in its sandbox, now at the lock

            send_clear_cache(url)  # nobody signed in: ignored
            assert metric_cache_bytes(url) >= cached, "a signed-out browser emptied the cache"
            send_clear_cache(url, context.cookies(url))  # the facilitator: cleared
            assert metric_cache_bytes(url) < cached
        page.get_by_text("kainuu_2022-12.xlsx: Ladattu").wait_for(timeout=60_000)
        # A download is served under /media/ without the session's cookie while the session
        # lives: the documented exposure (README, Streamlit's own endpoints).
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Lataa pohja (.xlsx)").click()
        media = download.value.url
        assert "/media/" in media and answers_without_sign_in(media) == 200

        # The next signed-in visit is served, from the same database handle.
        page.goto(url)
        settle(page)
        page.get_by_role("heading", name="Kansallinen tilannekuva").wait_for(timeout=30_000)
        page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    finally:
        context.close()
    process.terminate()
    process.wait(timeout=20)
    (sent,) = [json.loads(line) for line in archive.journal.read_text().splitlines()]
    assert (sent["outcome"], sent["who"]) == ("loaded", EMAIL)
    con = open_database(db)
    try:
        rows = Counter(s for (s,) in con.execute("SELECT sha256 FROM submissions").fetchall())
    finally:
        con.close()
    assert rows[sent["sha256"]] == 1
