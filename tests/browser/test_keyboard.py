"""The main path by keyboard alone: from the national picture to a region, on to the
discussion preparation, back to the region and a pack download — Tab and Enter only, and
every element reached shows where the focus is."""

from __future__ import annotations

import pytest

from tests.browser.conftest import serve_sample_copy, settle

pytestmark = pytest.mark.browser

MAX_TABS = 300
# True when the focused element shows a focus ring: an outline of 2 px or more, or a shadow.
_FOCUS_VISIBLE = """() => {
  const style = getComputedStyle(document.activeElement);
  return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
    || style.boxShadow !== "none";
}"""


@pytest.fixture(scope="module")
def app_url(sample_db_file, tmp_path_factory):
    yield from serve_sample_copy(sample_db_file, tmp_path_factory.mktemp("browser_keyboard"))


def tab_to(page, role: str, name: str) -> None:
    """Press Tab until the focus is on the element of `role` ('link' or 'button') whose text
    holds `name` (after its icon's name); fail if it never comes or its focus is not visible.
    The element is waited for first: Streamlit draws the end of a long page last."""
    page.get_by_role(role, name=name).first.wait_for(timeout=60_000)
    tag = {"link": "A", "button": "BUTTON"}[role]
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        found = page.evaluate(
            "([tag, name]) => { const e = document.activeElement;"
            " return e.tagName === tag && e.textContent.includes(name); }",
            [tag, name],
        )
        if found:
            assert page.evaluate(_FOCUS_VISIBLE), f"focus on {name!r} is not visible"
            return
    raise AssertionError(f"Tab never reached the {role} {name!r}")


def test_the_main_path_works_by_keyboard_alone(page, app_url):
    page.goto(app_url)
    page.get_by_role("heading", name="Kansallinen tilannekuva").wait_for(timeout=60_000)
    settle(page)

    # The national page's link to the region chosen beside it (the first region by default).
    tab_to(page, "link", "Avaa: Itä-Uusimaa")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Itä-Uusimaa: alueen tilannekuva").wait_for(timeout=30_000)
    settle(page)

    tab_to(page, "link", "Keskustelun valmistelu")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Itä-Uusimaa: keskustelun valmistelu").wait_for(timeout=30_000)
    settle(page)

    tab_to(page, "link", "Alueen tilannekuva")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Itä-Uusimaa: alueen tilannekuva").wait_for(timeout=30_000)
    settle(page)

    tab_to(page, "button", "PDF")
    with page.expect_download(timeout=60_000) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")
