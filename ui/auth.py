"""Sign-in and the signed-in person's scope. With `[auth]` in the secrets (OpenID Connect,
Streamlit's st.login) nobody gets past app.py without signing in, and a signed-in person not in
the roles file ($TILANNEKUVA_ROLES) is refused. Without `[auth]` the app is an open demo,
labelled on every page, where everyone is a facilitator so that every feature shows.

The scope comes only from the identity provider's claims and the roles file, never from a
widget or the URL; ui.data applies it to every metric result."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from common.settings import roles_path
from metrics.access import FACILITATOR, Roles, Scope, load_roles, scope_for
from ui.context import t
from ui.plain_text import escape_markdown

log = logging.getLogger(__name__)
DEMO_SCOPE = Scope(FACILITATOR)


# When there is no secrets file, Streamlit looks for one again at every access of st.secrets
# (the paths resolved, each file tried): a tenth of a warm region run's CPU, for a question
# asked once per metric. So "no secrets file" is remembered for a few seconds, for that
# secrets object (AppTest puts one of its own in place); a file that exists is parsed once
# and kept by Streamlit itself.
_NO_SECRETS_SECONDS = 10.0
_no_secrets: tuple[object, float] | None = None  # (st.secrets, until when)


def auth_configured() -> bool:
    """Whether sign-in is on: an `[auth]` section in .streamlit/secrets.toml."""
    global _no_secrets
    secrets = st.secrets
    known = _no_secrets
    if known is not None and known[0] is secrets and time.monotonic() < known[1]:
        return False
    try:
        return "auth" in secrets
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        _no_secrets = (secrets, time.monotonic() + _NO_SECRETS_SECONDS)
        return False


@st.cache_data(show_spinner=False, ttl=60)
def _roles(path: str, modified: float) -> Roles:
    # Keyed by the file's modification time: an edited roles file counts within a minute.
    return load_roles(Path(path))


def roles() -> Roles | None:
    """The roles file, or None when $TILANNEKUVA_ROLES is unset or missing (then everybody is
    refused: with sign-in on, no file means no access, not open access)."""
    path = roles_path()
    if path is None or not path.is_file():
        log.error("sign-in is configured but the roles file %s is missing", path)
        return None
    return _roles(str(path), path.stat().st_mtime)


def _claims() -> tuple[str, object]:
    """The signed-in person's e-mail and groups claim."""
    email = str(st.user.get("email") or "")
    known = roles()
    groups = st.user.get(known.groups_claim if known else "groups") or ()
    return email, groups


def signed_in_scope() -> Scope | None:
    """The scope of the signed-in person, None when not signed in or not in the roles file."""
    if not st.user.get("is_logged_in", False):
        return None
    known = roles()
    if known is None:
        return None
    return scope_for(known, *_claims())


def _sign_in_screen() -> None:
    st.title(t("auth_sign_in_title"))
    st.write(t("auth_sign_in_text"))
    st.button(t("auth_sign_in"), type="primary", on_click=st.login, key="auth_sign_in")


def _refusal(email: str) -> None:
    known = roles()
    contact = known.contact if known and known.contact else t("auth_contact_default")
    st.title(t("auth_refused_title"))
    st.error(
        t("auth_refused", email=escape_markdown(email or "–"), contact=escape_markdown(contact)),
        icon=":material/block:",
    )
    st.button(t("auth_sign_out"), on_click=st.logout, key="auth_sign_out_refused")


def current_scope() -> Scope:
    """The scope of this session. Stops the script with the sign-in screen when sign-in is on
    and nobody is signed in, and with the refusal when the person has no role."""
    if not auth_configured():
        return DEMO_SCOPE
    if not st.user.get("is_logged_in", False):
        _sign_in_screen()
        st.stop()
    scope = signed_in_scope()
    if scope is None:
        email = str(st.user.get("email") or "")
        log.warning("refused %s: not in the roles file", email or "a user without e-mail")
        _refusal(email)
        st.stop()
    return scope


def who_is_writing(demo_name: str) -> str:
    """The name a save or upload is recorded under: the signed-in e-mail, or in the demo mode
    the name the person typed (`demo_name`)."""
    return current_scope().user if auth_configured() else demo_name


def role_label(scope: Scope) -> str:
    """The role in words, with the region's name for a region user."""
    from ui.labels import region_names

    if scope.region_id is not None:
        return t("auth_role_region", region=region_names()[scope.region_id])
    return t(f"auth_role_{scope.role}")


def sidebar_identity(scope: Scope) -> None:
    """Who is signed in and as what, and the sign-out button; in the demo mode, the banner
    that says nobody signs in and everybody sees everything."""
    if not auth_configured():
        st.warning(t("auth_demo_banner"), icon=":material/lock_open:")
        return
    with st.sidebar:
        st.caption(
            t("auth_signed_in_as", email=escape_markdown(scope.user), role=role_label(scope))
        )
        st.button(t("auth_sign_out"), on_click=st.logout, key="auth_sign_out")
