"""The sample's story: how far each region is in each month, and the events planted in it.

A region's progress in a scope (its critical subtasks, or the others) is a curve: the share
of the scope's subtasks done (0–1) by month index (0 = 2021-08, DEADLINE = 2022-12). The
actual curve has noise, stalls and corrections; the plan curve is what the region expected,
and the horizontal gap between the two is how many months it has slipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from common import catalogue
from loaders.sample.data import region_starts, rng, start_ranges

FIRST_MONTH = date(2021, 8, 1)
DEADLINE = 16  # month index of 2022-12, the last month before the transfer on 1.1.2023
CLEARLY_BEHIND = 5  # regions (of the not integrated) well short of their critical subtasks
BEHIND_GOAL = (0.84, 0.93)  # their share of critical subtasks done by DEADLINE (0–1)
NEARLY_INTEGRATED = 3  # integrated regions that also leave a few critical subtasks open
NEARLY_GOAL = (0.93, 0.99)  # share done by DEADLINE for those with a few left (0–1)
OPEN_FLAGS = 2  # red flags raised in the autumn and still open in the last month


def month_index(period: date) -> int:
    """Months from 2021-08 to `period` (negative before it)."""
    return (period.year - FIRST_MONTH.year) * 12 + period.month - FIRST_MONTH.month


def month_at(index: int) -> date:
    """The first day of the month `index` months after 2021-08."""
    months = FIRST_MONTH.month - 1 + index
    return date(FIRST_MONTH.year + months // 12, months % 12 + 1, 1)


@dataclass(frozen=True)
class Curve:
    """One region's progress in one scope: `actual` maps month index -> share done (0–1);
    the plan was to go from `start` to `goal` by month `plan_end` along (t/plan_end)^shape."""

    actual: dict[int, float]
    start: float
    goal: float
    plan_end: int
    shape: float

    def done(self, t: int) -> float:
        return self.actual[t]

    def plan_time(self, q: float) -> float:
        """The month index by which the plan had the subtask at quantile `q` done."""
        if q <= self.start:
            return 0.0
        if q <= self.goal:
            return self.plan_end * ((q - self.start) / (self.goal - self.start)) ** (1 / self.shape)
        return self.plan_end + 6 * (q - self.goal) / max(1 - self.goal, 1e-9)

    def delay(self, t: int) -> float:
        """Months the region is behind its plan in month `t` (0 or more; 0 once at its goal)."""
        if self.actual[t] >= self.goal:
            return 0.0
        return max(0.0, t - self.plan_time(self.actual[t]))


@dataclass(frozen=True)
class RegionStory:
    region_id: str
    start: str  # integroitu / osittain / sirpale (data/sample_texts/regions.csv)
    critical: Curve
    other: Curve
    stall: tuple[int, int] | None = None  # first and last month index without progress
    regression: int | None = None  # month index when a correction set work back
    finishes: bool = True  # all critical subtasks done by DEADLINE
    behind: bool = False  # clearly behind: well short of its critical subtasks at DEADLINE


@dataclass(frozen=True)
class Story:
    """Every region's curves over month indices `first`..`last`, and the planted events."""

    first: int
    last: int
    regions: dict[str, RegionStory]
    missing: tuple[str, int]
    late: tuple[str, int]
    resubmission: tuple[str, int]
    red_flags: tuple[tuple[str, int, int], ...] = field(default=())  # region, first, last


def _increments(r, end: int, shape: float, stall: tuple[int, int] | None) -> list[float]:
    """Each month's share (summing to 1) of the progress from the start to the goal."""
    steps = [((k / end) ** shape - ((k - 1) / end) ** shape) * r.lognormvariate(0, 0.35)
             for k in range(1, end + 1)]  # fmt: skip
    total = sum(steps)
    steps = [step / total for step in steps]
    if stall is not None:
        # Nothing gets done in the stall; the work is caught up in the months after it.
        held = sum(steps[stall[0] - 1 : stall[1]])
        after = steps[stall[1] :]
        rest = sum(after)
        steps[stall[0] - 1 : stall[1]] = [0.0] * (stall[1] - stall[0] + 1)
        steps[stall[1] :] = [step * (1 + held / rest) for step in after]
    return steps


def _curve(r, first, last, start, goal, plan_goal, end, shape, stall, regression) -> Curve:
    steps = _increments(r, end, shape, stall)
    actual: dict[int, float] = {}
    done = start
    for t in range(first, last + 1):
        if t < 0:
            value = start * max(0.0, 1 + t / 6)
        elif t <= end:
            done = start + (goal - start) * sum(steps[:t])
            value = done
        elif t <= DEADLINE:
            value = goal
        else:
            value = min(1.0, goal + (1 - goal) * (t - DEADLINE) / 4)
        actual[t] = value
    if regression is not None:
        # The correction takes back more than the month's progress and is made good by `end`.
        drop = actual[regression] - actual.get(regression - 1, start) + 0.05
        span = max(end, DEADLINE) - regression
        for t in range(max(regression, first), min(last, regression + span) + 1):
            actual[t] = max(0.0, actual[t] - drop * (1 - (t - regression) / span))
    return Curve(actual, start, plan_goal, end, shape)


def _pick(r, pool: list[str], count: int, taken: set[str]) -> list[str]:
    chosen = r.sample([p for p in pool if p not in taken], count)
    taken.update(chosen)
    return chosen


def build_story(seed: int, first: int, last: int) -> Story:
    """The story for month indices `first`..`last` (which include 0..DEADLINE)."""
    starts = region_starts()
    ids = [region["region_id"] for region in catalogue.regions()]
    events = rng(seed, "events")
    behind = [i for i in ids if starts[i]["start"] != "integroitu"]
    taken: set[str] = set()
    # How the reform really ended: a handful of regions clearly behind, most others with a
    # few critical subtasks still open in December 2022, and only some with every one done.
    unfinished = _pick(events, behind, CLEARLY_BEHIND, taken)
    nearly = [i for i in behind if i not in taken] + events.sample(
        [i for i in ids if i not in behind], NEARLY_INTEGRATED
    )
    stalls = _pick(events, behind, 1, taken) + _pick(events, unfinished, 1, set())
    regressions = _pick(events, [i for i in ids if i not in stalls], 2, taken)
    regions = {}
    for region_id in ids:
        r = rng(seed, "region", region_id)
        kind = starts[region_id]["start"]
        span = start_ranges()[kind]
        start = r.uniform(span["first_done_min"], span["first_done_max"])
        finishes = region_id not in unfinished and region_id not in nearly
        end = r.randint(int(span["finish_month_min"]), int(span["finish_month_max"]))
        end = end if finishes else DEADLINE
        shape = r.uniform(1.1, 1.7)
        stall = None
        if region_id in stalls:
            length = r.choice((3, 4))
            begin = r.randint(3, end - length - 2)
            stall = (begin, begin + length - 1)
        regression = r.randint(5, end - 3) if region_id in regressions else None
        goal = 1.0
        if region_id in unfinished:
            goal = r.uniform(*BEHIND_GOAL)
        elif not finishes:
            goal = r.uniform(*NEARLY_GOAL)
        other_goal = {"integroitu": 0.9, "osittain": 0.84}.get(kind, 0.77) + r.uniform(-0.05, 0.05)
        regions[region_id] = RegionStory(
            region_id,
            kind,
            # Every region planned to finish its critical subtasks; not all do.
            critical=_curve(r, first, last, start, goal, 1.0, end, shape, stall, regression),
            other=_curve(
                r,
                first,
                last,
                start * r.uniform(0.6, 0.9),
                other_goal,
                other_goal,
                DEADLINE,
                shape,
                stall,
                regression,
            ),
            stall=stall,
            regression=regression,
            finishes=finishes,
            behind=region_id in unfinished,
        )
    rest = [i for i in ids if i not in taken]
    missing = (events.choice(rest), events.choice((10, 11, 12)))
    resubmission = (events.choice([i for i in rest if i != missing[0]]), events.randint(3, 14))
    late_region = events.choice([i for i in ids if i not in (missing[0], resubmission[0])])
    late = (late_region, events.randint(4, 14))
    flagged = events.sample(unfinished + stalls[:1], 2) + events.sample(behind, 1)
    red_flags = []
    for region_id in dict.fromkeys(flagged):
        begin = events.randint(4, 12)
        red_flags.append((region_id, begin, begin + events.choice((1, 2))))
    # Regions clearly behind ask for support in the autumn and still do in December.
    late = [i for i in unfinished if i not in flagged]
    for region_id in events.sample(late, min(OPEN_FLAGS, len(late))):
        red_flags.append((region_id, events.randint(DEADLINE - 3, DEADLINE - 1), last))
    return Story(first, last, regions, missing, late, resubmission, tuple(red_flags))
