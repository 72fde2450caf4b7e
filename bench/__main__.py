"""`python -m bench [--quick] [--only SECTION,...]`: run the benchmarks, print the table and
write bench/results/latest.json. See bench/README.md for each workload."""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import browser, ingest, load, memory, pages, scale, sessions, stores
from bench.timing import Recorder, format_table, to_json, write_json
from loaders.ingest import ingest_paths
from loaders.store.database import open_database

BENCH_DIR = Path(__file__).resolve().parent
SECTIONS = ("ingest", "pages", "scale", "memory", "browser", "load", "sessions", "stores")


def sample_database(cache: Path) -> Path:
    """The sample ingested once into a database under `cache`, for the page workloads."""
    path = cache / "sample.duckdb"
    if not path.exists():
        partial = cache / "sample.building"
        partial.unlink(missing_ok=True)
        con = open_database(partial)
        try:
            ingest_paths(con, ingest.month_folders(ingest.sample_folder(cache)))
        finally:
            con.close()
        partial.rename(path)
    return path


def _release_connections() -> None:
    """Drop the app's cached database handles so another process may open the files."""
    import streamlit as st

    from loaders.store.live import close_all

    st.cache_data.clear()
    st.cache_resource.clear()
    close_all()
    gc.collect()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one or two runs, a smoke test")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--cache", type=Path, default=BENCH_DIR / ".cache")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "latest.json")
    options = parser.parse_args(argv)
    only = [s.strip() for s in options.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}; use {SECTIONS}")
    options.cache.mkdir(parents=True, exist_ok=True)
    recorder = Recorder()
    recorder.value("load average at start (1 min)", os.getloadavg()[0])  # shared machine
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        if "ingest" in only:
            ingest.run(recorder, options.cache, quick=options.quick)
        sample_db = sample_database(options.cache)
        if "pages" in only:
            pages.run(recorder, sample_db, quick=options.quick)
        scale_dbs = {}
        if "scale" in only:
            scale_dbs = scale.run(recorder, options.cache, quick=options.quick)
        if "memory" in only:
            _release_connections()
            served = {"sample": (sample_db, None)}
            if scale_dbs:
                units = max(scale_dbs)
                served[f"scale {units}"] = (scale_dbs[units], scale.data_dir(options.cache, units))
            copies = {}
            for name, (db, data) in served.items():  # the server owns its copy
                copies[name] = (work / f"served-{len(copies)}.duckdb", data)
                shutil.copyfile(db, copies[name][0])
            memory.run(recorder, copies, work, ingest.sample_folder(options.cache))
        if "browser" in only:
            _release_connections()
            browser.run(recorder, sample_db, work, quick=options.quick)
        if "load" in only:
            _release_connections()
            load.run(recorder, sample_db, work, quick=options.quick)
        if "sessions" in only:
            _release_connections()
            sessions.run(recorder, sample_db, work, quick=options.quick)
        if "stores" in only:
            stores.run(recorder, sample_db, work, quick=options.quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    recorder.value("bench: total seconds", time.perf_counter() - started)
    print(format_table(recorder))
    payload = to_json(recorder, {"quick": options.quick, "only": only})
    write_json(options.out, payload)
    print(f"\n{options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
