"""Ingest workloads on the sample (22 regions x 17 months), each beside baselines that read
the same files: python-calamine reading every cell of every sheet (the floor for an Excel
parser), openpyxl in read-only mode (what most Python loaders do) and inflating the zip
members alone (lower still). Writing the sample is measured against ingesting it: a first
start does both."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import python_calamine as calamine

from bench.timing import Recorder, ratio, repeat, timed
from loaders.ingest import expand_paths, ingest_paths, workers_for
from loaders.sample.generator import generate_sample
from loaders.store.database import open_database

SAMPLE_SEED = 2021


def sample_folder(cache: Path) -> Path:
    """The clean sample under `cache`, generated on first use (about ten seconds)."""
    out = cache / "sample"
    done = out / ".complete"
    if not done.exists():
        shutil.rmtree(out, ignore_errors=True)
        generate_sample(out, seed=SAMPLE_SEED)
        done.touch()
    return out / "clean"


def month_folders(clean: Path) -> list[Path]:
    return sorted(p for p in clean.iterdir() if p.is_dir())


def read_calamine(files: list[Path]) -> int:
    """Every cell of every sheet through python-calamine; returns the number of cells."""
    cells = 0
    for path in files:
        book = calamine.CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            cells += sum(map(len, book.get_sheet_by_name(name).to_python()))
        book.close()
    return cells


def read_openpyxl(files: list[Path]) -> int:
    """Every cell of every sheet through openpyxl in read-only mode; returns the cells."""
    cells = 0
    for path in files:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for sheet in book.worksheets:
            cells += sum(len(row) for row in sheet.iter_rows(values_only=True))
        book.close()
    return cells


def inflate(files: list[Path]) -> int:
    """Every zip member inflated with zipfile alone; returns the bytes."""
    total = 0
    for path in files:
        with zipfile.ZipFile(path) as archive:
            total += sum(len(archive.read(member)) for member in archive.infolist())
    return total


# The bare read as a process of its own: start Python, import calamine, read every cell.
BARE_READ = """
import sys
import python_calamine as calamine
for path in sys.argv[1:]:
    book = calamine.CalamineWorkbook.from_path(path)
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
"""
REPO = Path(__file__).resolve().parents[1]


def _process_seconds(command: list[str]) -> float:
    """Wall seconds of `command` run from the repository as a whole process (must succeed)."""
    return timed(lambda: subprocess.run(command, cwd=REPO, check=True, capture_output=True))


def _whole_commands(recorder, months, files, runs, work) -> None:
    """`python -m loaders ingest` over the sample into a new database, as an operator runs it
    (Python's start, imports, schema, archive, parser processes), against the bare calamine
    read of the same files as a process of its own; taken in turn, median of `runs`."""
    bare, command = [], []
    for n in range(runs):
        bare.append(_process_seconds([sys.executable, "-c", BARE_READ, *map(str, files)]))
        db = work / f"command-{n}.duckdb"
        ingest = [sys.executable, "-m", "loaders", "ingest", *map(str, months), "--db", str(db)]
        command.append(_process_seconds(ingest))
    note = f"{len(files)} workbooks, whole processes"
    recorder.add("ingest", "baseline: calamine read as a process", bare, note)
    recorder.add("ingest", "command: python -m loaders ingest", command, note)
    recorder.goal(
        "ingest command ÷ calamine process",
        ratio(
            recorder.median("command: python -m loaders ingest"),
            recorder.median("baseline: calamine read as a process"),
        ),
        1.5,
        "x",
    )


def _fresh_database(folder: Path) -> Path:
    path = folder / f"ingest-{len(list(folder.iterdir()))}.duckdb"
    open_database(path).close()
    return path


def _ingest(db: Path, paths: list[Path]) -> float:
    """Seconds that ingest_paths takes for `paths` into `db` (opened beforehand, untimed)."""
    con = open_database(db)
    try:
        return timed(lambda: ingest_paths(con, paths))
    finally:
        con.close()


def _cpu() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def run(recorder: Recorder, cache: Path, *, quick: bool) -> None:
    clean = sample_folder(cache)
    months = month_folders(clean)
    files = expand_paths(months)
    runs = 1 if quick else 3
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        _measure(recorder, months, files, runs, work, quick)
        _whole_commands(recorder, months, files, runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure(recorder, months, files, runs, work, quick) -> None:
    note = f"{len(files)} workbooks"
    recorder.add(
        "ingest", "baseline: zip members inflated", repeat(lambda: inflate(files), runs), note
    )
    cpu_before = _cpu()[0]
    calamine_runs = repeat(lambda: read_calamine(files), runs)
    calamine_cpu = (_cpu()[0] - cpu_before) / runs
    recorder.add("ingest", "baseline: calamine, every cell", calamine_runs, note)
    recorder.value("baseline: calamine CPU s (mean of runs)", calamine_cpu)
    # openpyxl is ~10x slower than everything else together: one run over every fourth file
    # (every eighth when quick), scaled to the whole set.
    subset = files[:: 8 if quick else 4]
    openpyxl_seconds = timed(lambda: read_openpyxl(subset)) * len(files) / len(subset)
    recorder.add(
        "ingest",
        "baseline: openpyxl read-only, every cell",
        [openpyxl_seconds],
        f"{note}, scaled from {len(subset)}",
    )

    cold, db = [], None
    for _ in range(runs):
        db = _fresh_database(work)
        own, children = _cpu()
        cold.append(_ingest(db, months))
        own_after, children_after = _cpu()
    workers = workers_for(len(files))
    recorder.add("ingest", "ingest: full sample, new database", cold, f"{note}, {workers} workers")
    recorder.value("ingest: CPU s in the parent (last run)", own_after - own)
    recorder.value("ingest: CPU s in the workers (last run)", children_after - children)
    cpu = own_after - own + children_after - children
    recorder.value("ingest CPU ÷ calamine CPU (work done, load-independent)", cpu / calamine_cpu)
    again = [_ingest(db, months) for _ in range(runs)]
    recorder.add("ingest", "ingest: same files again (unchanged)", again, note)

    last = months[-1]
    partial = work / "partial.duckdb"
    new_month = []
    for _ in range(runs):
        partial.unlink(missing_ok=True)
        open_database(partial).close()
        _ingest(partial, months[:-1])
        new_month.append(_ingest(partial, [last]))
    recorder.add("ingest", "ingest: one new month (22 regions)", new_month, last.name)
    _writing(recorder, work, runs, note)
    recorder.add("ingest", "ingest: one upload (archive, sandbox)", _uploads(work, files, runs))

    floor = recorder.median("baseline: calamine, every cell")
    ingest = recorder.median("ingest: full sample, new database")
    openpyxl_median = recorder.median("baseline: openpyxl read-only, every cell")
    recorder.goal("ingest ÷ calamine", ratio(ingest, floor), 1.5, "x")
    recorder.goal("openpyxl ÷ ingest", ratio(openpyxl_median, ingest), 8, "x", at_least=True)
    writing = recorder.median("sample: writing the workbooks")
    after = recorder.median("sample: ingesting them right after")
    recorder.goal("sample writing ÷ ingest", ratio(writing, after), 2, "x")


def _writing(recorder: Recorder, work: Path, runs: int, note: str) -> None:
    """A first start's two halves, paired: each run writes the sample (generate_sample) and
    ingests those files into a new database right after, so both see the same load."""
    written, loaded, cpu = [], [], [0.0, 0.0]
    for n in range(runs):
        out = work / f"written-{n}"
        before = sum(_cpu())
        written.append(timed(lambda o=out: generate_sample(o, seed=SAMPLE_SEED)))
        middle = sum(_cpu())
        loaded.append(_ingest(_fresh_database(work), month_folders(out / "clean")))
        cpu = [cpu[0] + middle - before, cpu[1] + sum(_cpu()) - middle]
    recorder.add("ingest", "sample: writing the workbooks", written, note)
    recorder.add("ingest", "sample: ingesting them right after", loaded, note)
    recorder.value("sample writing CPU ÷ ingest CPU (load-independent)", ratio(*cpu))


def _uploads(work: Path, files: list[Path], runs: int) -> list[float]:
    """Seconds to upload one workbook through the data page's path (archive the original,
    check and parse in a limited child process, store under the write lock) into a database
    that holds the catalogue only."""
    from loaders.keeping.archive import Archive
    from loaders.store.live import LiveDatabase
    from loaders.writes import upload

    seconds = []
    data = files[len(files) // 2].read_bytes()
    for n in range(runs):
        live = LiveDatabase(_fresh_database(work))
        archive = Archive(work / f"upload-archive-{n}")
        try:
            seconds.append(
                timed(lambda d=live, a=archive: upload(d, a, data, "upload.xlsx", who="bench"))
            )
        finally:
            live.close()
    return seconds
