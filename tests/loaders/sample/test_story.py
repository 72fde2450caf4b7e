"""The sample tells the story the issue asks for, measured on the loaded data through the
query views (not by reading the generator's parameters)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.loaders.sample.conftest import query

FIRST, LAST = date(2021, 8, 1), date(2022, 12, 1)

CRITICAL_RATES = """
SELECT region_id, list(completion_rate ORDER BY period) AS rates
FROM v_completion WHERE group_code = 'ALL' AND scope = 'critical'
GROUP BY region_id ORDER BY region_id
"""


LAST_RATES = """
SELECT completion_rate FROM v_completion
WHERE group_code = 'ALL' AND scope = 'critical' AND period = ?
"""


def critical_rates(sample) -> dict[str, list[float]]:
    return dict(query(sample, CRITICAL_RATES))


def test_every_clean_file_loads_with_nothing_logged(sample):
    outcomes = {r.outcome for r in sample.results}
    assert outcomes == {"loaded"}
    assert len(sample.results) == len(sample.summary.clean_files)
    assert query(sample, "SELECT count(*) FROM v_ingest_log") == [(0,)]


def test_one_current_file_per_region_and_month_but_one(sample):
    # 22 regions x 17 months, less the one missing month.
    assert query(sample, "SELECT count(*) FROM v_current_submissions") == [(22 * 17 - 1,)]
    missing = query(
        sample,
        """SELECT r.region_id, m.period
           FROM v_regions r
           CROSS JOIN (SELECT DISTINCT period FROM v_current_submissions) m
           ANTI JOIN v_current_submissions s USING (region_id, period)""",
    )
    assert len(missing) == 1
    assert FIRST < missing[0][1] < LAST


# Integrated joint authorities (Eksote, Kainuu, Siun sote, PHHYKY) against large fragmented
# areas: seed 004 says the difference in starting points was raised almost everywhere.
@pytest.mark.parametrize(
    "ahead, behind",
    [
        ("etela-karjala", "varsinais-suomi"),
        ("kainuu", "pirkanmaa"),
        ("pohjois-karjala", "pohjois-pohjanmaa"),
        ("paijat-hame", "lappi"),
    ],
)
def test_integrated_regions_start_ahead_of_fragmented_ones(sample, ahead, behind):
    rates = critical_rates(sample)
    assert rates[ahead][0] > rates[behind][0] + 0.05


def test_regions_spread_apart(sample):
    rates = critical_rates(sample)
    first = [r[0] for r in rates.values()]
    middle = [r[8] for r in rates.values()]  # 2022-04
    assert max(first) - min(first) > 0.15
    assert max(middle) - min(middle) > 0.25


def test_every_region_progresses(sample):
    for region_id, rates in critical_rates(sample).items():
        assert rates[-1] > rates[0] + 0.5, region_id


def test_december_2022_most_critical_work_is_done_but_not_all(sample):
    # How the reform really ended: most critical work done, a handful of regions clearly
    # behind, only some with every critical subtask done.
    rates = [r for (r,) in query(sample, LAST_RATES, [LAST])]
    assert len(rates) == 22
    median = sorted(rates)[10:12]
    assert 0.90 < sum(median) / 2 < 0.97
    assert sum(r < 0.95 for r in rates) >= 5
    assert 3 <= sum(r == 1 for r in rates) < 11


def test_december_2022_ict_is_what_is_left_everywhere(sample):
    rows = query(
        sample,
        """SELECT region_id, group_code, completion_rate FROM v_completion
           WHERE scope = 'critical' AND period = ?""",
        [LAST],
    )
    by_region: dict[str, dict[str, float]] = {}
    for region_id, group, rate in rows:
        by_region.setdefault(region_id, {})[group] = rate
    unfinished = {r: groups for r, groups in by_region.items() if groups["ALL"] < 1}
    assert len(unfinished) >= 11
    for region_id, groups in unfinished.items():
        lowest = min((rate, group) for group, rate in groups.items() if group != "ALL")
        assert lowest[1] == "ICT", region_id
        assert groups["ICT"] < groups["ALL"], region_id


def test_december_2022_has_open_red_flags_and_overdue_work(sample):
    flagged = query(
        sample,
        """SELECT count(DISTINCT region_id) FROM v_observations
           WHERE red_flag AND period = ?""",
        [LAST],
    )[0][0]
    assert flagged >= 1
    # Overdue critical work in each of the last three months, the most in December.
    overdue = [
        n
        for (n,) in query(
            sample,
            """SELECT count(*) FILTER (WHERE critical AND status IS DISTINCT FROM 'done'
                                        AND status IS DISTINCT FROM 'not_applicable'
                                        AND expected_completion < period + INTERVAL 1 MONTH)
               FROM v_subtask_status WHERE period >= DATE '2022-10-01'
               GROUP BY period ORDER BY period""",
        )
    ]
    assert len(overdue) == 3
    assert all(n > 0 for n in overdue)
    assert overdue[-1] == max(overdue)


def _runs_without_movement(rates: list[float]) -> int:
    """The longest run of equal consecutive rates below 1 (submissions, count)."""
    longest = run = 1
    for before, now in zip(rates, rates[1:], strict=False):
        run = run + 1 if now == before and now < 1 else 1
        longest = max(longest, run)
    return longest


def test_some_region_stalls_for_months(sample):
    # Four equal submissions in a row: three months without any critical subtask done.
    stalled = [
        r for r, rates in critical_rates(sample).items() if _runs_without_movement(rates) >= 4
    ]
    assert 1 <= len(stalled) <= 4


def test_one_or_two_regions_slip_backwards(sample):
    slipped = [
        region_id
        for region_id, rates in critical_rates(sample).items()
        if any(now < before - 0.02 for before, now in zip(rates, rates[1:], strict=False))
    ]
    assert 1 <= len(slipped) <= 3


def group_rates(sample, scope: str) -> dict[str, float]:
    return dict(
        query(
            sample,
            """SELECT group_code, avg(completion_rate) FROM v_completion
               WHERE scope = ? GROUP BY group_code""",
            [scope],
        )
    )


@pytest.mark.parametrize("scope", ["all", "critical"])
def test_ict_lags_and_htt_and_jo_move_early(sample, scope):
    rates = group_rates(sample, scope)
    assert min(rates, key=rates.get) == "ICT"
    assert rates["ICT"] < rates["ALL"] - 0.08
    assert rates["HTT"] > rates["ALL"] + 0.03
    assert rates["JO"] > rates["ALL"] + 0.03


def test_rescue_service_subtasks_lag_within_their_groups(sample):
    done = query(
        sample,
        """SELECT r.group_code, r.subtask_name ILIKE '%pela%' OR r.task_name ILIKE '%pela%',
                  avg(CASE WHEN st.status = 'done' THEN 1 ELSE 0 END)
           FROM v_subtask_status st JOIN v_roadmap r USING (subtask_id)
           GROUP BY ALL""",
    )
    share = {(group, rescue): rate for group, rescue, rate in done}
    gaps = [share[(g, False)] - share[(g, True)] for g, rescue in share if rescue]
    assert len(gaps) == 5
    assert sum(gaps) / len(gaps) > 0.08
    assert min(gaps) > 0


def test_the_same_third_of_subtasks_is_critical_everywhere(sample):
    sets = query(
        sample,
        """SELECT list(subtask_id ORDER BY subtask_id) FILTER (WHERE critical), count(*)
           FROM v_subtask_status GROUP BY region_id, period""",
    )
    assert len({tuple(ids) for ids, _ in sets}) == 1
    ids, total = sets[0]
    assert 0.25 < len(ids) / total < 0.42


def test_expected_dates_move_later_more_often_than_earlier(sample):
    moves = query(
        sample,
        """WITH dated AS (
               SELECT region_id, subtask_id, period, expected_completion AS expected,
                      lag(expected_completion) OVER (PARTITION BY region_id, subtask_id
                                                     ORDER BY period) AS before
               FROM v_subtask_status
               WHERE critical AND status IN ('not_started', 'started', 'advanced')
           )
           SELECT count(*) FILTER (WHERE expected > before),
                  count(*) FILTER (WHERE expected < before)
           FROM dated""",
    )
    later, earlier = moves[0]
    assert later > 3 * earlier


def test_stalled_regions_push_their_dates_later(sample):
    rates = critical_rates(sample)
    periods = [p for (p,) in query(sample, "SELECT DISTINCT period FROM v_completion ORDER BY 1")]
    stalled = 0
    for region_id, run in rates.items():
        starts = [i for i in range(len(run) - 3) if run[i] == run[i + 3] < 1]
        if not starts or len(run) != len(periods):
            continue
        stalled += 1
        begin, end = periods[starts[0]], periods[starts[0] + 3]
        # The same subtasks are open at both ends of the stall; their dates moved later.
        shift = query(
            sample,
            """SELECT avg(datediff('day', a.expected_completion, b.expected_completion))
               FROM v_subtask_status a JOIN v_subtask_status b USING (region_id, subtask_id)
               WHERE region_id = ? AND a.period = ? AND b.period = ? AND a.critical
                 AND a.status <> 'done' AND b.status <> 'done'""",
            [region_id, begin, end],
        )[0][0]
        assert shift > 30, region_id
    assert stalled >= 1


def test_some_rows_are_overdue_and_some_left_unreported(sample):
    overdue, blank, not_applicable = query(
        sample,
        """SELECT count(*) FILTER (WHERE critical AND status IN ('not_started', 'started',
                                                                 'advanced')
                                     AND expected_completion < period + INTERVAL 1 MONTH),
                  count(*) FILTER (WHERE status IS NULL),
                  count(*) FILTER (WHERE status = 'not_applicable')
           FROM v_subtask_status""",
    )[0]
    assert overdue > 100
    assert blank > 0
    assert not_applicable > 0
