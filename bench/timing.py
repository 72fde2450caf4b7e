"""Timing helpers for the benchmarks: medians of repeated runs, ratios, goals, the printed
table and the JSON file. Pure functions and a small recorder; nothing here knows a workload."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path


def timed(function: Callable[[], object]) -> float:
    """Seconds one call of `function` takes (wall clock)."""
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def repeat(
    function: Callable[[], object], runs: int, setup: Callable[[], object] | None = None
) -> list[float]:
    """Seconds of `runs` calls of `function`, each after an untimed `setup()`."""
    seconds = []
    for _ in range(runs):
        if setup:
            setup()
        seconds.append(timed(function))
    return seconds


@dataclass
class Measurement:
    """One workload: its section, name, the seconds of each run, and a note."""

    section: str
    name: str
    runs: list[float]
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


@dataclass
class Goal:
    """A target: `value` must be at most (or, with at_least, at least) `limit`."""

    name: str
    value: float
    limit: float
    unit: str
    at_least: bool = False

    @property
    def met(self) -> bool:
        return self.value >= self.limit if self.at_least else self.value <= self.limit


@dataclass
class Recorder:
    measurements: list[Measurement] = field(default_factory=list)
    values: dict[str, float] = field(default_factory=dict)  # ratios, MB, counts
    goals: list[Goal] = field(default_factory=list)

    def add(self, section: str, name: str, runs: list[float], note: str = "") -> Measurement:
        measurement = Measurement(section, name, runs, note)
        self.measurements.append(measurement)
        return measurement

    def median(self, name: str) -> float:
        return next(m.median for m in self.measurements if m.name == name)

    def value(self, name: str, value: float) -> float:
        self.values[name] = value
        return value

    def goal(self, name: str, value: float, limit: float, unit: str, at_least=False) -> Goal:
        goal = Goal(name, value, limit, unit, at_least)
        self.goals.append(goal)
        return goal


def ratio(numerator: float, denominator: float) -> float:
    """numerator ÷ denominator, NaN when the denominator is 0."""
    return numerator / denominator if denominator else float("nan")


def format_seconds(seconds: float) -> str:
    """A duration in the unit that reads best: '850 µs', '12.3 ms', '4.21 s'."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def format_table(recorder: Recorder) -> str:
    """The measurements (median, runs, note), then the other values and the goals, as
    plain-text columns for the terminal and README."""
    lines = [f"{'section':<8} {'workload':<40} {'median':>10} {'runs':>4}  note"]
    for m in recorder.measurements:
        lines.append(
            f"{m.section:<8} {m.name:<40} {format_seconds(m.median):>10} {len(m.runs):>4}  {m.note}"
        )
    if recorder.values:
        lines.append("")
        lines += [f"{name:<49} {value:>10.2f}" for name, value in recorder.values.items()]
    if recorder.goals:
        lines.append("")
        for g in recorder.goals:
            sign = ">=" if g.at_least else "<="
            verdict = "met" if g.met else "MISSED"
            shown = f"{g.value:.2f} {g.unit} {sign} {g.limit:g} {g.unit}"
            lines.append(f"{g.name:<49} {shown:<28} {verdict}")
    return "\n".join(lines)


def machine() -> dict[str, object]:
    """What the numbers were measured on: cores, CPU model, memory, Python, load average."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    memory = 0.0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total = meminfo.read_text().splitlines()[0].split()[1]  # kB
        memory = round(int(total) / 2**20, 1)
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory_gb": memory,
        "python": platform.python_version(),
        "system": platform.platform(terse=True),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def to_json(recorder: Recorder, options: dict[str, object]) -> dict[str, object]:
    """The results as a small JSON-ready dict: medians and runs in seconds, values, goals."""
    return {
        "date": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "options": options,
        "measurements": [
            {**asdict(m), "runs": [round(r, 5) for r in m.runs], "median": round(m.median, 5)}
            for m in recorder.measurements
        ],
        "values": {name: round(value, 4) for name, value in recorder.values.items()},
        "goals": [{**asdict(g), "value": round(g.value, 4), "met": g.met} for g in recorder.goals],
    }


def write_json(path: Path, payload: dict[str, object]) -> None:
    """Write `payload` to `path` atomically (a .tmp file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
    temporary.replace(path)
