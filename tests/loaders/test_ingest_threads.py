"""DuckDB's threads during a parallel load: one while the parser processes use the cores (its
second thread only waited on locks there), as they were once the load is done."""

import pytest

import loaders.ingest
from loaders.ingest import ingest_paths
from tests.workbooks import make_workbook, row


def _files(tmp_path, count):
    regions = ["Lappi", "Kainuu", "Pirkanmaa", "Satakunta", "Pohjanmaa"][:count]
    return [
        make_workbook(tmp_path / f"{n}.xlsx", region=r, sheets={"HTT": [row("HTT-B-1.3")]})
        for n, r in enumerate(regions)
    ]


def _threads(con) -> int:
    return con.execute("SELECT current_setting('threads')").fetchone()[0]


@pytest.mark.parametrize("cores, count, during", [(2, 5, 1), (1, 5, 3), (2, 2, 3)])
def test_writes_take_one_thread_only_beside_parser_processes(
    con, tmp_path, monkeypatch, cores, count, during
):
    # Two cores and five files: parser processes, so one thread; one core, or too few files
    # for processes: parsed here, and DuckDB keeps its threads.
    monkeypatch.setattr(loaders.ingest.os, "cpu_count", lambda: cores)
    con.execute("SET threads = 3")
    seen = []
    results = ingest_paths(con, _files(tmp_path, count), lambda *_: seen.append(_threads(con)))
    assert [r.outcome for r in results] == ["loaded"] * count
    assert seen == [during] * count
    assert _threads(con) == 3


def test_threads_are_put_back_when_a_load_fails(con, tmp_path, monkeypatch):
    monkeypatch.setattr(loaders.ingest.os, "cpu_count", lambda: 2)
    con.execute("SET threads = 3")

    def fail(*_):
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        ingest_paths(con, _files(tmp_path, 5), fail)
    assert _threads(con) == 3
