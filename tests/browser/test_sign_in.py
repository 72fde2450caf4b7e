"""One real sign-in: the dashboard with [auth] pointing at a local OpenID Connect provider
(oidc-provider-mock on localhost), a region's user signs in through the provider's form in
Chromium and lands on the dashboard as that region, sees another region only as figures, and
signs out again."""

from __future__ import annotations

import pytest
from oidc_provider_mock import User, run_server_in_thread

from tests.browser.conftest import _known_probe, free_port, screenshot, serve_signed_in, settle

pytestmark = pytest.mark.browser

EMAIL = "valmistelija@kainuu.example.fi"
ROLES = """
contact = "tuki@stm.example.fi"
[users]
"johtaja@stm.example.fi" = "ministry"
[groups]
"hva-kainuu" = "region:kainuu"
"""


@pytest.fixture(scope="module")
def provider():
    """The identity provider on a free localhost port, with one known person whose role
    comes from the groups claim (not from the e-mail)."""
    person = User(
        sub=EMAIL, claims={"email": EMAIL, "name": "Valmistelija", "groups": ["hva-kainuu"]}
    )
    with run_server_in_thread(port=free_port(), user_claims=[person]) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def signed_app(provider, sample_db_file, tmp_path_factory):
    """The dashboard on a copy of the sample with sign-in on: secrets and roles in a temp
    folder, passed by --secrets.files and TILANNEKUVA_ROLES."""
    server = serve_signed_in(sample_db_file, tmp_path_factory.mktemp("sign_in"), provider, ROLES)
    url, _, _ = next(server)
    yield url
    next(server, None)  # stops the server


@pytest.fixture
def page(browser, signed_app):
    """A fresh browser page that records console errors of the dashboard; the provider's own
    pages (a stylesheet from a CDN, no favicon) are not the dashboard's to answer for."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fi-FI")
    opened = context.new_page()
    errors: list[str] = []

    def ours(url: str) -> bool:
        return opened.url.startswith(signed_app) and url.startswith(signed_app)

    opened.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error"
            and ours(m.location.get("url", ""))
            and not _known_probe(m.location.get("url", ""))
            else None
        ),
    )
    opened.on(
        "response",
        lambda r: (
            errors.append(f"HTTP {r.status} {r.url}")
            if r.status >= 400 and ours(r.url) and not _known_probe(r.url)
            else None
        ),
    )
    opened.on("pageerror", lambda e: errors.append(str(e)) if ours(opened.url) else None)
    yield opened
    context.close()
    assert not errors, f"browser console errors: {errors}"


def test_sign_in_through_the_provider_as_a_region(signed_app, page):
    page.goto(signed_app)
    settle(page)
    page.get_by_role("heading", name="Kirjaudu Tilannekuvaan").wait_for()
    assert page.get_by_text("Kansallinen tilannekuva").count() == 0  # no pages before sign-in
    page.get_by_role("button", name="Kirjaudu sisään").click()

    # The provider's own form: choose the known person and authorise.
    page.wait_for_url("**/oauth2/authorize**", timeout=30_000)
    page.get_by_role("button", name=EMAIL).click()

    page.wait_for_url(f"{signed_app}/**", timeout=30_000)
    settle(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(f"Kirjautunut: {EMAIL} · alue: Kainuu").wait_for(timeout=30_000)
    page.get_by_role("heading", name="Kansallinen tilannekuva").wait_for()
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    screenshot(page, "signed_in_region")

    # Another region: figures, no pack, no texts.
    page.goto(f"{signed_app}/alue?alue=lappi")
    settle(page)
    page.get_by_text("Muiden alueiden vapaat tekstit").first.wait_for(timeout=30_000)
    assert page.get_by_role("button", name="PDF").count() == 0
    page.wait_for_function(  # everything drawn: the picture a region's user gets of a peer
        "document.querySelectorAll('[data-testid=stSkeleton]').length === 0", timeout=60_000
    )
    screenshot(page, "signed_in_region_other")

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="Kirjaudu ulos").click()
    # The provider ends its session (the mock asks to confirm) and sends the browser back.
    page.wait_for_url("**/oauth2/end_session**", timeout=30_000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{signed_app}/**", timeout=30_000)
    page.get_by_role("heading", name="Kirjaudu Tilannekuvaan").wait_for(timeout=30_000)
    assert page.get_by_test_id("stSidebar").get_by_text(EMAIL).count() == 0
