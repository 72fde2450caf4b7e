"""Risk themes: the classifier, the view that runs it in SQL, the prevalence metrics, and the
classifier's precision and recall on the hand-labelled observations."""

from __future__ import annotations

import math
from datetime import date, datetime

import duckdb
import pandas as pd
import pytest

from common import catalogue
from loaders.store import themes
from loaders.store.database import open_database
from loaders.store.themes import classify, match_text, sync_themes
from metrics.themes import (
    observation_themes,
    prevalence_label,
    theme_by_region,
    theme_names,
    theme_prevalence,
    theme_trend,
)
from tests.theme_scores import labelled, scores

THEMES = [
    "talous",
    "ict",
    "aikataulu",
    "henkilosto",
    "osaajakilpailu",
    "vate_politiikka",
    "viestinta",
    "hankinnat_jarjestelmat",
    "sopimukset",
    "palkkaharmonisointi",
    "pelastustoimi",
    "muu",
]
REGIONS = [r["region_id"] for r in catalogue.regions()]
A, B, C, D, E, F, G, H = REGIONS[:8]


def themed_database() -> duckdb.DuckDBPyConnection:
    con = open_database(":memory:")
    sync_themes(con)
    return con


def submit(
    con,
    region_id: str,
    period: str,
    texts: list[str],
    *,
    status: str = "loaded",
    loaded_at: str = "2022-04-02 12:00",
) -> None:
    """One submission of `region_id` for month `period` ('2022-03') with one risk per text."""
    submission_id = con.execute(
        """
        INSERT INTO submissions (file_name, sha256, region_id, period, status, loaded_at)
        VALUES (?, ?, ?, ?, ?, ?) RETURNING submission_id
        """,
        [
            f"{region_id}-{period}.xlsx",
            "0" * 64,
            region_id,
            date.fromisoformat(period + "-01"),
            status,
            datetime.fromisoformat(loaded_at),
        ],
    ).fetchone()[0]
    for seq, text in enumerate(texts, start=1):
        con.execute(
            "INSERT INTO observations VALUES (?, ?, 'riski', NULL, ?, 'korkea', false, ?, ?)",
            [submission_id, seq, text, "Huomiot", seq + 1],
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Henkilöstöresurssit eivät riitä valmisteluun.", ["henkilosto"]),  # inside a compound
        ("Valtionrahoituksen taso huolettaa.", ["talous"]),  # inflected, inside a compound
        ("Palkkaharmonisoinnin periaatteet puuttuvat.", ["palkkaharmonisointi"]),
        ("Kokous sujui hyvin, kiitos.", ["muu"]),  # no theme
        ("", ["muu"]),
        ("RAHOITUS!", ["talous"]),
        ("ICT-sopimusten siirto", ["ict", "sopimukset"]),  # hyphenated compound, two themes
        ("VATE:n ja pelan yhteistyö", ["vate_politiikka", "pelastustoimi"]),  # word forms
        ("Henkilöstöviestintä puuttuu.", ["viestinta"]),  # henkilöst excluded in this phrase
        ("Sopimuspalokunnat ovat elintärkeitä.", ["pelastustoimi"]),  # not a contract
        ("Kilpailutukset vievät aikaa.", ["aikataulu", "hankinnat_jarjestelmat"]),
        ("Kilpailemme osaajista.", ["osaajakilpailu"]),
        ("Eri pelaajat eivät sitoudu.", ["muu"]),  # ' pela ' is a whole word only
        ("henkilo\u0308sto\u0308n jaksaminen", ["henkilosto"]),  # decomposed ö
        ("rahoi\u200btus", ["talous"]),  # zero-width space inside the word
    ],
)
def test_classify(text, expected):
    assert classify(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ICT:n aikataulu", " ict n aikataulu "),
        ("  Sote–ICT  (2–3 %) ", " sote ict 2 3 "),
        ("", "  "),
    ],
)
def test_match_text(text, expected):
    assert match_text(text) == expected


def test_view_agrees_with_classify_on_every_labelled_and_awkward_text():
    texts = [text for text, _ in labelled()]
    texts += [
        "henkilo\u0308sto\u0308",
        "rahoi\u200btus",
        "Pela, pelan; PELASSA.",
        "a_b ICT_x",
        "Pela2023-hanke",
    ]
    assert len(set(texts)) == len(texts)
    con = themed_database()
    submit(con, A, "2022-03", texts)
    rows = con.execute("SELECT text, theme FROM v_observation_themes").fetchall()
    from_sql: dict[str, set[str]] = {}
    for text, theme in rows:
        from_sql.setdefault(text, set()).add(theme)
    assert len(rows) == sum(len(classify(t)) for t in texts)  # one row per text and theme
    assert {t: set(classify(t)) for t in texts} == from_sql


def test_view_has_the_contract_columns_and_only_current_observations():
    con = themed_database()
    submit(con, A, "2022-03", ["Palkkaharmonisointi"], loaded_at="2022-04-01 09:00")
    submit(con, A, "2022-03", ["Rahoitus ja ICT", "Kiitos"])  # supersedes the first
    submit(con, B, "2022-03", ["Rahoitus"], status="rejected")
    columns = [c[0] for c in con.execute("SELECT * FROM v_observation_themes").description]
    assert columns == [
        "region_id",
        "period",
        "kind",
        "group_code",
        "text",
        "severity",
        "red_flag",
        "theme",
    ]
    rows = con.execute("SELECT region_id, text, theme FROM v_observation_themes").fetchall()
    assert sorted(rows) == [
        (A, "Kiitos", "muu"),
        (A, "Rahoitus ja ICT", "ict"),
        (A, "Rahoitus ja ICT", "talous"),
    ]


def test_sync_themes_replaces_the_vocabulary_and_can_run_again():
    con = themed_database()
    con.execute("INSERT INTO theme_stems VALUES ('talous', 'kiitos', '')")
    for _ in range(2):  # as loaders.store.database runs it: inside the opening transaction
        con.execute("BEGIN TRANSACTION")
        sync_themes(con)
        con.execute("COMMIT")
    assert con.execute("SELECT count(*) FROM theme_stems").fetchone()[0] == len(themes.stems())
    names = con.execute("SELECT theme FROM theme_names ORDER BY sort_order").fetchall()
    assert [n[0] for n in names] == THEMES


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("talouss,rahoitu,", "unknown theme 'talouss'"),
        ("muu,kiitos,", "unknown theme 'muu'"),
        ("talous,Rahoitu,", "stem 'Rahoitu' must be"),
        ("ict,ict-tuki,", "stem 'ict-tuki' must be"),
        ("talous,talou,hallinto", "exclusion 'hallinto' must be"),
    ],
)
def test_a_bad_vocabulary_row_is_refused_with_its_line(tmp_path, monkeypatch, row, problem):
    (tmp_path / "theme_names.csv").write_text(
        (themes.VOCABULARY_DIR / "theme_names.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "themes.csv").write_text(f"theme,stem,exclude\nict, ict,\n{row}\n", "utf-8")
    monkeypatch.setattr(themes, "VOCABULARY_DIR", tmp_path)
    themes.names.cache_clear()
    themes.stems.cache_clear()
    try:
        with pytest.raises(ValueError, match=f"themes.csv line 3: {problem}"):
            themes.stems()
    finally:
        themes.names.cache_clear()
        themes.stems.cache_clear()


@pytest.mark.parametrize(
    ("share", "lang", "label"),
    [
        (1.0, "fi", "lähes kaikki alueet"),
        (16 / 20, "en", "almost all regions"),
        (15 / 20, "fi", "suurin osa alueista"),
        (11 / 20, "en", "most regions"),
        (10 / 20, "fi", "noin puolet alueista"),
        (8 / 20, "en", "about half of the regions"),
        (3 / 20, "fi", "usea alue"),
        (2 / 20, "fi", "osa alueista"),
        (1 / 22, "en", "some regions"),
        (0.0, "fi", None),
        (math.nan, "en", None),
        (None, "fi", None),
    ],
)
def test_prevalence_label(share, lang, label):
    assert prevalence_label(share, lang) == label


def test_theme_names_in_finnish_swedish_and_english_and_no_other():
    assert list(theme_names("fi")) == THEMES == list(theme_names("sv"))
    assert (theme_names("fi")["talous"], theme_names("en")["muu"]) == ("Talous", "Other")
    assert (theme_names("sv")["talous"], theme_names("sv")["muu"]) == ("Ekonomi", "Övrigt")
    with pytest.raises(ValueError):
        theme_names("de")


@pytest.fixture(scope="module")
def reported() -> duckdb.DuckDBPyConnection:
    """March: A B C D E report (E with no observations); A's earlier March file is
    superseded and G's is rejected. February: F. January: H."""
    con = themed_database()
    submit(con, A, "2022-03", ["Palkkaharmonisointi"], loaded_at="2022-04-01 09:00")
    submit(con, A, "2022-03", ["Rahoitus ei riitä.", "Rahoituksen laskentaperiaatteet?"])
    submit(con, B, "2022-03", ["Talousarvio ylittyy ja aikataulu on kireä."])
    submit(con, C, "2022-03", ["Kiitos hyvästä tilaisuudesta."])
    submit(con, D, "2022-03", ["Henkilöstöresurssit"])
    submit(con, E, "2022-03", [])
    submit(con, G, "2022-03", ["Rahoitus"], status="rejected")
    submit(con, F, "2022-02", ["Rahoitus"])
    submit(con, H, "2022-01", ["Rahoitus"])
    return con


@pytest.mark.parametrize(
    ("period", "months", "theme", "raising", "reporting", "share", "label_fi"),
    [
        (None, 1, "talous", 2, 5, 0.4, "noin puolet alueista"),
        ("2022-03", 1, "aikataulu", 1, 5, 0.2, "usea alue"),
        ("2022-03", 1, "muu", 1, 5, 0.2, "usea alue"),
        ("2022-03", 1, "palkkaharmonisointi", 0, 5, 0.0, None),  # only in a superseded file
        (date(2022, 3, 15), 2, "talous", 3, 6, 0.5, "noin puolet alueista"),
        ("2022-03", 3, "talous", 4, 7, 4 / 7, "suurin osa alueista"),
        ("2022-02", 1, "talous", 1, 1, 1.0, "lähes kaikki alueet"),
    ],
)
def test_theme_prevalence(reported, period, months, theme, raising, reporting, share, label_fi):
    frame = theme_prevalence(reported, period=period, months=months).set_index("theme")
    assert len(frame) == len(THEMES)
    row = frame.loc[theme]
    assert (row.regions_raising, row.regions_reporting) == (raising, reporting)
    assert row.share == pytest.approx(share)
    assert (None if pd.isna(row.label_fi) else row.label_fi) == label_fi


def test_theme_prevalence_widest_first_and_empty_without_reports(reported):
    frame = theme_prevalence(reported, period="2022-03")
    assert list(frame.theme[:5]) == ["talous", "aikataulu", "henkilosto", "muu", "ict"]
    assert frame.label_en.iloc[0] == "about half of the regions"
    assert theme_prevalence(reported, period="2021-12").empty
    with pytest.raises(ValueError):
        theme_prevalence(reported, months=0)


@pytest.mark.parametrize(
    ("region_id", "theme", "count"),
    [
        (A, "talous", 2),
        (A, "palkkaharmonisointi", 0),
        (B, "talous", 1),
        (B, "aikataulu", 1),
        (C, "muu", 1),
        (E, "muu", 0),
    ],
)
def test_theme_by_region(reported, region_id, theme, count):
    frame = theme_by_region(reported, period="2022-03")
    assert len(frame) == 5 * len(THEMES)  # regions reporting in March × themes
    assert list(frame.region_id.unique()) == [A, B, C, D, E]
    cell = frame[(frame.region_id == region_id) & (frame.theme == theme)]
    assert cell.observations.tolist() == [count]


@pytest.mark.parametrize(
    ("period", "theme", "share"),
    [
        ("2022-01-01", "talous", 1.0),
        ("2022-02-01", "ict", 0.0),
        ("2022-03-01", "talous", 0.4),
        ("2022-03-01", "henkilosto", 0.2),
        ("2022-03-01", "palkkaharmonisointi", 0.0),
    ],
)
def test_theme_trend(reported, period, theme, share):
    frame = theme_trend(reported)
    assert len(frame) == 3 * len(THEMES)
    cell = frame[(frame.period == period) & (frame.theme == theme)]
    assert cell.share.tolist() == [pytest.approx(share)]


def test_theme_trend_until_a_month_stops_there(reported):
    """The risks page's trend as it stood in the month shown: no later month."""
    frame = theme_trend(reported, until="2022-02")
    assert len(frame) == 2 * len(THEMES)
    assert str(frame.period.max().date()) == "2022-02-01"
    everything = theme_trend(reported)
    assert frame.equals(everything[everything.period <= "2022-02-01"].reset_index(drop=True))


def test_observation_themes_for_one_region_and_month(reported):
    frame = observation_themes(reported, period="2022-03", region_id=B)
    assert frame[["theme", "name_fi", "name_en"]].values.tolist() == [
        ["talous", "Talous", "Finance"],
        ["aikataulu", "Aikataulu", "Timetable"],
    ]
    assert len(observation_themes(reported)) == 8  # A 2, B 2, C 1, D 1 in March; F 1; H 1


def test_classifier_scores_on_the_labelled_set():
    examples = labelled()
    assert len(examples) >= 120
    assert sum(gold == {"muu"} for _, gold in examples) >= 15
    assert all(gold <= set(THEMES) for _, gold in examples)
    overall = scores(examples)[-1]
    assert (overall.precision >= 0.8, overall.recall >= 0.85) == (True, True), overall
