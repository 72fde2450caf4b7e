import pytest

from loaders.store.database import open_database


@pytest.fixture
def con(tmp_path):
    connection = open_database(":memory:")
    yield connection
    connection.close()


def snapshot(con) -> dict[str, list[tuple]]:
    """Every row of every table that a load writes to, for 'nothing changed' checks."""
    return {
        table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
        for table in ("status_reports", "observations")
    } | {
        "submissions": con.execute(
            "SELECT * EXCLUDE (submission_id) FROM submissions "
            "WHERE status <> 'rejected' ORDER BY ALL"
        ).fetchall()
    }
