"""How far the regions are with each subtask, task and entity of the roadmap in a month."""

import math

import pytest
from metrics_db import A, B, C, D, built

from metrics.roadmap import entity_completion, subtask_completion, task_completion


def build(db):
    db.submit(
        A,
        "2022-03",
        {"HTT-A-1.1": "done", "HTT-A-1.2": "not_applicable", "HTT-A-1.3": "started"},
    )
    db.submit(B, "2022-03", {"HTT-A-1.1": "done", "HTT-A-1.2": "done", "JO-A-1.1": ""})
    db.submit(C, "2022-03", {"HTT-A-1.1": "!advanced", "HTT-A-1.2": "not_applicable"})
    # Another month and a superseded file must not count.
    db.submit(D, "2022-02", {"HTT-A-1.1": "done"})
    db.submit(D, "2022-03", {"HTT-A-1.1": "done"}, loaded_at="2022-03-01T08:00")
    db.submit(D, "2022-03", {"HTT-A-1.1": "started"}, loaded_at="2022-03-03T08:00")


@pytest.fixture(scope="module")
def con():
    with built(build) as connection:
        yield connection


@pytest.mark.parametrize(
    ("subtask_id", "applicable", "done", "share", "not_done"),
    [
        # A, B done; C advanced; D's newer file says started.
        ("HTT-A-1.1", 4, 2, 0.5, [C, D]),
        # A and C not applicable; D does not list it, so it applies and is not done.
        ("HTT-A-1.2", 2, 1, 0.5, [D]),
        ("HTT-A-1.3", 4, 0, 0.0, [A, B, C, D]),
        # B left it blank: applicable, not done, in the list.
        ("JO-A-1.1", 4, 0, 0.0, [A, B, C, D]),
    ],
)
def test_subtask_completion(con, subtask_id, applicable, done, share, not_done):
    frame = subtask_completion(con, period="2022-03").set_index("subtask_id")
    row = frame.loc[subtask_id]
    assert (row.regions_applicable, row.regions_done) == (applicable, done)
    assert row.share_done == pytest.approx(share)
    assert row.regions_not_done == not_done


def test_subtasks_come_in_roadmap_order_with_catalogue_columns(con):
    frame = subtask_completion(con, period="2022-03")
    assert list(frame["subtask_id"]) == [
        "HTT-A-1.1",
        "HTT-A-1.2",
        "HTT-A-1.3",
        "JO-A-1.1",
        "JO-A-1.2",
        "ICT-A-1.1",
    ]
    assert {"entity_name", "task_name", "subtask_name"} <= set(frame.columns)


@pytest.mark.parametrize(
    ("group_code", "search", "ids"),
    [
        ("JO", None, ["JO-A-1.1", "JO-A-1.2"]),
        (None, "a-1.3", ["HTT-A-1.3"]),
        ("ICT", "a-1.3", []),
    ],
)
def test_subtask_completion_narrows_like_the_catalogue(con, group_code, search, ids):
    frame = subtask_completion(con, period="2022-03", group_code=group_code, search=search)
    assert list(frame["subtask_id"]) == ids


def test_a_month_without_reports_has_no_share(con):
    frame = subtask_completion(con, period="2022-05")
    assert len(frame) == 6
    assert (frame["regions_applicable"] == 0).all()
    assert frame["share_done"].isna().all()
    assert all(ids == [] for ids in frame["regions_not_done"])


@pytest.mark.parametrize(
    ("function", "key", "subtasks", "applicable", "done"),
    [
        # HTT task 1 (HTT-A-1.1..1.3): 4 + 2 + 4 pairs apply, 2 + 1 + 0 done.
        (task_completion, ("HTT", "A", 1), 3, 10, 3),
        (task_completion, ("JO", "A", 1), 2, 8, 0),
        (entity_completion, ("HTT", "A"), 3, 10, 3),
        (entity_completion, ("ICT", "A"), 1, 4, 0),
    ],
)
def test_tasks_and_entities_count_region_subtask_pairs(
    con, function, key, subtasks, applicable, done
):
    frame = function(con, period="2022-03")
    keys = ["group_code", "entity_letter", "task_no"][: len(key)]
    row = frame.set_index(keys).loc[key]
    assert (row.subtasks, row.applicable, row.done) == (subtasks, applicable, done)
    assert row.share_done == pytest.approx(done / applicable)


def test_entities_of_one_group_in_roadmap_order(con):
    frame = entity_completion(con, period="2022-03", group_code="HTT")
    assert list(zip(frame["group_code"], frame["entity_letter"], strict=True)) == [("HTT", "A")]
    assert math.isnan(entity_completion(con, period="2022-05")["share_done"].iloc[0])
