"""`python -m ui.serve --replicas N`: N Streamlit processes in replica mode on one database
file, behind an nginx that keeps each browser on one of them by a cookie."""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

COOKIE = "tilannekuva_replica"
START_SECONDS = 180.0  # every replica and nginx answer within this, or the start fails
STOP_SECONDS = 15.0  # a child asked to stop is killed after this
NO_NGINX = (
    "nginx puuttuu: asenna se (Debian: apt-get install nginx-light) tai käynnistä ilman "
    "--replicas-valitsinta.\n"
    "nginx is missing: install it (Debian: apt-get install nginx-light) or start without "
    "--replicas."
)


def nginx_config(
    listen_port: int,
    listen_address: str,
    replica_ports: list[int],
    work_dir: Path,
    *,
    max_upload_mb: int = 200,
) -> str:
    """An nginx configuration that runs as an ordinary user in the foreground, keeps every
    file it writes under `work_dir`, listens on `listen_address`:`listen_port` and passes
    each browser to one of the replicas on 127.0.0.1 `replica_ports`, always the same one:
    the one its tilannekuva_replica cookie hashes to. A request without the cookie hashes by
    its own request id, and the response sets the cookie to that id (so the browser's next
    requests, the websocket among them, go where its first one went).

    Why sticky: a Streamlit session is one websocket bound to the process that holds its
    state, and its HTTP requests (/media/... for download buttons, whose bytes that process
    keeps in memory; /_stcore/upload_file/... for uploads) must reach that process too. Why
    by cookie: by client address, a ministry's users behind one NAT address would all land
    on one replica. Errors go to nginx's
    standard error, as the replicas' logs go to theirs. `max_upload_mb` is Streamlit's
    server.maxUploadSize: an upload that Streamlit would take must pass nginx."""
    work = Path(work_dir).resolve()
    host = f"[{listen_address}]" if ":" in listen_address else listen_address
    listen = f"{host}:{listen_port}" if listen_address else str(listen_port)
    servers = "\n".join(f"        server 127.0.0.1:{port};" for port in replica_ports)
    return f"""# Written by python -m ui.serve --replicas for this run only.
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log stderr warn;

events {{
    worker_connections 1024;  # two a session (browser and replica): 512 sessions
}}

http {{
    access_log off;
    client_body_temp_path {work}/client_body_temp;
    proxy_temp_path {work}/proxy_temp;
    fastcgi_temp_path {work}/fastcgi_temp;
    uwsgi_temp_path {work}/uwsgi_temp;
    scgi_temp_path {work}/scgi_temp;
    client_max_body_size {max_upload_mb}m;

    # Websockets: pass the upgrade on to the replica.
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        "" close;
    }}
    # The key a request is routed by: its cookie, or for a browser without one its own id.
    map $cookie_{COOKIE} $replica_key {{
        "" $request_id;
        default $cookie_{COOKIE};
    }}
    # The cookie is set only on a response to a request that came without it.
    map $cookie_{COOKIE} $replica_cookie {{
        "" "{COOKIE}=$replica_key; Path=/; HttpOnly; SameSite=Lax";
        default "";
    }}

    upstream replicas {{
        hash $replica_key consistent;
{servers}
    }}

    server {{
        listen {listen};

        location / {{
            proxy_pass http://replicas;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A session's websocket stays open for hours, quiet while nobody clicks.
            proxy_read_timeout 24h;
            proxy_send_timeout 24h;
            # Uploads go on to Streamlit as they arrive (it checks their size itself).
            proxy_request_buffering off;
            # 'always': also on an error page, so that a browser's first response pins it.
            add_header Set-Cookie $replica_cookie always;
            # Which replica answered (a loopback port): for tests and for reading logs.
            add_header X-Tilannekuva-Replica $upstream_addr always;
        }}
    }}
}}
"""


def find_nginx() -> str | None:
    """The nginx program: on PATH, else where Debian puts it (/usr/sbin is not on an
    ordinary user's PATH there)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


def take_option(options: list[str], name: str) -> tuple[str | None, list[str]]:
    """The value of Streamlit option `name` in `options` (`--name value` or `--name=value`;
    the last one counts) and the options without it."""
    value, rest, flag, index = None, [], f"--{name}", 0
    while index < len(options):
        option = options[index]
        if option == flag and index + 1 < len(options):
            value, index = options[index + 1], index + 2
            continue
        if option.startswith(flag + "="):
            value = option[len(flag) + 1 :]
        else:
            rest.append(option)
        index += 1
    return value, rest


def streamlit_option(options: list[str], name: str):
    """Streamlit option `name` as the replicas will see it: from `options`, else from
    .streamlit/config.toml and Streamlit's defaults."""
    value, _ = take_option(options, name)
    if value is None:
        from streamlit import config

        value = config.get_option(name)
    return value


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _die_with_parent() -> None:
    """In a child before it runs: receive SIGTERM when the supervisor dies, however it dies
    (Linux), so that no replica or nginx outlives it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    # A session of its own: Ctrl-C reaches the supervisor only, which stops the children in
    # order; their output goes where the supervisor's goes.
    return subprocess.Popen(command, env=env, start_new_session=True, preexec_fn=_die_with_parent)


class _Stop(Exception):
    pass


def _raise_stop(signum, frame) -> None:
    raise _Stop


def _wait_until(ready, children: list[subprocess.Popen], seconds: float) -> None:
    """Return once ready() is true; raise RuntimeError if a child exits or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while not ready():
        if any(child.poll() is not None for child in children):
            raise RuntimeError("a process exited while starting / prosessi päättyi käynnistyessä")
        if time.monotonic() > deadline:
            raise RuntimeError(f"not ready within {seconds:g} s / ei valmis {seconds:g} s:ssa")
        time.sleep(0.2)


def stop_all(children: list[subprocess.Popen]) -> None:
    """Terminate every child still running, and kill those not gone within STOP_SECONDS."""
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(timeout=STOP_SECONDS)


def ensure_database() -> None:
    """Create a missing database file once, read-write, before the replicas start: else
    each replica would find no file and one of them would create it by copy-and-swap while
    the others wait on its lock (loaders/store/replica.py), an empty dashboard either way."""
    from common.settings import database_path
    from loaders.store.database import open_database

    db = database_path()
    if not db.exists():
        print(
            f"{db} puuttuu: luodaan tyhjä tietokanta; lataa aineisto: python -m loaders demo\n"
            f"{db} is missing: creating an empty database; load data: python -m loaders demo",
            file=sys.stderr,
        )
        open_database(db).close()


def serve(count: int, options: list[str]) -> int:
    """Run `count` replicas of the dashboard (with Streamlit `options`) behind nginx on the
    port and address the options give (8501 and every address by default), until a signal
    or until a child exits. One Streamlit process runs every session's script on one core
    (the GIL); a replica per core serves more people at once. Each opens the file read-only
    and writes by copy-and-swap (loaders/store/replica.py): the file stays the one source of
    truth. Returns the exit status: 0 after a signal, 1 if a child failed or the start did."""
    nginx = find_nginx()
    if nginx is None:
        print(NO_NGINX, file=sys.stderr)
        return 2
    # The replicas get ports and an address of their own; nginx takes the ones asked for.
    port, address = (
        streamlit_option(options, "server.port"),
        streamlit_option(options, "server.address"),
    )
    options = take_option(take_option(options, "server.port")[1], "server.address")[1]
    upload = streamlit_option(options, "server.maxUploadSize")
    base = str(streamlit_option(options, "server.baseUrlPath") or "").strip("/")
    health = f"/{base}/_stcore/health" if base else "/_stcore/health"
    listen_port = int(port)
    ensure_database()

    env = {**os.environ, "TILANNEKUVA_REPLICA": "1"}
    children: list[subprocess.Popen] = []
    work = Path(tempfile.mkdtemp(prefix="tilannekuva-nginx-"))
    work.chmod(0o755)  # nginx started by root runs its worker as nobody, which must get in
    previous = {sig: signal.signal(sig, _raise_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    status = 1
    try:
        ports = []
        for _ in range(count):
            ports.append(free_port())
            command = [sys.executable, "-m", "ui.serve", "--server.port", str(ports[-1])]
            command += ["--server.address", "127.0.0.1", *options]
            children.append(_start(command, env))
        for port in ports:
            _wait_until(
                lambda p=port: answers(f"http://127.0.0.1:{p}{health}"),
                children,
                START_SECONDS,
            )
        config_file = work / "nginx.conf"
        text = nginx_config(listen_port, address or "", ports, work, max_upload_mb=int(upload))
        config_file.write_text(text, encoding="utf-8")
        children.append(
            _start([nginx, "-e", "stderr", "-p", str(work), "-c", str(config_file)], env)
        )
        near = "127.0.0.1" if address in (None, "", "0.0.0.0", "::") else address
        shown = f"[{near}]" if ":" in near else near
        _wait_until(
            lambda: answers(f"http://{shown}:{listen_port}{health}"), children, START_SECONDS
        )
        where = f"http://{address or 'localhost'}:{listen_port}/{base}"
        print(f"Tilannekuva: {where} ({count} replicas / replikaa, nginx)", flush=True)
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        failed = [child.args for child in children if child.poll() is not None]
        print(f"stopping: exited / pysäytetään: päättyi {failed[0]}", file=sys.stderr)
    except _Stop:
        status = 0
    except RuntimeError as error:
        print(f"ui.serve --replicas: {error}", file=sys.stderr)
    finally:
        for sig in previous:  # a second Ctrl-C must not cut the stopping short
            signal.signal(sig, signal.SIG_IGN)
        stop_all(children)
        shutil.rmtree(work, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return status
