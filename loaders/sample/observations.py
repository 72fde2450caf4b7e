"""The Huomiot sheet of one region and month: observations, wishes and risks written fresh
from the templates of data/sample_texts/observations.csv.

Each theme concerns a fixed set of regions (theme_rates.csv: a share of the regions, the
seed's "almost all", "most", "about half" …); a concerned region raises the theme in a month
with the theme's monthly chance. The raised themes are then covered by templates that raise
exactly those themes, so the classifier finds in the sample what the story put there."""

from __future__ import annotations

import re
from datetime import date

from common import catalogue
from loaders.reading.workbook_format import KIND_CHOICES, SEVERITY_CHOICES
from loaders.sample.data import Template, fillers, rng, templates, theme_rates
from loaders.sample.story import RegionStory, Story
from loaders.template.writer import ObservationValues

# Chances of Matala / Kohtalainen / Korkea by kind (Huomio, Toive, Riski).
SEVERITY_WEIGHTS = dict(zip(KIND_CHOICES, ((6, 3.5, 0.5), (4, 5, 1), (1.5, 5, 3.5)), strict=True))
BEHIND_RISK_WEIGHTS = (0.5, 4.5, 5)
TAIL_CHANCE = 0.35
OPENER_CHANCE = 0.3
NO_GROUP_CHANCE = 0.1


def concerns(seed: int) -> dict[str, set[str]]:
    """Region id -> the themes it tends to raise."""
    ids = [region["region_id"] for region in catalogue.regions()]
    found: dict[str, set[str]] = {region_id: set() for region_id in ids}
    for theme, (share, _) in theme_rates().items():
        for region_id in rng(seed, "concern", theme).sample(ids, round(share * len(ids))):
            found[region_id].add(theme)
    return found


def fill(text: str, r) -> str:
    """`text` with every {slot} replaced by one of the slot's phrases, first letter capital."""
    text = re.sub(r"\{(\w+)\}", lambda m: r.choice(fillers()[m[1]]), text)
    return text[:1].upper() + text[1:]


def lead_in(opener: str, text: str) -> str:
    """`text` after an opener ending in a colon: its first letter made small unless the
    first word is an acronym (ICT-valmistelu, VATE)."""
    first = text.split(" ", 1)[0]
    if not (len(first) > 1 and first[1].isupper()):
        text = text[:1].lower() + text[1:]
    return f"{opener} {text}"


def _write(template: Template, r, behind: bool, red_flag: bool = False) -> ObservationValues:
    text = fill(template.text, r)
    if not template.role:
        if r.random() < OPENER_CHANCE:
            text = lead_in(r.choice(fillers()["alku"]), text)
        tails = fillers().get(f"tail_{template.kind.casefold()}", ())
        if tails and r.random() < TAIL_CHANCE:
            text = f"{text} {r.choice(tails)}"
    weights = SEVERITY_WEIGHTS[template.kind]
    if template.kind == KIND_CHOICES[2] and behind:
        weights = BEHIND_RISK_WEIGHTS
    severity = SEVERITY_CHOICES[-1] if red_flag else r.choices(SEVERITY_CHOICES, weights)[0]
    group = r.choice(template.groups) if template.groups else None
    if r.random() < NO_GROUP_CHANCE:
        group = None
    return ObservationValues(template.kind, group, text, severity, red_flag)


def _flag_template(seed: int, region_id: str, role: str, theme: str | None = None) -> Template:
    options = [t for t in templates() if t.role == role and (theme is None or t.themes[0] == theme)]
    return rng(seed, "flag", region_id, role).choice(options)


def month_observations(
    seed: int,
    story: Story,
    region: RegionStory,
    t: int,
    period: date,
    region_concerns: set[str],
) -> list[ObservationValues]:
    """The observations `region` writes for month index `t` (the first day of `period`)."""
    r = rng(seed, "observations", region.region_id, t)
    behind = region.critical.delay(t) > 1
    written: list[ObservationValues] = []
    covered: set[str] = set()
    for region_id, first, last in story.red_flags:
        if region_id != region.region_id:
            continue
        flag = _flag_template(seed, region_id, "flag")
        if first <= t <= last:
            written.append(_write(flag, r, behind, red_flag=True))
            covered.update(flag.themes)
        elif t == last + 1:
            lowered = _flag_template(seed, region_id, "lowered", flag.themes[0])
            written.append(_write(lowered, r, behind))
            covered.update(lowered.themes)
    rates = theme_rates()
    raised = [th for th in rates if th in region_concerns and r.random() < rates[th][1]]
    remaining = [th for th in raised if th not in covered]
    ordinary = [tpl for tpl in templates() if not tpl.role and tpl.fits(period)]
    while remaining:
        theme = remaining[0]
        fitting = [
            tpl for tpl in ordinary if theme in tpl.themes and set(tpl.themes) <= set(remaining)
        ]
        template = r.choice(fitting)
        written.append(_write(template, r, behind))
        remaining = [th for th in remaining if th not in template.themes]
    r.shuffle(written)
    return written
