"""Workbook cell values as people type them, turned into the canonical values the database
stores: status codes, yes/no, dates, the reporting month, observation kinds and severities.

The words live in data/vocabulary (see its README.md); this module holds only the logic.
Every value that cannot be understood raises ValueProblem with a Finnish, a Swedish and an
English message quoting the value; the caller adds the file, sheet, row and column."""

from __future__ import annotations

import csv
import math
import re
from datetime import date, datetime
from functools import cache

from common.catalogue import normalise
from common.settings import DATA_DIR
from loaders.reading import dates

VOCABULARY_DIR = DATA_DIR / "vocabulary"
LANGUAGES = ("fi", "sv", "en")
# scale -> (file of codes and labels, file of further words meaning those codes)
_SCALES = {
    "status": ("statuses", "status_words"),
    "yes_no": ("yes_no", "yes_no_words"),
    "kind": ("kinds", "kind_words"),
    "severity": ("severities", "severity_words"),
}
_PERCENT = re.compile(r"([+-]?\d+(?:[.,]\d+)?) ?(%)?")


class ValueProblem(ValueError):
    """A cell value that cannot be understood; carries all three languages."""

    def __init__(self, message_fi: str, message_sv: str, message_en: str):
        super().__init__(message_en)
        self.message_fi = message_fi
        self.message_sv = message_sv
        self.message_en = message_en

    @property
    def messages(self) -> tuple[str, str, str]:
        """(fi, sv, en), as `loaders.reading.messages.problem` takes a `detail`."""
        return (self.message_fi, self.message_sv, self.message_en)


@cache
def vocabulary(name: str) -> tuple[dict[str, str], ...]:
    """The rows of data/vocabulary/<name>.csv."""
    with (VOCABULARY_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def is_blank(value: object) -> bool:
    """True for an empty cell: None, NaN, or text of only spaces and invisible characters."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and normalise(value) == ""


def parse_status(value: object) -> str | None:
    """The status code ('not_started', 'started', 'advanced', 'done', 'not_applicable') for a
    label, synonym or percentage; None if blank. A number 0–1 is a fraction (a cell formatted
    as percent), a number above 1 up to 100 is percent points; text with '%' is always points.
    0 % is not started, anything above 0 and below 50 % started (so 0,5 % and 49,5 % are
    started), 50 % up to but not including 100 % advanced (99,9 % too), only 100 % done."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        if code := _words("status").get(_key(value)):
            return code
        match = _PERCENT.fullmatch(normalise(value))
        if match is None:
            raise _problem("unknown_status", value, scale="status")
        number = float(match[1].replace(",", "."))
        points = number if match[2] else _points(number)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        points = _points(float(value))
    else:
        raise _problem("unknown_status", value, scale="status")
    points = round(points, 6)  # so float noise (0.29 * 100) never crosses a step
    if not 0 <= points <= 100:
        raise _problem("percent_out_of_range", value)
    if points == 0:
        return "not_started"
    if points < 50:
        return "started"
    return "advanced" if points < 100 else "done"


def _points(number: float) -> float:
    # Excel keeps a cell formatted as percent as its fraction: 45 % is 0.45.
    return number * 100 if 0 <= round(number, 9) <= 1 else number


def parse_yes_no(value: object) -> bool | None:
    """True for Kyllä/K/X/Yes/Ja/True/1, False for Ei/E/No/Nej/False/0; None if blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    return _code("yes_no", value, "unknown_yes_no") == "yes"


def parse_kind(value: object) -> str:
    """The observation kind: 'huomio', 'toive' or 'riski'. A blank kind is a problem."""
    if is_blank(value):
        raise _problem("missing_kind", value, scale="kind")
    return _code("kind", value, "unknown_kind")


def parse_severity(value: object) -> str | None:
    """The severity: 'matala', 'kohtalainen' or 'korkea' (also 1/2/3); None if blank."""
    if is_blank(value):
        return None
    return _code("severity", value, "unknown_severity")


def parse_date(value: object) -> date | None:
    """The day a date cell means; a month, quarter, half-year, season or year means its last
    day. None if blank or a no-date word ('-', 'ei tiedossa'). See loaders.reading.dates
    for the forms."""
    if is_blank(value):
        return None
    try:
        span = dates.read_span(value, _date_words())
    except dates.DateError as error:
        raise _problem(error.key, value, **error.fields) from None
    return None if span is None else span.last


def parse_period(value: object) -> date:
    """The first day of the reporting month a cell names (a month, or any day of it)."""
    if is_blank(value):
        raise _problem("missing_period", value)
    try:
        span = dates.read_span(value, _date_words())
    except dates.DateError as error:
        key = "unknown_period" if error.key == "unknown_date" else error.key
        raise _problem(key, value, **error.fields) from None
    if span is None:  # '-' or 'ei tiedossa': as good as blank
        raise _problem("missing_period", value)
    if span.unit not in ("day", "month"):
        raise _problem("not_a_month", value)
    return span.first.replace(day=1)


def status_labels(lang: str = "fi") -> dict[str, str]:
    """Status code -> label in 'fi', 'sv' or 'en', in scale order."""
    return _labels("status", lang)


def kind_labels(lang: str = "fi") -> dict[str, str]:
    """Observation kind code -> label in 'fi', 'sv' or 'en'."""
    return _labels("kind", lang)


def severity_labels(lang: str = "fi") -> dict[str, str]:
    """Severity code -> label in 'fi', 'sv' or 'en', lowest first."""
    return _labels("severity", lang)


def _labels(scale: str, lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise ValueError(f"no labels in language {lang!r}; use one of {LANGUAGES}")
    rows = sorted(vocabulary(_SCALES[scale][0]), key=lambda row: int(row["sort_order"]))
    return {row["code"]: row[f"label_{lang}"] for row in rows}


def _key(text: str) -> str:
    # Trailing full stops and quotes are typing habits, not meaning: 'Valmis.' is 'Valmis'.
    return normalise(text).strip(" .!'\"")


@cache
def _words(scale: str) -> dict[str, str]:
    """Every accepted spelling (normalised) of a scale -> its code."""
    labels, synonyms = _SCALES[scale]
    pairs = [(row["code"], row["code"]) for row in vocabulary(labels)]
    pairs += [
        (row[f"label_{lang}"], row["code"]) for row in vocabulary(labels) for lang in LANGUAGES
    ]
    pairs += [(row["word"], row["code"]) for row in vocabulary(synonyms)]
    words: dict[str, str] = {}
    for word, code in pairs:
        if words.setdefault(_key(word), code) != code:
            raise ValueError(f"{word!r} means both {words[_key(word)]} and {code} in {synonyms}")
    return words


def _code(scale: str, value: object, problem_key: str) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        value = str(int(value))  # a numeric cell 1 reads like the text '1'
    code = _words(scale).get(_key(value)) if isinstance(value, str) else None
    if code is None:
        raise _problem(problem_key, value, scale=scale)
    return code


@cache
def _date_words() -> dates.DateWords:
    return dates.date_words(vocabulary("months"), vocabulary("seasons"), vocabulary("date_words"))


@cache
def _messages() -> dict[str, tuple[str, ...]]:
    return {row["key"]: tuple(row[lang] for lang in LANGUAGES) for row in vocabulary("problems")}


def _problem(key: str, value: object, scale: str | None = None, **fields: object) -> ValueProblem:
    if scale is not None:
        fields["allowed_fi"] = ", ".join(_labels(scale, "fi").values())
        fields["allowed_sv"] = ", ".join(_labels(scale, "sv").values())
        fields["allowed_en"] = ", ".join(_labels(scale, "en").values()).lower()
    fi, sv, en = (text.format(value=_shown(value), **fields) for text in _messages()[key])
    return ValueProblem(fi, sv, en)


def _shown(value: object) -> str:
    """A cell value as the person sees it in Excel: 150 rather than 150.0, dates in ISO."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return "" if value is None else str(value).strip()
