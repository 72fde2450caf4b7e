"""What one region reports about each subtask, month by month: status, expected completion,
comment and challenges, as codes and month indices (sample_render turns them into cells).

Each subtask has a fixed place in its region's queue (a quantile 0–1 within its scope,
critical or other): it is done once the region's curve passes that place, advanced or
started a little before. The queue is random, shifted by data/sample_texts/lags.csv so that
ICT and rescue-service subtasks come late and HTT and JO early."""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

from common import catalogue
from loaders.sample.data import comments, lags, rng
from loaders.sample.story import DEADLINE, Curve, RegionStory, Story

ADVANCED_LEAD = 0.10  # share of the not-done work that is advanced at any time
STARTED_LEAD = 0.22  # share of the rest that is started
STALE_CHANCE = 0.15  # a not-done row keeps last month's expected date (more in a stall)
HOPEFUL_CHANCE = 0.05  # a refreshed date is a month earlier than the plan says


@dataclass(frozen=True)
class Row:
    """One subtask in one month: status code (None = left blank), expected completion as a
    month index (None = blank), and the free texts."""

    status: str | None
    expected: int | None
    comment: str | None = None
    challenges: str | None = None


def _shift(subtask: catalogue.Subtask) -> float:
    names = f"{subtask.subtask_name} {subtask.task_name}".casefold()
    group = sum(s for f, p, s in lags() if f == "group_code" and p == subtask.group_code)
    name = max([s for f, p, s in lags() if f == "name" and p.casefold() in names], default=0.0)
    return group + name


def quantiles(seed: int, region_id: str, critical: frozenset[str]) -> dict[str, float]:
    """Subtask id -> its place (0–1) in the region's queue within its scope."""
    r = rng(seed, "queue", region_id)
    group_noise = {code: r.gauss(0, 0.06) for code in catalogue.GROUP_CODES}
    scores = {
        s.subtask_id: r.random() + _shift(s) + group_noise[s.group_code]
        for s in catalogue.subtasks()
    }
    places: dict[str, float] = {}
    for scope in (critical, frozenset(scores) - critical):
        ordered = sorted(scope & scores.keys(), key=lambda i: (scores[i], i))
        places |= {i: (rank + 0.5) / len(ordered) for rank, i in enumerate(ordered)}
    return places


def thresholds(curve: Curve, t: int) -> tuple[float, float, float]:
    """The places (0–1) below which a subtask is done, advanced or at least started."""
    done = curve.done(t)
    advanced = done + ADVANCED_LEAD * (1 - done)
    return done, advanced, advanced + STARTED_LEAD * (1 - advanced)


def status_at(limits: tuple[float, float, float], place: float) -> str:
    """The status code of the subtask at `place`, given the month's thresholds."""
    done, advanced, started = limits
    if place < done:
        return "done"
    if place < advanced:
        return "advanced"
    return "started" if place < started else "not_started"


@dataclass(frozen=True)
class _Traits:
    """A subtask's lasting quirks in one region: whether it carries a comment or challenge,
    whether its date is left blank, and how optimistic its dates are (months)."""

    comment: float
    challenges: float
    dateless: bool
    jitter: int


def _traits(r, critical: bool) -> _Traits:
    return _Traits(r.random(), r.random(), not critical and r.random() < 0.4, r.randint(-1, 2))


def _text(column: str, status: str, roll: float, chance: float, subtask_id: str) -> str | None:
    options = comments().get((column, status), ())
    if not options or roll >= chance:
        return None
    # The same subtask keeps the same words while its status stays.
    return options[zlib.crc32(f"{subtask_id}|{status}".encode()) % len(options)]


def region_rows(
    seed: int, story: Story, region: RegionStory, critical: frozenset[str]
) -> dict[int, dict[str, Row]]:
    """Month index -> subtask id -> Row, for every month of the story."""
    places = quantiles(seed, region.region_id, critical)
    r = rng(seed, "rows", region.region_id)
    not_applicable = set(r.sample(sorted(places.keys() - critical), r.randint(0, 5)))
    traits = {i: _traits(r, i in critical) for i in sorted(places)}
    months: dict[int, dict[str, Row]] = {}
    last: dict[str, int | None] = {}
    # Slips add up: a region that catches up does not pull its promised dates earlier.
    slip = {True: 0.0, False: 0.0}
    for t in range(story.first, story.last + 1):
        stalled = region.stall is not None and region.stall[0] <= t <= region.stall[1]
        stale_chance = 0.3 if stalled else STALE_CHANCE
        # Regions that start from scratch leave some rows blank in their first reports.
        blank_chance = 0.2 if t - story.first < 2 and region.start == "sirpale" else 0.0
        slip = {True: max(slip[True], region.critical.delay(t)),
                False: max(slip[False], region.other.delay(t))}  # fmt: skip
        scopes = {
            True: (region.critical, thresholds(region.critical, t), slip[True]),
            False: (region.other, thresholds(region.other, t), slip[False]),
        }
        rows = {}
        for subtask_id in sorted(places):
            place, trait, is_critical = (
                places[subtask_id],
                traits[subtask_id],
                subtask_id in critical,
            )
            if subtask_id in not_applicable:
                rows[subtask_id] = Row("not_applicable", None)
                continue
            curve, limits, delay = scopes[is_critical]
            status = status_at(limits, place)
            if status == "not_started" and not is_critical and r.random() < blank_chance:
                rows[subtask_id] = Row(None, None)
                continue
            expected = None
            if status == "done":
                # Done ahead of time: the date becomes the month it was done.
                previous = last.get(subtask_id)
                expected = None if previous is None else min(previous, t)
            elif not trait.dateless:
                previous = last.get(subtask_id)
                if previous is not None and r.random() < stale_chance:
                    expected = previous
                else:
                    # Now and then a date is corrected earlier, as people do.
                    hopeful = -1 if r.random() < HOPEFUL_CHANCE else 0
                    planned = math.ceil(curve.plan_time(place) + delay) + trait.jitter + hopeful
                    expected = max(planned, t + 1)
                    if is_critical and t <= DEADLINE:
                        # Critical work must be done for the transfer on 1.1.2023: its date
                        # never goes past December 2022, so what is left then falls overdue.
                        expected = min(expected, DEADLINE)
            last[subtask_id] = expected
            busy = status in ("started", "advanced")
            rows[subtask_id] = Row(
                status,
                expected,
                _text("comment", status, trait.comment, 0.25 if busy else 0.08, subtask_id),
                _text(
                    "challenges",
                    status,
                    trait.challenges,
                    0.12 if delay > 1 and is_critical else 0.03,
                    subtask_id,
                ),
            )
        months[t] = rows
    return months
