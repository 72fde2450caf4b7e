"""Precision and recall of the theme classifier on the hand-labelled observations.

    .venv/bin/python -m tests.theme_scores          # the table
    .venv/bin/python -m tests.theme_scores --misses # and every observation it gets wrong

The labels in tests/data/labelled_observations.csv were written by meaning, before and apart
from the stems; change the vocabulary, never the labels, to improve the scores."""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from loaders.store.themes import OTHER, classify, names

LABELLED = Path(__file__).parent / "data" / "labelled_observations.csv"


@dataclass(frozen=True)
class Score:
    theme: str
    true_pos: int
    false_pos: int
    false_neg: int

    @property
    def precision(self) -> float:
        """Share 0–1 of predictions that were right; 1.0 when nothing was predicted."""
        predicted = self.true_pos + self.false_pos
        return self.true_pos / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        """Share 0–1 of labels that were found; 1.0 when nothing was labelled."""
        labelled = self.true_pos + self.false_neg
        return self.true_pos / labelled if labelled else 1.0


def labelled(path: Path = LABELLED) -> list[tuple[str, set[str]]]:
    """(text, themes) for every labelled observation."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["text"], set(row["themes"].split(";"))) for row in csv.DictReader(handle)]


def scores(examples: list[tuple[str, set[str]]]) -> list[Score]:
    """One Score per theme in display order, then 'overall': micro-averaged over the named
    themes (muu excluded, since it only says that no other theme was found)."""
    per_theme = []
    for theme in (row["theme"] for row in names()):
        found = [(theme in gold, theme in set(classify(text))) for text, gold in examples]
        per_theme.append(
            Score(
                theme,
                sum(g and p for g, p in found),
                sum(p and not g for g, p in found),
                sum(g and not p for g, p in found),
            )
        )
    named = [s for s in per_theme if s.theme != OTHER]
    overall = Score(
        "overall",
        sum(s.true_pos for s in named),
        sum(s.false_pos for s in named),
        sum(s.false_neg for s in named),
    )
    return [*per_theme, overall]


def main(argv: list[str]) -> None:
    examples = labelled()
    print(f"{len(examples)} labelled observations")
    print(f"{'theme':24} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>7}")
    for s in scores(examples):
        print(
            f"{s.theme:24} {s.true_pos:4} {s.false_pos:4} {s.false_neg:4}"
            f" {s.precision:10.2f} {s.recall:7.2f}"
        )
    if "--misses" in argv:
        for text, gold in examples:
            predicted = set(classify(text))
            if predicted != gold:
                missed, extra = sorted(gold - predicted), sorted(predicted - gold)
                print(f"missed {missed} extra {extra}: {text}")


if __name__ == "__main__":
    main(sys.argv[1:])
