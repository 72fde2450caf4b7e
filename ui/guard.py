"""Streamlit's "clear caches" request, guarded. Any browser that opens the app's websocket may
send the `clear_cache` back-message, and Streamlit then empties st.cache_data and
st.cache_resource for every user of the process (AppSession._handle_clear_cache_request).
Streamlit has no setting to turn that off, so app.py wraps the handler once per process:
with sign-in configured, only a signed-in person who has a role in the roles file may clear;
anyone else's request is logged and ignored. Without sign-in (the open demo) everyone may.

Nothing that matters lives in those caches anyway (the database handle and its write lock are
held by loaders.store.live): a clear that gets through only costs a recomputation."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from streamlit.runtime.app_session import AppSession

from common.settings import roles_path
from metrics.access import load_roles, scope_for
from ui.auth import auth_configured

log = logging.getLogger(__name__)
_HANDLER = "_handle_clear_cache_request"
_MARK = "_tilannekuva_guarded"


def may_clear_caches(user_info: object) -> bool:
    """Whether a session whose identity is `user_info` (Streamlit's st.user of that session,
    a dict) may clear the process's caches: always without sign-in; with sign-in only when
    signed in and given a role by the roles file (read afresh: this runs outside any script
    run, on the server's event loop, and rarely)."""
    if not auth_configured():
        return True
    if not isinstance(user_info, dict) or not user_info.get("is_logged_in"):
        return False
    path = roles_path()
    if path is None or not path.is_file():
        return False
    try:
        roles = load_roles(path)
    except (OSError, ValueError):
        return False
    groups = user_info.get(roles.groups_claim) or ()
    return scope_for(roles, str(user_info.get("email") or ""), groups) is not None


def _guarded(handler: Callable[[AppSession], None]) -> Callable[[AppSession], None]:
    @functools.wraps(handler)
    def clear_if_allowed(session: AppSession) -> None:
        # A private attribute of AppSession: if Streamlit renames it, nobody may clear.
        if may_clear_caches(getattr(session, "_user_info", None)):
            handler(session)
        else:
            log.warning("ignored a request to clear the caches from a session without sign-in")

    setattr(clear_if_allowed, _MARK, True)
    return clear_if_allowed


def guard_cache_clearing() -> bool:
    """Wrap Streamlit's clear-cache handler (once per process; later calls do nothing).
    False, with an error in the log, when this Streamlit has no such handler to wrap: then
    a client's clear only costs recomputation (see the module's docstring)."""
    handler = getattr(AppSession, _HANDLER, None)
    if handler is None:
        log.error("streamlit.runtime.app_session.AppSession has no %s to guard", _HANDLER)
        return False
    if not getattr(handler, _MARK, False):
        setattr(AppSession, _HANDLER, _guarded(handler))
    return True
