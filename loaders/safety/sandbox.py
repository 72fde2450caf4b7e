"""Parsing a workbook where a bad file can do no harm: in a child process with a wall-clock
and a memory limit, so that no file can hang or exhaust the dashboard.

`parse_isolated` runs the parser in a fresh interpreter (`python -m loaders.safety.sandbox`),
started with exec, so it is safe from a threaded server (Streamlit) and the child holds only
the parser (no duckdb, pandas or Streamlit: about 100 ms to start). The child limits its own
address space to what it uses at start plus `memory_mb`; a parser that asks for more gets a
MemoryError, or (the Rust reader behind python-calamine) aborts, and either way the answer is
"the file needs more memory than allowed". A child still running after `timeout` seconds
is killed: "reading the file took longer than N s".

The command-line bulk load parses in a process pool instead (loaders.ingest): its workers
get the same memory limit and a CPU-time limit per file from `limit_worker` and
`parse_limited`; a worker killed by either breaks the pool, and loaders.ingest parses the
rest of the files one by one with `parse_isolated`, so the culprit gets its message."""

from __future__ import annotations

import importlib
import math
import multiprocessing
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from common.settings import REPO_ROOT
from loaders.reading.messages import Problem, WorkbookRejected, problem
from loaders.reading.rows import ParsedWorkbook
from loaders.reading.workbook import read_workbook

TIMEOUT_SECONDS = 30.0  # a template-sized workbook parses in about 20 ms
MEMORY_MB = 1024  # ... in about 100 MB; a sheet at the size limit in a few hundred
_EXIT_MEMORY = 75
_MEMORY_SIGNALS = {signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS}

Outcome = ParsedWorkbook | Problem
_limits = {"memory_mb": MEMORY_MB, "cpu_seconds": TIMEOUT_SECONDS}  # this process's


def parse_file(path: Path) -> Outcome:
    """The parsed workbook, or the problem that rejects it. Never raises for a bad file: a
    MemoryError becomes 'out_of_memory' (with the limit of this process's pool or sandbox),
    a parser bug 'unexpected'."""
    try:
        return read_workbook(path)
    except WorkbookRejected as rejected:
        return rejected.problem
    except MemoryError:
        return problem("out_of_memory", limit=_limits["memory_mb"])
    except Exception as error:  # a parser bug must not stop the other files
        return problem("unexpected", detail=f"{type(error).__name__}: {error}")


def parse_isolated(
    path: Path,
    *,
    timeout: float = TIMEOUT_SECONDS,
    memory_mb: int = MEMORY_MB,
    worker: Callable[[Path], Outcome] = parse_file,
) -> Outcome:
    """`worker(path)` (by default parse_file) run in a child process limited to `timeout`
    seconds of wall-clock time and `memory_mb` MB of memory above its start; the problem
    'timeout' or 'out_of_memory' when it exceeds either. `worker` must be a module-level
    function (the child imports it by name)."""
    command = [
        sys.executable,
        "-m",
        "loaders.safety.sandbox",
        str(Path(path).resolve()),
        str(memory_mb),
        str(math.ceil(timeout) + 1),  # CPU seconds: a backstop to the wall clock below
        f"{worker.__module__}:{worker.__qualname__}",
    ]
    paths = [str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in paths if p))
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO_ROOT
    )
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return _timed_out(timeout)
    code = child.returncode
    if code == 0:
        return pickle.loads(out)
    if code == _EXIT_MEMORY or -code in _MEMORY_SIGNALS:
        return problem("out_of_memory", limit=memory_mb)
    if -code == signal.SIGXCPU:
        return _timed_out(timeout)
    last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {code}"]
    return problem("unexpected", detail=last[0][:300])


def _timed_out(seconds: float) -> Problem:
    return problem("timeout", seconds=f"{seconds:g}".replace(".", ","))


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at its present size plus `memory_mb` MB. Relative,
    because an interpreter with its libraries loaded already maps a few hundred MB."""
    with open("/proc/self/statm") as statm:
        present = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = present + memory_mb * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    _limits["memory_mb"] = memory_mb


def pool_context() -> multiprocessing.context.BaseContext:
    """How to start the parser pool's processes. A process running one Python thread (the
    command line, tests) forks: cheap, and the caller's main module is not run again. A
    threaded process (a server) never forks itself, since a lock another thread holds would
    stay locked in the copy; its workers come from a forkserver that has loaded only the
    parser (multiprocessing runs the caller's main script in each worker then, so that
    script must keep its work under `if __name__ == "__main__"`, as Streamlit's does)."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["loaders.safety.sandbox"])
    return context


def limit_worker(memory_mb: int = MEMORY_MB, cpu_seconds: float = TIMEOUT_SECONDS) -> None:
    """Pool initializer: the memory limit for the worker, and the CPU seconds each file may
    take (see parse_limited)."""
    _limits["cpu_seconds"] = cpu_seconds
    limit_memory(memory_mb)


def parse_limited(path: Path) -> Outcome:
    """parse_file in a pool worker, with a CPU-time limit for this file: past it the kernel
    ends the worker (SIGXCPU), the pool breaks and the caller retries with parse_isolated."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    spent = usage.ru_utime + usage.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(spent + _limits["cpu_seconds"])
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    return parse_file(path)


def _child(argv: list[str]) -> int:
    """`python -m loaders.safety.sandbox PATH MEMORY_MB CPU_SECONDS MODULE:FUNCTION`: the pickled
    outcome on stdout."""
    path, memory_mb, cpu_seconds, target = argv
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything the worker prints goes to stderr, not into the answer
    module, _, name = target.partition(":")
    worker = importlib.import_module(module)
    for part in name.split("."):
        worker = getattr(worker, part)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    cpu = int(cpu_seconds) if hard == resource.RLIM_INFINITY else min(int(cpu_seconds), hard)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))
    limit_memory(int(memory_mb))
    try:
        answer = pickle.dumps(worker(Path(path)), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        os._exit(_EXIT_MEMORY)
    out.write(answer)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
