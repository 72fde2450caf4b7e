"""Observations, wishes and risks: themes at about seed 004's frequency, fresh wording,
severity and red flags that are raised and later lowered."""

from __future__ import annotations

from collections import defaultdict

import pytest

from loaders.store.themes import classify
from tests.loaders.sample.conftest import query


def monthly_shares(sample) -> dict[str, float]:
    """Theme -> mean over months of the share (0–1) of reporting regions that raised it."""
    reporting = dict(
        query(sample, "SELECT period, count(*) FROM v_current_submissions GROUP BY period")
    )
    raised: dict[str, dict] = defaultdict(lambda: defaultdict(set))
    for region_id, period, text in query(
        sample, "SELECT region_id, period, text FROM v_observations"
    ):
        for theme in classify(text):
            raised[theme][period].add(region_id)
    return {
        theme: sum(len(by_month[p]) / n for p, n in reporting.items()) / len(reporting)
        for theme, by_month in raised.items()
    }


# Seed 004: finance, ICT and timetable in almost all regions; staff and competition for
# experts in most; VATE and communication in about half; procurement, contracts and pay
# harmonisation in several; rescue services in some. Bands are the prevalence labels'.
@pytest.mark.parametrize(
    "theme, low, high",
    [
        ("talous", 0.80, 1.00),
        ("ict", 0.80, 1.00),
        ("aikataulu", 0.80, 1.00),
        ("henkilosto", 0.55, 0.80),
        ("osaajakilpailu", 0.55, 0.80),
        ("vate_politiikka", 0.35, 0.60),
        ("viestinta", 0.35, 0.60),
        ("hankinnat_jarjestelmat", 0.15, 0.40),
        ("sopimukset", 0.15, 0.40),
        ("palkkaharmonisointi", 0.15, 0.40),
        ("pelastustoimi", 0.02, 0.15),
        ("muu", 0.10, 0.80),
    ],
)
def test_theme_frequencies_follow_the_seed(sample, theme, low, high):
    share = monthly_shares(sample)[theme]
    assert low <= share <= high, f"{theme}: {share:.2f}"


def test_texts_are_written_fresh_with_variation(sample):
    total, distinct = query(sample, "SELECT count(*), count(DISTINCT text) FROM v_observations")[0]
    assert total > 22 * 17 * 3
    assert distinct / total > 0.4


def test_all_kinds_and_severities_appear_and_risks_are_graver(sample):
    counts = dict(
        (tuple(k), n)
        for *k, n in query(
            sample, "SELECT kind, severity, count(*) FROM v_observations GROUP BY ALL"
        )
    )
    kinds = {k for k, _ in counts}
    severities = {s for _, s in counts}
    assert kinds == {"huomio", "toive", "riski"}
    assert severities == {"matala", "kohtalainen", "korkea"}

    def grave(kind: str) -> float:
        total = sum(n for (k, _), n in counts.items() if k == kind)
        return counts[(kind, "korkea")] / total

    assert grave("riski") > 2 * grave("huomio")


def test_red_flags_are_raised_by_a_few_regions_most_later_lowered(sample):
    flagged = query(
        sample,
        """SELECT cs.region_id, list(cs.period ORDER BY cs.period) FILTER (WHERE f.flags > 0),
                  list(cs.period ORDER BY cs.period)
           FROM v_current_submissions cs
           LEFT JOIN (SELECT region_id, period, count(*) FILTER (WHERE red_flag) AS flags
                      FROM v_observations GROUP BY ALL) f USING (region_id, period)
           GROUP BY cs.region_id
           HAVING count(*) FILTER (WHERE f.flags > 0) > 0""",
    )
    assert 2 <= len(flagged) <= 6
    lowered = still_open = 0
    for region_id, flag_months, months in flagged:
        assert 1 <= len(flag_months) <= 4, region_id
        positions = [months.index(m) for m in flag_months]
        assert positions == list(range(positions[0], positions[0] + len(positions))), region_id
        # Lowered: a later submission of the region carries no flag; else open to the end.
        if months[-1] > flag_months[-1]:
            lowered += 1
        else:
            still_open += 1
    assert lowered > still_open >= 1
