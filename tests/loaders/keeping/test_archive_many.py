"""Keeping a command-line load's files at once: every original byte for byte under its
hash, and the load's journal lines in order, written and synced once."""

from __future__ import annotations

import hashlib
import threading

import loaders.keeping.archive as archive_module
from loaders.ingest_command import load_files
from loaders.keeping.archive import Arrival


def test_keep_files_keeps_every_original_and_gives_the_hashes_in_order(tmp_path, archive):
    contents = [f"file {n}".encode() * (n + 1) for n in range(6)] + [b"file 0"]  # a repeat
    paths = []
    for n, data in enumerate(contents):
        paths.append(tmp_path / f"{n}.xlsx")
        paths[-1].write_bytes(data)
    digests = archive.keep_files(paths)
    assert digests == [hashlib.sha256(data).hexdigest() for data in contents]
    for digest, data in zip(digests, contents, strict=True):
        assert archive.original(digest).read_bytes() == data
    assert not list(archive.root.rglob("*.part-*"))


def _arrival(n: int) -> Arrival:
    return Arrival(f"{n:064x}", f"{n}.xlsx", "cli:ops", f"2022-03-0{n + 1}T00:00:00", "loaded")


def test_note_all_appends_in_order_with_one_fsync(archive, monkeypatch):
    archive.note(_arrival(0))
    synced = []
    real_fsync = archive_module.os.fsync
    monkeypatch.setattr(archive_module.os, "fsync", lambda fd: synced.append(real_fsync(fd)))
    archive.note_all([_arrival(1), _arrival(2), _arrival(3)])
    archive.note_all([])
    assert archive.arrivals() == [_arrival(n) for n in range(4)]
    assert len(synced) == 1


def test_a_command_line_load_journals_its_files_in_one_write(db, archive, march_files, monkeypatch):
    appended = []
    real_append = archive_module.Archive._append

    def counting(self, path, lines):
        lines = list(lines)
        appended.append(len(lines))
        real_append(self, path, lines)

    monkeypatch.setattr(archive_module.Archive, "_append", counting)
    results = load_files(db, [march_files], who="cli:ops")
    assert appended == [3]
    assert [a.sha256 for a in archive.arrivals()] == [r.sha256 for r in results]


def test_two_threads_keeping_the_same_bytes_at_once_both_succeed(archive, monkeypatch):
    """Two equal files in one load, or one workbook uploaded in two sessions at the same
    moment: both threads write the original and rename it into place. Each must write its
    own partial file; with a shared name the second rename found nothing to rename."""
    both_written = threading.Barrier(2, timeout=10)
    rename = archive_module.os.replace

    def replace_when_both_have_written(source, target):
        both_written.wait()
        rename(source, target)

    monkeypatch.setattr(archive_module.os, "replace", replace_when_both_have_written)
    data = b"the same workbook" * 100
    errors: list[BaseException] = []

    def keep() -> None:
        try:
            archive.keep(data)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=keep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    assert archive.original(hashlib.sha256(data).hexdigest()).read_bytes() == data
    assert not list(archive.root.rglob("*.part-*"))
