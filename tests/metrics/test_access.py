"""Who sees what (metrics/access.py): the roles file, the scope's rules, and redaction over every
metric on the sample database with discussion records saved for two regions — a region's user
gets no free text of another region anywhere, and every figure stays the same."""

from __future__ import annotations

import dataclasses
import inspect
import shutil
from datetime import date

import pandas as pd
import pytest

import metrics
from loaders.store.database import open_database
from loaders.store.discussions import (
    Action,
    Correction,
    Record,
    discussion_record,
    save_discussion,
)
from metrics import themes
from metrics.access import (
    FREE_TEXT_COLUMNS,
    Scope,
    load_roles,
    redact,
    scope_for,
)
from metrics.completion import available_periods
from tests.conftest import ROOT

OWN, OTHER = "kainuu", "lappi"
SECRET = "SALAINEN-MUISTIO"
# Two subtasks of the roadmap whose status the discussions of both regions correct.
CORRECTED = "SELECT subtask_id FROM v_roadmap ORDER BY subtask_id LIMIT 2"


# --- scope and roles file -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "everything", "writes", "upload_own", "upload_other"),
    [
        ("ministry", True, False, True, True),
        ("facilitator", True, True, True, True),
        (f"region:{OWN}", False, False, True, False),
        (f"REGION:{OWN.upper()}", False, False, True, False),
    ],
)
def test_scope_rules(text, everything, writes, upload_own, upload_other):
    scope = Scope.parse(text, "x@example.fi")
    assert scope.sees_everything is everything
    assert scope.can_write_records is writes
    assert scope.can_upload_for(OWN) is upload_own
    assert scope.can_upload_for(OTHER) is upload_other
    assert scope.sees_text_of(OWN) is True
    assert scope.sees_text_of(OTHER) is everything
    assert scope.sees_text_of(None) is everything


@pytest.mark.parametrize("text", ["admin", "region:", "region:atlantis", "ministry:kainuu", ""])
def test_scope_rejects_unknown_roles(text):
    with pytest.raises(ValueError):
        Scope.parse(text)


def test_example_roles_file_parses_and_matches():
    roles = load_roles(ROOT / "data" / "roles.example.toml")
    assert roles.contact and roles.groups_claim == "groups"
    # e-mail is matched without regard to case; the e-mail entry wins over a group
    by_mail = scope_for(roles, "Valmistelija@Kainuu.Example.fi", ["tilannekuva-ministerio"])
    assert by_mail == Scope("region", "kainuu", "valmistelija@kainuu.example.fi")
    assert scope_for(roles, "someone@x.fi", ["other", "tilannekuva-pirkanmaa"]).region_id == (
        "pirkanmaa"
    )
    assert scope_for(roles, "someone@x.fi", "tilannekuva-fasilitaattorit").role == "facilitator"
    assert scope_for(roles, "someone@x.fi", ["tilannekuva-muu"]) is None
    assert scope_for(roles, "", None) is None


def test_roles_file_with_a_typo_is_refused(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text('[users]\n"a@b.fi" = "region:kainu"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="a@b.fi"):
        load_roles(path)


# --- redaction over every metric ------------------------------------------------------------


@pytest.fixture(scope="module")
def con(sample_db_file, tmp_path_factory):
    """A copy of the sample with a discussion record for the own and the other region."""
    path = tmp_path_factory.mktemp("access") / "tilannekuva.duckdb"
    shutil.copyfile(sample_db_file, path)
    connection = open_database(path)
    periods = available_periods(connection)
    # Statuses agreed in the discussion: what the records' corrections list shows.
    corrected = [s for (s,) in connection.execute(CORRECTED).fetchall()]
    for region in (OWN, OTHER):
        for month in periods[-2:]:
            record = Record(
                region_id=region,
                period=month,
                held_on=month,
                participants=f"{SECRET} osallistujat {region}",
                notes=f"{SECRET} muistio {region}",
                agenda=f"{SECRET} asialista {region}",
                corrections_note=f"{SECRET} korjaukset {region}",
                actions=(
                    Action(f"{SECRET} tehtävä {region}", f"{SECRET} vastuu {region}", None, "open"),
                ),
                corrections=tuple(Correction(s, "done") for s in corrected),
            )
            save_discussion(connection, record, expected_version=0, user=f"{SECRET}@{region}")
    # A logged problem that quotes what the other region typed in a cell.
    connection.execute(
        """
        INSERT INTO ingest_log (file_name, region_id, period, severity, sheet, "row", "column",
                                value, message_fi, message_sv, message_en, logged_at)
        VALUES (?, ?, ?, 'warning', 'HTT', 7, 'D', ?, ?, ?, ?, now())
        """,
        [f"{OTHER}_{SECRET}.xlsx", OTHER, periods[-1], f"{SECRET} solu", SECRET, SECRET, SECRET],
    )
    yield connection
    connection.close()


def _calls(con) -> list[tuple[str, object, dict]]:
    """Every metric function (metrics and metrics.themes) with arguments that reach both
    regions: (name, result, arguments). A new metric must be added here, or the test fails."""
    periods = available_periods(con)
    period = periods[-1]
    arguments = {
        "scope": "critical",
        "period": period,
        "region_id": None,
        "months": 3,
        "lang": "fi",
    }
    calls = []
    skip = {"deadline", "finnish_holidays", "is_working_day", "next_working_day"}
    skip |= {"agenda_text", "draft_agenda", "rating_definitions"}  # no database, no text
    names = [(metrics, n) for n in metrics.__all__ if n not in skip]
    names += [(themes, n) for n in ("observation_themes", "theme_prevalence", "theme_by_region")]
    names += [(themes, "theme_trend")]
    for module, name in names:
        function = getattr(module, name)
        wanted = [p for p in inspect.signature(function).parameters if p != "con"]
        if "region_id" in wanted and name not in {"completion", "observation_themes"}:
            # A per-region metric: ask it about both regions.
            for region in (OWN, OTHER):
                given = {p: arguments[p] for p in wanted if p in arguments} | {"region_id": region}
                calls.append((name, function(con, **given), given))
            continue
        given = {p: arguments[p] for p in wanted if p in arguments}
        calls.append((name, function(con, **given), given))
    return calls


def _texts(value) -> list[str]:
    """Every string anywhere in a result."""
    if isinstance(value, pd.DataFrame):
        return [v for c in value.columns for v in value[c].tolist() if isinstance(v, str)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _texts(v)]
    if dataclasses.is_dataclass(value):
        return _texts(list(dataclasses.asdict(value).values()))
    return [value] if isinstance(value, str) else []


def _texts_of(con, region: str) -> set[str]:
    """Every free text `region` ever typed (observations, comments, file names, discussion
    records and actions, the loader's log of its files)."""
    queries = [
        "SELECT text FROM v_observations WHERE region_id = $r",
        "SELECT comment FROM v_subtask_status WHERE region_id = $r AND comment IS NOT NULL",
        "SELECT file_name FROM v_submissions WHERE region_id = $r",
        "SELECT value FROM v_ingest_log WHERE region_id = $r AND value IS NOT NULL",
        "SELECT participants FROM discussions WHERE region_id = $r",
        "SELECT what FROM discussion_actions WHERE region_id = $r",
    ]
    found = set()
    for query in queries:
        found |= {row[0] for row in con.execute(query, {"r": region}).fetchall()}
    # Short values ('x', 'kyllä') are not telling; the test looks for the distinctive ones.
    return {text for text in found if isinstance(text, str) and len(text) >= 12}


def test_region_user_gets_no_other_regions_text(con):
    scope = Scope("region", OWN, "user@kainuu.fi")
    # The sample's regions share some sentences: only what the own region never wrote counts.
    secrets = _texts_of(con, OTHER) - _texts_of(con, OWN)
    assert len(secrets) > 20, "the sample should give the other region plenty of text"

    def secret(text: str) -> bool:
        return text in secrets or (SECRET in text and OWN not in text)

    unredacted = set()
    for name, result, given in _calls(con):
        redacted = redact(result, scope, region_id=given.get("region_id"))
        leaked = [t for t in _texts(redacted) if secret(t)]
        assert not leaked, f"{name}({given}) shows {OTHER}'s text: {leaked[:3]}"
        unredacted |= {name for t in _texts(result) if secret(t)}
    # Without redaction these metrics do carry the other region's text: the check can fail.
    assert {"discussion_brief", "observation_themes", "submission_files"} <= unredacted
    assert {"ingest_problems", "changes_since_previous"} <= unredacted
    # The own region's texts stay: its record's actions are in its brief next month.
    brief = redact(
        metrics.discussion_brief(con, OWN, available_periods(con)[-1]), scope, region_id=OWN
    )
    assert brief["previous_actions"]["what"].str.contains(SECRET).all()
    assert not brief["new_risks"].empty and brief["new_risks"]["text"].notna().all()


def _numbers(value) -> list[pd.DataFrame]:
    if isinstance(value, pd.DataFrame):
        numeric = value.select_dtypes(include=["number", "bool", "datetime"])
        return [numeric.reset_index(drop=True)]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list | tuple):
        return [n for v in value for n in _numbers(v)]
    return []


def test_figures_are_unchanged_by_redaction(con):
    scope = Scope("region", OWN, "user@kainuu.fi")
    compared = 0
    for name, result, given in _calls(con):
        if isinstance(result, dict) and "previous_actions" in result:
            # Another region's actions are left out altogether, not blanked.
            result = {k: v for k, v in result.items() if k != "previous_actions"}
        if name == "validated_corrections":
            continue  # so are its corrections (test_other_regions_corrections_are_gone)
        redacted = redact(result, scope, region_id=given.get("region_id"))
        before, after = _numbers(result), _numbers(redacted)
        assert len(before) == len(after), name
        for one, other in zip(before, after, strict=True):
            pd.testing.assert_frame_equal(one, other, obj=name)
            compared += one.size
        if not isinstance(result, pd.DataFrame | dict | list):
            assert redacted == result, name
    assert compared > 10_000


def test_other_regions_records_and_actions_are_gone(con):
    scope = Scope("region", OWN, "user@kainuu.fi")
    period = available_periods(con)[-1]
    assert redact(discussion_record(con, OTHER, period), scope) is None
    assert redact(discussion_record(con, OWN, period), scope).notes.startswith(SECRET)
    actions = con.execute("SELECT * FROM v_discussion_actions").df()
    shown = redact(actions, scope)
    assert set(shown["region_id"]) == {OWN} and len(shown) < len(actions)
    brief = redact(metrics.discussion_brief(con, OTHER, period), scope, region_id=OTHER)
    assert brief["previous_actions"].empty
    assert brief["new_risks"]["text"].isna().all()
    # A frame with text and no region column, asked about no region: blanked for a region.
    loose = pd.DataFrame({"text": ["a"], "n": [1]})
    assert redact(loose, scope)["text"].isna().all()
    assert redact(loose, scope, region_id=OWN)["text"].tolist() == ["a"]


def test_other_regions_corrections_are_gone(con):
    """The list of statuses corrected in another region's discussion is part of its record:
    gone for a region's user, rows and all; the official figures it gives stay."""
    scope = Scope("region", OWN, "user@kainuu.fi")
    period = available_periods(con)[-1]
    theirs = metrics.validated_corrections(con, period=period, region_id=OTHER)
    assert len(theirs) == 2  # the check can fail: without redaction the list is there
    assert redact(theirs, scope, region_id=OTHER).empty
    mine = redact(metrics.validated_corrections(con, period=period, region_id=OWN), scope)
    assert len(mine) == 2 and mine["saved_by"].str.startswith(SECRET).all()
    everyone = redact(metrics.validated_corrections(con, period=period), scope)
    assert set(everyone["region_id"]) == {OWN}
    # The agreed statuses are still the official figures of the other region.
    completion = metrics.completion(con, scope="all", period=period, region_id=OTHER)
    assert redact(completion, scope, region_id=OTHER).equals(completion)
    dropped = redact(con.execute("SELECT * FROM v_discussion_corrections").df(), scope)
    assert set(dropped["region_id"]) == {OWN}


@pytest.mark.parametrize("role", ["ministry", "facilitator"])
def test_everything_for_ministry_and_facilitators(con, role):
    scope = Scope(role)
    frame = con.execute("SELECT * FROM v_observations").df()
    assert redact(frame, scope) is frame


def test_free_text_columns_cover_the_views(con):
    """Every VARCHAR column of the query-contract views is either free text or a known code."""
    codes = {
        "region_id", "subtask_id", "group_code", "status", "self_reported_status", "kind",
        "severity", "theme", "state", "sha256", "sheet", "column", "name_fi", "name_sv",
        "name_en", "entity_letter", "entity_name", "task_no", "task_name", "subtask_no",
        "subtask_name", "source_sheet", "scope",
    }  # fmt: skip
    columns = con.execute(
        """
        SELECT DISTINCT column_name FROM information_schema.columns
        WHERE table_name LIKE 'v_%' AND data_type = 'VARCHAR'
        """
    ).fetchall()
    unknown = {c for (c,) in columns} - codes - FREE_TEXT_COLUMNS
    assert not unknown, f"decide whether these are free text: {unknown}"


def test_dates_stay_dates():
    """A record of the own region passes unchanged (a dataclass is not copied)."""
    record = Record(OWN, date(2022, 6, 1), notes="n")
    assert redact(record, Scope("region", OWN)) is record
