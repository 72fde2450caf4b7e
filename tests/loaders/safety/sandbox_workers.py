"""Stand-ins for the parser that misbehave on purpose, for the limits of loaders.safety.sandbox. The
child process imports them by name, so they live in a module of their own that imports
nothing heavy."""

from __future__ import annotations

import os
import time
from pathlib import Path

from loaders.safety.sandbox import parse_file


def sleeps(path: Path):
    """A parser that hangs."""
    time.sleep(60)
    return parse_file(path)


def allocates_2_gb(path: Path):
    """A parser that wants 2 GB at once and touches it."""
    block = bytearray(2 * 2**30)
    return len(block)


def aborts(path: Path):
    """A parser that dies the way the Rust reader does when an allocation fails."""
    os.abort()


def aborts_on_marked_files(path: Path):
    """parse_file, except that a file whose name contains 'kaatuu' kills the process."""
    if "kaatuu" in path.name:
        os.abort()
    return parse_file(path)
