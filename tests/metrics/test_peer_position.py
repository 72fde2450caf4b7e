"""Rank, distance to the median and quartile per group; the nationally lagging subtasks."""

import pytest
from metrics_db import A, B, C, D, E, built, submit_national_march

from metrics.peers import lagging_subtasks, peer_position, peer_ranking, peer_trend

# Critical rates in March (see NATIONAL_MARCH): ALL A .5, B 1, C .5, D 0 (median .5,
# q1 .375, q3 .625); HTT A .5, B 1, C 0, D 0 (median .25, q1 0, q3 .625); JO and ICT C only.
# E marks nothing critical and is not ranked.
EXPECTED = [
    # group, region, rate, rank, regions, median, distance_pp, quartile
    ("ALL", B, 1.0, 1, 4, 0.5, 50.0, 1),
    ("ALL", A, 0.5, 2, 4, 0.5, 0.0, 2),  # tie with C: both 2, then 4
    ("ALL", C, 0.5, 2, 4, 0.5, 0.0, 2),
    ("ALL", D, 0.0, 4, 4, 0.5, -50.0, 4),
    ("HTT", B, 1.0, 1, 4, 0.25, 75.0, 1),
    ("HTT", A, 0.5, 2, 4, 0.25, 25.0, 2),
    ("HTT", C, 0.0, 3, 4, 0.25, -25.0, 3),  # at q1, not below it
    ("HTT", D, 0.0, 3, 4, 0.25, -25.0, 3),
    ("JO", C, 0.5, 1, 1, 0.5, 0.0, 1),
    ("ICT", C, 1.0, 1, 1, 1.0, 0.0, 1),
]


@pytest.fixture(scope="module")
def con():
    with built(submit_national_march) as connection:
        yield connection


def test_peer_position(con):
    frame = peer_position(con, period="2022-03", scope="critical")
    actual = [
        (r.group_code, r.region_id, r.rate, r.rank, r.regions, r.median, r.distance_pp, r.quartile)
        for r in frame.itertuples()
    ]
    assert [row[:2] for row in actual] == [row[:2] for row in EXPECTED]
    for got, want in zip(actual, EXPECTED, strict=True):
        assert got[3:5] == want[3:5] and got[7] == want[7], got
        assert got[2:] == pytest.approx(want[2:]), got


@pytest.mark.parametrize(
    ("region_id", "rank", "distance_pp"),
    # all scope, ALL: A 2/5, B 2/6, C 2/6, D 0/6, E 1/5 -> median 1/3
    [(A, 1, 20 / 3), (B, 2, 0.0), (C, 2, 0.0), (E, 4, -40 / 3), (D, 5, -100 / 3)],
)
def test_peer_position_all_scope(con, region_id, rank, distance_pp):
    frame = peer_position(con, period="2022-03", scope="all")
    row = frame[frame["group_code"] == "ALL"].set_index("region_id").loc[region_id]
    assert row["rank"] == rank
    assert row.distance_pp == pytest.approx(distance_pp)


def test_peer_position_single_region_and_empty_month(db):
    db.submit(A, "2022-03", {"HTT-A-1.1": "!started"})
    frame = peer_position(db.con, period="2022-03")
    assert list(frame["group_code"]) == ["ALL", "HTT"]
    assert list(frame["rank"]) == [1, 1]
    assert list(frame["quartile"]) == [1, 1]
    assert peer_position(db.con, period="2022-04").empty


# Critical: HTT-A-1.1 A,B,C,D applicable, A,B done; HTT-A-1.2 A,B, B done; JO-A-1.1 C done;
# JO-A-1.2 C not started; ICT-A-1.1 C done; HTT-A-1.3 only E, not applicable: no row.
CRITICAL = [
    ("JO-A-1.2", 1, 0, 1, 0.0),
    ("HTT-A-1.1", 4, 2, 2, 0.5),  # more regions not done than HTT-A-1.2
    ("HTT-A-1.2", 2, 1, 1, 0.5),
    ("JO-A-1.1", 1, 1, 0, 1.0),  # roadmap order breaks the tie with ICT-A-1.1
    ("ICT-A-1.1", 1, 1, 0, 1.0),
]
# All: a subtask missing from a workbook applies and is not done.
ALL = [
    ("JO-A-1.2", 5, 0, 5, 0.0),
    ("HTT-A-1.3", 3, 0, 3, 0.0),
    ("HTT-A-1.2", 5, 1, 4, 0.2),
    ("ICT-A-1.1", 5, 1, 4, 0.2),
    ("JO-A-1.1", 5, 2, 3, 0.4),
    ("HTT-A-1.1", 5, 3, 2, 0.6),
]


@pytest.mark.parametrize(
    ("scope", "limit", "expected"),
    [
        ("critical", None, CRITICAL),
        ("critical", 2, CRITICAL[:2]),
        ("all", 20, ALL),
        ("all", 1, ALL[:1]),
    ],
)
def test_lagging_subtasks(con, scope, limit, expected):
    frame = lagging_subtasks(con, period="2022-03", limit=limit, scope=scope)
    actual = [
        (r.subtask_id, r.regions_applicable, r.regions_done, r.regions_not_done, r.share_done)
        for r in frame.itertuples()
    ]
    assert [row[:4] for row in actual] == [row[:4] for row in expected]
    assert [row[4] for row in actual] == pytest.approx([row[4] for row in expected])
    assert frame["subtask_name"].str.len().min() > 0


def test_lagging_subtasks_month_without_submissions(con):
    assert lagging_subtasks(con, period="2022-04").empty


def test_peer_ranking_of_every_region_uses_their_median(con):
    frame = peer_ranking(con, period="2022-03", scope="critical")
    assert list(frame["region_id"]) == [B, A, C, D]  # E has nothing critical: no rate
    assert list(frame["rank"]) == [1, 2, 2, 4]
    assert list(frame["median"]) == pytest.approx([0.5] * 4)
    assert list(frame["distance_pp"]) == pytest.approx([50.0, 0.0, 0.0, -50.0])
    assert list(zip(frame["done"], frame["applicable"], strict=True))[1] == (1, 2)  # A


def test_peer_ranking_among_chosen_peers_uses_their_own_median(con):
    frame = peer_ranking(con, period="2022-03", scope="critical", peers=(D, A, B))
    assert list(frame["region_id"]) == [B, A, D]
    assert list(frame["rank"]) == [1, 2, 3]
    htt = peer_ranking(con, period="2022-03", group_code="HTT", peers=(B, C))
    assert list(htt["completion_rate"]) == pytest.approx([1.0, 0.0])
    assert list(htt["median"]) == pytest.approx([0.5, 0.5])
    assert peer_ranking(con, period="2022-04").empty


def test_peer_trend_gives_each_month_up_to_the_chosen_one_with_its_median(db):
    db.submit(A, "2022-01", {"HTT-A-1.1": "!started"})
    submit_national_march(db)
    frame = peer_trend(db.con, period="2022-03", peers=(A, B))
    rows = [
        (r.region_id, r.period.date().isoformat(), r.completion_rate, r.median)
        for r in frame.itertuples()
    ]
    assert rows == [
        (A, "2022-01-01", 0.0, 0.0),
        (A, "2022-03-01", 0.5, 0.75),
        (B, "2022-03-01", 1.0, 0.75),
    ]
    earlier = peer_trend(db.con, period="2022-02", peers=(A, B))
    assert list(earlier["region_id"]) == [A]
    everyone = peer_trend(db.con, period="2022-03")
    assert set(everyone["region_id"]) == {A, B, C, D}
