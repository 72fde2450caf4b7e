"""Who sees what: the signed-in person's scope (ministry, facilitator or one region), the roles
file that gives it, and the redaction that every metric result passes through before a page
sees it. Pure: no Streamlit here, so the rules are tested on their own
(tests/metrics/test_access.py).

A region sees its own data in full and other regions only as figures: every cell of text that
people typed (FREE_TEXT_COLUMNS) is blanked for other regions' rows, and discussion records,
actions and corrections of other regions are left out entirely."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from common import catalogue

MINISTRY, FACILITATOR, REGION = "ministry", "facilitator", "region"
ROLES = (MINISTRY, FACILITATOR, REGION)

# Every column a metric, view or record returns that carries text a person typed (or a file
# name a person chose, which often names people). One place: redact() and the tests use it.
FREE_TEXT_COLUMNS = frozenset(
    {
        # observations, wishes and risks (v_observations, v_observation_themes, briefs)
        "text",
        # the comment column of a status row (v_subtask_status)
        "comment",
        # who filled in the workbook (submissions)
        "filled_by",
        # the loader's log: the cell's value, and the messages that may quote it
        "value",
        "message_fi",
        "message_sv",
        "message_en",
        # file names as the sender chose them
        "file_name",
        "source_file",
        "replaced_file",
        # discussion records (v_discussions), actions (v_discussion_actions), corrections
        "participants",
        "notes",
        "agenda",
        "corrections_note",
        "saved_by",
        "what",
        "who",
    }
)
# Columns that make a row part of a discussion record, its actions or its corrections: such
# rows of another region are dropped, not blanked (a region never sees another's records, even
# their shape). `saved_by` marks what was saved in a discussion: a record version or a status
# corrected there (v_discussion_corrections, metrics.validated_corrections). The official
# status that a correction gives stays in the figures (v_completion).
DISCUSSION_COLUMNS = frozenset(
    {"participants", "notes", "agenda", "corrections_note", "what", "saved_by"}
)
REGION_COLUMN = "region_id"


@dataclass(frozen=True)
class Scope:
    """What one signed-in person may see and do. `role` is one of ROLES; `region_id` is set
    for the region role only; `user` is the e-mail address ('' in the open demo mode)."""

    role: str
    region_id: str | None = None
    user: str = ""

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, not {self.role!r}")
        if (self.role == REGION) != (self.region_id is not None):
            raise ValueError("a region_id is given for the region role, and only for it")

    @classmethod
    def parse(cls, text: str, user: str = "") -> Scope:
        """A scope from the roles file's words: 'ministry', 'facilitator' or 'region:<id>'
        with a region id of data/regions.csv. ValueError for anything else."""
        role, _, region_id = text.strip().lower().partition(":")
        if role != REGION:
            if region_id:
                raise ValueError(f"{text!r}: only the region role names a region")
            return cls(role, None, user)
        if region_id not in catalogue.short_region_names():
            raise ValueError(f"{text!r}: no region {region_id!r} in data/regions.csv")
        return cls(REGION, region_id, user)

    @property
    def key(self) -> tuple[str, str | None]:
        """What results depend on: the role and region (never the person)."""
        return (self.role, self.region_id)

    @property
    def sees_everything(self) -> bool:
        return self.role in (MINISTRY, FACILITATOR)

    @property
    def can_write_records(self) -> bool:
        """Only facilitators save discussion records."""
        return self.role == FACILITATOR

    def can_upload_for(self, region_id: str | None) -> bool:
        """Ministry and facilitators upload for any region; a region only for itself."""
        return self.sees_everything or (region_id is not None and region_id == self.region_id)

    def sees_text_of(self, region_id: object) -> bool:
        """Whether this person sees the free text (and discussion records) of `region_id`."""
        return self.sees_everything or (isinstance(region_id, str) and region_id == self.region_id)


# --- the roles file -------------------------------------------------------------------------


@dataclass(frozen=True)
class Roles:
    """The roles file (TOML, see data/roles.example.toml): users by e-mail (lower case),
    groups by claim value, the claim that lists a user's groups, and whom to ask for access."""

    users: dict[str, str]
    groups: dict[str, str]
    groups_claim: str = "groups"
    contact: str = ""


def load_roles(path: Path) -> Roles:
    """The roles file at `path`, checked: every role must parse (ValueError naming the entry
    otherwise), so that a typo refuses the start rather than a person later."""
    with Path(path).open("rb") as handle:
        raw = tomllib.load(handle)
    users = {str(k).strip().lower(): str(v) for k, v in raw.get("users", {}).items()}
    groups = {str(k).strip(): str(v) for k, v in raw.get("groups", {}).items()}
    for name, role in [*users.items(), *groups.items()]:
        try:
            Scope.parse(role)
        except ValueError as error:
            raise ValueError(f"{path}: {name} = {role!r}: {error}") from error
    return Roles(
        users=users,
        groups=groups,
        groups_claim=str(raw.get("groups_claim", "groups")),
        contact=str(raw.get("contact", "")),
    )


def scope_for(roles: Roles, email: str, groups: object = ()) -> Scope | None:
    """The scope of a signed-in person: their e-mail's entry (case-insensitive) first, else the
    first of their groups, in the roles file's order, that has one; None (refused) otherwise.
    `groups` is the identity token's groups claim: a list of names or one name."""
    email = (email or "").strip().lower()
    if email and email in roles.users:
        return Scope.parse(roles.users[email], email)
    member = {groups} if isinstance(groups, str) else {str(g) for g in groups or ()}
    for group, role in roles.groups.items():
        if group in member:
            return Scope.parse(role, email)
    return None


# --- redaction ------------------------------------------------------------------------------


def _redact_frame(frame: pd.DataFrame, scope: Scope, region_id: str | None) -> pd.DataFrame:
    text = [c for c in frame.columns if c in FREE_TEXT_COLUMNS]
    if not text:
        return frame
    if REGION_COLUMN in frame.columns:
        others = ~frame[REGION_COLUMN].map(scope.sees_text_of).astype(bool)
    else:
        # No region column: the rows are all of the region the metric was asked about.
        others = pd.Series(not scope.sees_text_of(region_id), index=frame.index)
    if not others.any():
        return frame
    if DISCUSSION_COLUMNS.intersection(frame.columns):
        return frame[~others.to_numpy()].reset_index(drop=True)
    blanked = frame.copy()
    for column in text:
        blanked[column] = blanked[column].astype(object).where(~others, None)
    return blanked


def _redact_dataclass(value: Any, scope: Scope, region_id: str | None) -> Any:
    names = {f.name for f in dataclasses.fields(value)}
    owner = getattr(value, REGION_COLUMN, region_id)
    if scope.sees_text_of(owner):
        return value
    if DISCUSSION_COLUMNS & names:
        return None
    return dataclasses.replace(value, **dict.fromkeys(FREE_TEXT_COLUMNS & names))


def redact(result: Any, scope: Scope, *, region_id: str | None = None) -> Any:
    """`result` (what a metric returned: a DataFrame, dict, list, tuple, dataclass or a plain
    value) as `scope` may see it. For a region: other regions' rows keep every figure but
    their free text is None; rows of other regions' discussion records, actions and
    corrections are dropped, a record of another region is None. A frame without a region
    column belongs to `region_id` (the region the metric was asked about; none: blanked for
    every region).
    Ministry and facilitators get `result` unchanged. Never changes `result` in place."""
    if scope.sees_everything:
        return result
    if isinstance(result, pd.DataFrame):
        return _redact_frame(result, scope, region_id)
    if isinstance(result, dict):
        return {k: redact(v, scope, region_id=region_id) for k, v in result.items()}
    if isinstance(result, list | tuple):
        return type(result)(redact(v, scope, region_id=region_id) for v in result)
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return _redact_dataclass(result, scope, region_id)
    return result
