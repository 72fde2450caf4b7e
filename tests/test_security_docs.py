"""The README's security section against what the server really exposes: every endpoint that
Streamlit serves outside the app's sign-in is named there with what a proxy should do, and
the settings that would open more stay off. tests/browser/test_clear_cache.py checks on a real
server that these endpoints answer without sign-in as the table says."""

from __future__ import annotations

import tomllib

import pytest

from tests.conftest import ROOT

# Streamlit 1.67's own routes (streamlit/web/server/starlette/*_routes.py), as a path prefix.
ENDPOINTS = [
    "/_stcore/stream",
    "/_stcore/health",
    "/_stcore/host-config",
    "/_stcore/script-health-check",
    "/_stcore/metrics",
    "/media/",
    "/_stcore/upload_file/",
    "/component/",
    "/_stcore/bidi-components/",
    "/static/",
    "/auth/login",
    "/oauth2callback",
    "/auth/logout",
    "/_stcore/agent/",
]


def security_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Security and data")
    return text[start : text.index("\n## ", start + 1)]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_streamlit_endpoint_is_documented(path):
    rows = [line for line in security_section().splitlines() if line.startswith(("| `/", "| `"))]
    assert any(path in row for row in rows), f"README's security section does not list {path}"


def test_the_exposed_endpoints_say_what_a_proxy_blocks():
    section = security_section()
    (metrics,) = [r for r in section.splitlines() if r.startswith("| `/_stcore/metrics`")]
    (media,) = [r for r in section.splitlines() if r.startswith("| `/media/")]
    assert "**block**" in metrics and "**require the sign-in cookie**" in media
    for role in ("not signed in", "`region:<id>`", "`ministry`, `facilitator`"):
        assert f"| {role} |" in section


def test_settings_that_would_open_more_stay_off():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = config["server"]
    assert server["enableAgentApi"] is False and server["enableStaticServing"] is False
    # Identity only from OpenID Connect; nothing of a person on the open metrics endpoint.
    assert "trustedUserHeaders" not in server and "unsafeMetricsUserAttributes" not in server
