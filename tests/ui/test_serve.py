"""`python -m ui.serve --replicas N`: the nginx configuration it writes (sticky by cookie,
websockets upgraded, every file under its own folder, accepted by a real `nginx -t`), its
options, its message without nginx, and a real run: two replicas behind a real nginx on
127.0.0.1, a browser's cookie keeping it on one replica, Streamlit sessions through the
proxy, and everything gone after a SIGTERM to the parent.

Without nginx the nginx tests skip; CI installs nginx and sets TILANNEKUVA_REQUIRE_NGINX,
so there they fail instead."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench import load, server
from loaders.store.database import open_database
from tests.conftest import ROOT
from ui import replicas
from ui.serve import replicas_wanted

START_SECONDS = 180  # a shared 2-core machine starts two Streamlit processes in ~5 s


@pytest.fixture(scope="module")
def nginx() -> str:
    found = replicas.find_nginx()
    if found is None:
        if os.environ.get("TILANNEKUVA_REQUIRE_NGINX"):
            pytest.fail("nginx is missing (apt-get install nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    return found


def test_the_config_routes_by_the_cookie_and_upgrades_websockets(tmp_path):
    text = replicas.nginx_config(8501, "", [40001, 40002, 40003], tmp_path, max_upload_mb=20)
    assert "hash $replica_key consistent;" in text
    assert "map $cookie_tilannekuva_replica $replica_key" in text
    assert "add_header Set-Cookie $replica_cookie always;" in text
    assert '"tilannekuva_replica=$replica_key; Path=/; HttpOnly; SameSite=Lax"' in text
    assert "$remote_addr" not in text and "ip_hash" not in text  # never by client address
    for port in (40001, 40002, 40003):
        assert f"server 127.0.0.1:{port};" in text
    assert "proxy_http_version 1.1;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "proxy_set_header Connection $connection_upgrade;" in text
    assert "proxy_read_timeout 24h;" in text
    assert "client_max_body_size 20m;" in text
    assert "listen 8501;" in text
    assert "daemon off;" in text and "worker_processes 1;" in text


def test_every_file_the_config_names_is_under_the_work_dir(tmp_path):
    text = replicas.nginx_config(8501, "127.0.0.1", [40001, 40002], tmp_path)
    assert "include" not in text and "/etc/" not in text
    paths = re.findall(r"^\s*\w+ (/[^;\s]*);", text, re.MULTILINE)  # directive /path;
    assert len(paths) >= 6  # pid and five temp paths
    assert all(Path(p).is_relative_to(tmp_path.resolve()) for p in paths), paths
    assert "access_log off;" in text and "error_log stderr" in text
    assert "listen 127.0.0.1:8501;" in text
    assert "listen [::1]:8501;" in replicas.nginx_config(8501, "::1", [40001], tmp_path)


def test_nginx_accepts_the_config(nginx, tmp_path):
    config = tmp_path / "nginx.conf"
    config.write_text(replicas.nginx_config(8501, "", [40001, 40002], tmp_path))
    command = [nginx, "-t", "-e", "stderr", "-p", str(tmp_path), "-c", str(config)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--server.port", "8502"], (None, ["--server.port", "8502"])),
        (["--replicas", "2", "--server.port", "8502"], (2, ["--server.port", "8502"])),
        (["--server.headless", "true", "--replicas=3"], (3, ["--server.headless", "true"])),
    ],
)
def test_replicas_are_taken_from_the_options(argv, expected):
    assert replicas_wanted(argv) == expected


@pytest.mark.parametrize("value", ["1", "0", "two"])
def test_fewer_than_two_replicas_is_refused(value):
    with pytest.raises(SystemExit, match="2 or more"):
        replicas_wanted(["--replicas", value])


def test_a_streamlit_option_is_read_in_either_form():
    assert replicas.take_option(["--server.port=9", "-x"], "server.port") == ("9", ["-x"])
    assert replicas.take_option(["--server.port", "9"], "server.port") == ("9", [])
    assert replicas.take_option(["-x"], "server.port") == (None, ["-x"])


def test_without_nginx_it_says_what_to_install_in_both_languages(monkeypatch, capsys):
    monkeypatch.setattr(replicas, "find_nginx", lambda: None)
    assert replicas.serve(2, []) == 2
    message = capsys.readouterr().err
    assert "apt-get install nginx-light" in message
    assert "nginx puuttuu" in message and "nginx is missing" in message
    assert "--replicas" in message


def _get(url: str, cookie: str | None = None) -> tuple[str, str | None]:
    """(the replica that answered, the tilannekuva_replica cookie set, or None)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        cookies = response.headers.get_all("Set-Cookie") or []
        ours = [c for c in cookies if c.startswith("tilannekuva_replica=")]
        return response.headers["X-Tilannekuva-Replica"], ours[0] if ours else None


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def _serving(folder: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """(parent process, proxy url) of `python -m ui.serve --replicas 2` on a database with
    the roadmap and no reports, once it says where it serves; at the end the parent is
    stopped if still running (SIGTERM, then SIGKILL: its children get SIGTERM when it dies)."""
    db = folder / "tilannekuva.duckdb"
    open_database(db).close()
    port = replicas.free_port()
    command = [sys.executable, "-m", "ui.serve", "--replicas", "2"]
    command += ["--server.port", str(port), "--server.headless", "true"]
    env = {**os.environ, "TILANNEKUVA_DB": str(db)}
    env.pop("TILANNEKUVA_REPLICA", None)
    log = folder / "serve.log"
    with log.open("w") as out:
        parent = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_SECONDS
        while "Tilannekuva: http" not in log.read_text():
            assert parent.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield parent, f"http://127.0.0.1:{port}"
    finally:
        if parent.poll() is None:
            server.stop(parent)


@pytest.fixture(scope="module")
def served(nginx, tmp_path_factory):
    """One run for the tests below; the last of them stops it."""
    with _serving(tmp_path_factory.mktemp("serve")) as run:
        yield run


def _replica_ports(url: str) -> set[int]:
    """The replicas' ports, as twenty made-up cookies reach them through the proxy."""
    answered = {_get(f"{url}/_stcore/health", f"tilannekuva_replica=c{n}")[0] for n in range(20)}
    return {int(replica.rsplit(":", 1)[1]) for replica in answered}


def _none_listening(ports: set[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while any(_listening(p) for p in ports) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not any(_listening(p) for p in ports)


def test_one_cookie_stays_on_one_replica_and_different_cookies_reach_both(served):
    """Replicas are told apart by the X-Tilannekuva-Replica header, nginx's $upstream_addr
    (a 127.0.0.1 port: nothing a visitor could reach). A first request without the cookie
    gets one and keeps its replica with it; twenty made-up cookies land on both replicas."""
    _, url = served
    first, cookie = _get(f"{url}/_stcore/health")
    assert cookie and "HttpOnly" in cookie and "Path=/" in cookie
    pair = cookie.split(";")[0]
    for _ in range(5):
        assert _get(f"{url}/_stcore/health", pair) == (first, None)  # no new cookie
    assert _get(url + "/", pair)[0] == first  # the page itself too, not only the probe
    seen = {_get(f"{url}/_stcore/health", f"tilannekuva_replica=c{n}")[0] for n in range(20)}
    assert len(seen) == 2 and first in seen
    for replica in seen:
        assert re.fullmatch(r"127\.0\.0\.1:\d+", replica)


def test_sessions_of_the_national_page_finish_through_the_proxy(served):
    _, url = served
    sessions = load.blocking(load.open_sessions(url, "", 4, timeout=120))
    summary = load.summarise(sessions)
    assert (summary.sessions, summary.finished, summary.errors) == (4, 4, 0), summary
    assert all(s.elements["heading"] >= 1 for s in sessions)  # the page was drawn


def test_sigterm_to_the_parent_stops_the_replicas_and_nginx(served):
    """Last of the tests on `served`: it ends that run."""
    parent, url = served
    ports = {*_replica_ports(url), int(url.rsplit(":", 1)[1])}
    assert len(ports) == 3 and all(_listening(p) for p in ports)
    parent.send_signal(signal.SIGTERM)
    assert parent.wait(timeout=60) == 0
    assert _none_listening(ports)


def test_a_replica_that_dies_stops_the_others_and_nginx_and_fails_the_parent(nginx, tmp_path):
    with _serving(tmp_path) as (parent, url):
        ports = {*_replica_ports(url), int(url.rsplit(":", 1)[1])}
        children = Path(f"/proc/{parent.pid}/task/{parent.pid}/children").read_text().split()
        assert len(children) == 3  # two replicas and nginx
        replica = next(pid for pid in map(int, children) if b"ui.serve" in _cmdline(pid))
        os.kill(replica, signal.SIGKILL)
        assert parent.wait(timeout=60) == 1
        assert _none_listening(ports)


def _cmdline(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()
