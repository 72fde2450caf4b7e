"""Every chart has a text alternative: a sentence saying what it shows, in the UI language,
and its figures as a table one click away (the data page's tracker says it in its summary
line and its own table)."""

from __future__ import annotations

import pytest

from common.texts import translate
from tests.pages.helpers import open_page

PAGES = ["pages/national.py", "pages/region.py", "pages/comparison.py", "pages/risks.py"]
# Small multiples (one small chart per group or region) are one chart with one text.
MULTIPLES = ("national_trend_",)


def shown_charts(app) -> set[str]:
    """The charts a reader meets: each chart's key, the small multiples as one."""
    keys = [c.key for c in app.get("plotly_chart")]
    return {next((m for m in MULTIPLES if k.startswith(m)), k) for k in keys}


@pytest.mark.parametrize("script", PAGES)
def test_every_chart_has_a_sentence_and_a_table(sample_db, script):
    app = open_page(script, lang="sv", kuukausi="2022-03", alue="kainuu")
    prefix = translate("chart_shows", "sv", summary="").split(":")[0]
    sentences = [c.value for c in app.caption if c.value.startswith(prefix)]
    charts = shown_charts(app)
    assert charts and len(sentences) == len(charts), (sorted(charts), sentences)
    assert all(len(s) > len(prefix) + 5 for s in sentences)
    assert any(e.label == translate("chart_table", "sv") for e in app.expander)


def test_the_region_chart_sentence_names_the_region_and_the_median(sample_db):
    app = open_page("pages/region.py", lang="sv", kuukausi="2022-03", alue="kainuu")
    captions = " ".join(c.value for c in app.caption)
    assert "3/2022\\: Kajanaland" in captions and "nationell median" in captions
