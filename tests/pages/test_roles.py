"""Sign-in and roles on every page, with AppTest's signed-in user and an [auth] secret: nobody
signed in gets the sign-in screen, an unknown person the refusal, ministry and facilitators
see everything, only facilitators get the discussion form, and a region's user sees other
regions only as figures and uploads only its own workbooks. Without [auth], the demo label."""

from __future__ import annotations

import hashlib
import io
import shutil
import tomllib

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from common.texts import translate
from loaders.keeping.archive import Archive, archive_dir
from loaders.store.database import open_database
from loaders.store.discussions import Action, Correction, Record, save_discussion
from loaders.template.writer import template_bytes
from tests.conftest import ROOT
from ui.labels import region_names

OWN, OTHER = "kainuu", "lappi"
SECRET = "SALAINEN-KIRJAUS"
MARKUP = "**bold** <b>x</b> [link](http://x)"
USERS = {
    "ministry": "johtaja@stm.example.fi",
    "facilitator": "fasilitaattori@stm.example.fi",
    "region": "valmistelija@kainuu.example.fi",
    "unknown": "vieras@example.com",
}
ROLES_FILE = f"""
contact = "tuki@stm.example.fi"
[users]
"{USERS["ministry"]}" = "ministry"
"{USERS["facilitator"].upper()}" = "facilitator"
"{USERS["region"]}" = "region:{OWN}"
[groups]
"hva-lappi" = "region:{OTHER}"
"""
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-test-secret-that-is-long-enough-000",
    "client_id": "tilannekuva",
    "client_secret": "not-used",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
PAGES = [
    "pages/national.py",
    "pages/region.py",
    "pages/comparison.py",
    "pages/risks.py",
    "pages/discussion.py",
    "pages/roadmap.py",
    "pages/data.py",
]
ROLE_NAMES = ["ministry", "facilitator", "region"]


@pytest.fixture(scope="module")
def prepared(sample_db_file, tmp_path_factory):
    """A copy of the sample with saved discussion records of both regions in the latest month
    (the own one with Markdown and HTML in what people typed), and the roles file."""
    folder = tmp_path_factory.mktemp("roles")
    db = folder / "tilannekuva.duckdb"
    shutil.copyfile(sample_db_file, db)
    con = open_database(db)
    # The latest month both regions reported, so that each has texts to hide or show.
    (period,) = con.execute(
        """
        SELECT max(period) FROM v_current_submissions WHERE region_id = ?
        AND period IN (SELECT period FROM v_current_submissions WHERE region_id = ?)
        """,
        [OWN, OTHER],
    ).fetchone()
    # Statuses agreed in the discussion: the region page lists them as its record's part.
    corrected = con.execute("SELECT subtask_id FROM v_roadmap ORDER BY subtask_id LIMIT 2")
    corrections = tuple(Correction(s, "done") for (s,) in corrected.fetchall())
    for region, typed in ((OWN, MARKUP), (OTHER, f"{SECRET} {OTHER}")):
        record = Record(
            region_id=region,
            period=period,
            held_on=period,
            participants=typed,
            notes=typed,
            actions=(Action(typed, f"{SECRET}-vastuu-{region}", None, "open"),),
            corrections=corrections,
        )
        save_discussion(con, record, expected_version=0, user=f"kirjaaja-{region}")
    # What the other region typed that the own region never did: none of it may show.
    other = {
        t
        for (t,) in con.execute(
            "SELECT text FROM v_observations WHERE region_id = ?", [OTHER]
        ).fetchall()
    }
    own = {
        t
        for (t,) in con.execute(
            "SELECT text FROM v_observations WHERE region_id = ?", [OWN]
        ).fetchall()
    }
    files = con.execute(
        "SELECT file_name FROM v_submissions WHERE region_id = ?", [OTHER]
    ).fetchall()
    con.close()
    roles = folder / "roles.toml"
    roles.write_text(ROLES_FILE, encoding="utf-8")
    secrets = {t for t in other - own if len(t) >= 12} | {f[0] for f in files} | {SECRET}
    month = f"{period:%Y-%m}"
    return {"db": db, "roles": roles, "period": period, "month": month, "secrets": secrets}


@pytest.fixture
def setup(prepared, monkeypatch):
    monkeypatch.setenv("TILANNEKUVA_DB", str(prepared["db"]))
    monkeypatch.setenv("TILANNEKUVA_ROLES", str(prepared["roles"]))
    return prepared


def open_as(script: str, role: str | None, *, auth: bool = True, **query: str) -> AppTest:
    """`script` through the router as `role` (a key of USERS; None: not signed in)."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    if auth:
        app.secrets["auth"] = AUTH
        app.user = (
            {"is_logged_in": False}
            if role is None
            else {"is_logged_in": True, "email": USERS[role], "name": role}
        )
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    if role is not None or not auth:
        app.switch_page(script)
        app.run()
    assert not app.exception, app.exception
    return app


def shown(app: AppTest) -> list[str]:
    """Every text the page shows: its Markdown, captions, boxes, plain text, widget values
    and every cell and header of its tables."""
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info"):
        texts += [str(e.value) for e in app.get(kind)]
    for kind in ("warning", "error", "success"):
        texts += [str(e.value) for e in app.get(kind)]
    texts += [str(w.value) for w in [*app.text_area, *app.text_input]]
    for frame in app.dataframe:
        texts += [str(c) for c in frame.value.columns]
        texts += [str(v) for v in frame.value.to_numpy().ravel()]
    return texts


def leaks(app: AppTest, secrets: set[str]) -> list[str]:
    return [t for t in shown(app) if any(s in t for s in secrets)]


def test_nobody_signed_in_gets_only_the_sign_in_screen(setup):
    app = open_as("pages/national.py", None)
    assert [t.value for t in app.title] == [translate("auth_sign_in_title", "fi")]
    assert [b.label for b in app.button] == [translate("auth_sign_in", "fi")]
    assert not app.dataframe and not app.get("plotly_chart")


@pytest.mark.parametrize("script", PAGES)
def test_an_unknown_person_is_refused_on_every_page(setup, script):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.secrets["auth"] = AUTH
    app.user = {"is_logged_in": True, "email": USERS["unknown"]}
    app.run()
    assert [t.value for t in app.title] == [translate("auth_refused_title", "fi")]
    # The page behind is never run, whichever one the link named.
    app.switch_page(script)
    app.run()
    assert not app.exception
    assert [t.value for t in app.title] == [translate("auth_refused_title", "fi")]
    (error,) = app.error
    assert "vieras@example.com" in error.value.replace("\\", "")
    assert "tuki@stm.example.fi" in error.value.replace("\\", "")
    assert not app.dataframe and not app.get("plotly_chart")


def test_roles_file_missing_refuses_everyone(setup, monkeypatch, tmp_path):
    monkeypatch.setenv("TILANNEKUVA_ROLES", str(tmp_path / "missing.toml"))
    app = open_as("pages/national.py", "ministry")
    assert [t.value for t in app.title] == [translate("auth_refused_title", "fi")]


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("script", PAGES)
def test_every_role_opens_every_page(setup, role, script):
    app = open_as(script, role, alue=OTHER, kuukausi=setup["month"])
    captions = [c.value for c in app.sidebar.caption]
    assert any(
        USERS[role].replace(".", "") in c.replace("\\", "").replace(".", "") for c in captions
    )
    assert translate("auth_sign_out", "fi") in [b.label for b in app.sidebar.button]
    assert translate("auth_demo_banner", "fi") not in [w.value for w in app.warning]
    found = leaks(app, setup["secrets"])
    if role == "region":
        assert not found, f"{script} shows {OTHER}'s text to {OWN}: {found[:3]}"
    elif script in ("pages/discussion.py", "pages/risks.py", "pages/data.py"):
        assert found, f"{script} should show {OTHER}'s text to {role}"
    form = [f for f in app.get("form")]
    assert bool(form) == (role == "facilitator" and script == "pages/discussion.py")


def test_region_user_sees_own_texts_and_record_read_only(setup):
    app = open_as("pages/discussion.py", "region", alue=OWN, kuukausi=setup["month"])
    assert not app.get("form")
    assert translate("auth_record_read_only", "fi") in [i.value for i in app.info]
    # What people typed is shown literally: as plain text, never as Markdown or HTML.
    assert [t.value for t in app.text].count(MARKUP) == 2  # participants and notes
    assert not [m.value for m in app.markdown if MARKUP in m.value]
    actions = app.dataframe[-1].value
    assert actions.iloc[0, 0] == MARKUP
    # The observations of the own region are there in full.
    region = open_as("pages/region.py", "region", alue=OWN, kuukausi=setup["month"])
    assert region.dataframe[-1].value.iloc[:, 1].notna().all()
    assert [b for b in region.get("download_button") if b.key == "pack_region_pdf"]


@pytest.mark.parametrize("script", ["pages/region.py", "pages/discussion.py"])
def test_a_region_user_starts_on_their_own_region(setup, script):
    """Without a region in the address, a region's user starts on their own region; the
    ministry on the first one, as before."""
    own = open_as(script, "region", kuukausi=setup["month"])
    assert own.selectbox(key="f_region").value == OWN
    ministry = open_as(script, "ministry", kuukausi=setup["month"])
    assert ministry.selectbox(key="f_region").value == next(iter(region_names()))


def test_region_user_sees_other_regions_only_as_figures(setup):
    region = open_as("pages/region.py", "region", alue=OTHER, kuukausi=setup["month"])
    assert translate("auth_texts_hidden", "fi") in [i.value for i in region.info]
    assert not [b for b in region.get("download_button") if b.key.startswith("pack_region")]
    # The figures are there: the same completion table as the ministry sees.
    ministry = open_as("pages/region.py", "ministry", alue=OTHER, kuukausi=setup["month"])
    # The completion per group is the same; the last table, the observations, without text.
    rate = translate("region_col_rate", "fi")
    mine, theirs = (
        next(d.value for d in a.dataframe if rate in d.value) for a in (region, ministry)
    )
    assert mine.equals(theirs)
    text = translate("region_col_text", "fi")
    observed = region.table[-1].value  # whole texts: a static table whose rows wrap
    assert len(observed) == len(ministry.table[-1].value) > 0
    assert observed[text].isna().all() and ministry.table[-1].value[text].notna().all()
    # The statuses corrected in the other region's discussion are part of its record: the
    # ministry gets the list, the region's user not even its heading.
    corrected = translate("region_corrected_header", "fi", count=2)
    assert corrected in [s.value for s in ministry.subheader]
    official = translate("region_col_official", "fi")
    assert [d for d in ministry.dataframe if official in d.value]
    assert corrected not in [s.value for s in region.subheader]
    assert not [d for d in region.dataframe if official in d.value]

    discussion = open_as("pages/discussion.py", "region", alue=OTHER, kuukausi=setup["month"])
    assert translate("auth_record_hidden", "fi") in [i.value for i in discussion.info]
    assert not discussion.get("form") and not discussion.text_area


def test_ministry_reads_records_but_only_facilitators_write(setup):
    ministry = open_as("pages/discussion.py", "ministry", alue=OTHER, kuukausi=setup["month"])
    assert not ministry.get("form")
    assert f"{SECRET} {OTHER}" in [t.value for t in ministry.text]
    facilitator = open_as("pages/discussion.py", "facilitator", alue=OTHER, kuukausi=setup["month"])
    assert facilitator.get("form")
    assert not [w for w in facilitator.sidebar.text_input if w.key == "discussion_recorder"]


def _workbook(region: str, period) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(region, period)))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_region_user_uploads_only_own_region(setup):
    app = open_as("pages/data.py", "region")
    assert app.selectbox(key="tpl_region").options == ["Kainuu"]
    before = open_database(setup["db"])
    try:
        count = before.execute("SELECT count(*) FROM submissions").fetchone()[0]
    finally:
        before.close()
    app.file_uploader(key="upload_file").set_value(
        ("lappi.xlsx", _workbook(OTHER, setup["period"]), "application/octet-stream")
    )
    app.run()
    assert not app.exception
    assert [e.value for e in app.error][-1].endswith(translate("data_outcome_rejected", "fi"))
    problems = app.dataframe[-1].value
    assert "voit ladata vain oman alueesi (Kainuu)" in problems.iloc[0, -1]
    after = open_database(setup["db"])
    try:
        assert after.execute("SELECT count(*) FROM submissions").fetchone()[0] == count
    finally:
        after.close()


def _metric_cache_entries() -> int:
    """How many results the process's metric cache (ui.data) holds now, as /_stcore/metrics
    reports them (Streamlit counts a resource cache's entries, not its bytes)."""
    from streamlit.runtime.caching import cache_resource_api

    stats = cache_resource_api.get_resource_cache_stats_provider().get_stats()
    return sum(s.byte_length for f in stats.values() for s in f if s.cache_name.endswith("_cached"))


def test_a_refused_upload_is_no_ones_submission(setup):
    """A garbage file named as another region's report, uploaded by a region's user: refused,
    kept in the archive's journal with who sent it, no row in the database, nobody's cached
    figures dropped; the facilitators see it as a refused upload, not in the file list."""
    # Figures of another page cached for other people: the refused upload must not drop them.
    open_as("pages/national.py", "ministry")
    garbage = b"not a workbook at all"
    app = open_as("pages/data.py", "region")
    cached = _metric_cache_entries()
    assert cached > 0
    app.file_uploader(key="upload_file").set_value(
        ("lappi_2022-12.xlsx", garbage, "application/octet-stream")
    )
    app.run()
    assert not app.exception
    assert [e.value for e in app.error][-1].endswith(translate("data_outcome_rejected", "fi"))
    assert "raporttina, joten sitä ei tallennettu" in app.dataframe[-1].value.iloc[-1, -1]
    assert _metric_cache_entries() >= cached, "a refused upload emptied the shared cache"
    arrivals = Archive(archive_dir(setup["db"])).arrivals()
    (journal,) = [a for a in arrivals if a.sha256 == hashlib.sha256(garbage).hexdigest()]
    assert journal.file_name == "lappi_2022-12.xlsx"
    assert (journal.outcome, journal.who) == ("refused", USERS["region"])
    con = open_database(setup["db"])
    try:
        rows = con.execute(
            "SELECT count(*) FROM submissions WHERE sha256 = ?", [journal.sha256]
        ).fetchone()[0]
    finally:
        con.close()
    assert rows == 0
    facilitator = open_as("pages/data.py", "facilitator")
    files = next(d.value for d in facilitator.dataframe if "Korvattu uudemmalla" in d.value)
    # Only Lappi's own December report carries that name in the list.
    named = files[files[translate("data_col_file", "fi")] == "lappi_2022-12.xlsx"]
    assert named[translate("data_col_region", "fi")].tolist() == ["Lappi"]
    refused = [d.value for d in facilitator.dataframe if "Lähettäjä" in d.value]
    assert refused, "the facilitators see no refused uploads"
    sent = refused[0].set_index(translate("data_col_file", "fi"))
    assert sent.loc["lappi_2022-12.xlsx", "Lähettäjä"] == USERS["region"]
    # A region's user sees no list of refused uploads (it names people of other regions).
    assert not [d for d in app.dataframe if "Lähettäjä" in d.value]


@pytest.mark.parametrize("script", PAGES)
def test_demo_mode_is_labelled_on_every_page(sample_db, script):
    app = open_as(script, None, auth=False)
    assert translate("auth_demo_banner", "fi") in [w.value for w in app.warning]
    assert translate("auth_sign_out", "fi") not in [b.label for b in app.sidebar.button]


def test_production_settings():
    """XSRF protection on and error details hidden from users (Streamlit still logs the
    traceback: streamlit.error_util logs every uncaught exception before showing it)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["disableDataExport"] is True  # exports go through neutralised Excel
