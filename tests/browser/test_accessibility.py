"""WCAG 2.1 AA in a real browser: axe-core (bundled with axe-playwright-python, no network)
on every page in Finnish, Swedish and English, in the default month and in a busy one; the
suite fails on any violation of impact serious or critical. The same visit checks that the
document's language follows the switch and that a page in Swedish or English shows no Finnish
UI text (data such as the regions' own texts and the roadmap's Finnish names aside).

One server and one browser context serve every visit: the visits run in a loop inside a few
tests, not as one test each, to keep the suite to a few minutes on a small machine."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from common.texts import LANGUAGES, translations
from tests.browser.conftest import serve_sample_copy, settle

pytestmark = pytest.mark.browser

PAGES = ("", "alue", "vertailu", "riskit", "keskustelu", "tiekartta", "aineisto", "saavutettavuus")
# The default view, and a month in the thick of it: March 2022 has red flags, many overdue and
# stalled subtasks and the most high-severity risks; Kainuu is the region furthest behind.
MONTHS = {"default": {}, "busy": {"kuukausi": "2022-03", "alue": "kainuu"}}
# The default month in every language; in the busy month each page in one language, in turn,
# so that every page and every language meets the busy month at a third of the cost.
FAILING_IMPACTS = ("serious", "critical")
# Remove what is data, not UI: style and script, and anything marked as Finnish original text.
_UI_TEXT = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('style, script, [lang="fi"]').forEach(e => e.remove());
  return copy.textContent;
}"""


@pytest.fixture(scope="module")
def app_url(sample_db_file, tmp_path_factory):
    yield from serve_sample_copy(sample_db_file, tmp_path_factory.mktemp("browser_a11y"))


@pytest.fixture(scope="module")
def tab(browser):
    """One browser tab reused for every visit (console errors are the dashboard tests' job)."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    yield context.new_page()
    context.close()


def finnish_ui_fragments() -> set[str]:
    """Pieces of the Finnish UI texts (between placeholders) that no Swedish or English text
    contains (the workbook's own Finnish words, like Päivitetty, are quoted there): phrases of
    two words or more, or single words of 12 letters or more, so that a word of the regions'
    own Finnish texts does not count."""
    others = " ".join(
        t[lang] for t in translations().values() for lang in LANGUAGES if lang != "fi"
    )
    fragments = set()
    for texts in translations().values():
        for piece in re.split(r"\{[^}]*\}|\*\*|<br>|\n", texts["fi"]):
            piece = piece.strip(" .,:;()–-·'\"")
            if (" " in piece or len(piece) >= 12) and len(piece) >= 8 and piece not in others:
                fragments.add(piece)
    return fragments


def finnish_in(text: str, fragments: set[str]) -> list[str]:
    """The fragments that occur in `text` as whole words (Valmisteluryhmä, not the start of a
    region's own Valmisteluryhmän)."""
    return sorted(f for f in fragments if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text))


def visit(tab, url: str, path: str, query: dict[str, str]) -> None:
    address = f"{url}/{path}" + ("?" + "&".join(f"{k}={v}" for k, v in query.items()))
    tab.goto(address)
    tab.wait_for_selector("h1", timeout=60_000)
    settle(tab)


def serious(results) -> list[str]:
    """One line per axe-core violation of a failing impact, with up to three of its places."""
    return [
        f"{v['impact']} {v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]


def test_finnish_ui_text_is_found_as_whole_words_only():
    fragments = finnish_ui_fragments()
    assert {"Kansallinen tilannekuva", "Valmisteluryhmä"} <= fragments
    assert not any("Nationell" in f or f == "Tilannekuva" for f in fragments)
    assert finnish_in("Valmisteluryhmä: HTT", fragments) == ["Valmisteluryhmä"]
    assert finnish_in("Valmisteluryhmän nosto: rahoitus", fragments) == []


@pytest.mark.parametrize("month", list(MONTHS))
def test_every_page_in_every_language_has_no_serious_axe_violation(app_url, tab, month):
    axe, fragments = Axe(), finnish_ui_fragments()
    found: dict[str, list[str]] = {}
    visits = [(lang, path) for lang in LANGUAGES for path in PAGES]
    if month == "busy":
        visits = [(LANGUAGES[i % len(LANGUAGES)], path) for i, path in enumerate(PAGES)]
    for lang, path in visits:
        visit(tab, app_url, path, {**MONTHS[month], "lang": lang})
        where = f"/{path}?lang={lang} ({month})"
        problems = serious(axe.run(tab))
        # The native sectioned navigation broke the sidebar list; the app draws its own.
        if tab.locator("[data-testid='stSidebarNavItems']").count():
            problems.append("Streamlit's own sidebar navigation is back")
        if tab.evaluate("document.documentElement.lang") != lang:
            problems.append(f"<html lang> is not {lang}")
        if lang != "fi":
            text = tab.evaluate(_UI_TEXT)
            problems += [f"Finnish UI text: {f!r}" for f in finnish_in(text, fragments)]
        if problems:
            found[where] = problems
    assert not found, "\n".join(f"{where}: {p}" for where, ps in found.items() for p in ps)
