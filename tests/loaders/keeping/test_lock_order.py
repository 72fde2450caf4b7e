"""A reader that finds a newly swapped-in file while an upload is being written: both go on.
The dashboard's handle takes the file's write lock before its own switch lock, as a write
does; in the other order the two waited for each other for ever (the stress test hung so)."""

from __future__ import annotations

import threading

from loaders.store.database import open_database
from loaders.store.dbfile import replacing, write_lock


def test_a_reader_opening_a_swapped_file_during_a_write_does_not_deadlock(db, live):
    live.cursor().close()  # the dashboard has the file open
    with replacing(db) as work:  # a command-line load swaps a new file in
        open_database(work).close()
    opened = []

    def reader() -> None:  # the next page run: a new file, so it opens it
        cursor = live.cursor()
        opened.append(cursor.execute("SELECT count(*) FROM submissions").fetchone()[0])
        cursor.close()

    # An upload holds the file's write lock (writer() takes it first) while the reader starts.
    with write_lock(db):
        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        thread.join(timeout=0.5)  # the reader now waits for the write lock
        writing = threading.Thread(target=lambda: live.connection(locked=True), daemon=True)
        writing.start()  # the upload opens the new file to write in it
        writing.join(timeout=20)
        assert not writing.is_alive(), "the write waited for the reader: deadlock"
    thread.join(timeout=20)
    assert not thread.is_alive(), "the reader never got the new file"
    assert opened == [0]
