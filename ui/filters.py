"""The sidebar filters (month, region, group, scope), kept in the URL query string so that a
link pasted into an e-mail opens the same view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from common.texts import translate
from ui.auth import current_scope
from ui.context import language, t, widget_key
from ui.labels import group_names, region_names

SCOPES = ("critical", "all")


@dataclass(frozen=True)
class Filters:
    period: date
    region_id: str | None
    group_code: str | None
    scope: str


def _remembered(name: str) -> str:
    return f"filter_choice_{name}"


def _from_url(name: str, allowed: list, default):
    """The choice in the URL; else the one made on another page in this visit (the sidebar's
    page links do not carry the query string); else `default`."""
    value = st.query_params.get(name, st.session_state.get(_remembered(name)))
    for option in allowed:
        if str(option) == value or (isinstance(option, date) and value == f"{option:%Y-%m}"):
            return option
    return default


def _to_url(name: str, value) -> None:
    if value is None:
        st.query_params.pop(name, None)
        st.session_state.pop(_remembered(name), None)
    else:
        text = f"{value:%Y-%m}" if isinstance(value, date) else str(value)
        st.query_params[name] = text
        st.session_state[_remembered(name)] = text


def sidebar_filters(
    periods: list[date],
    *,
    region: bool = False,
    group: bool = False,
    scope: bool = True,
    region_required: bool = False,
) -> Filters:
    """Draw the filters this page uses in the sidebar and return the choices. Defaults come
    from the URL, else the latest month, the signed-in region's own (else the first) region,
    all groups and critical scope."""
    # format_func labels are bound to this run's language: AppTest calls them after the run.
    lang = language()
    regions = region_names()
    groups = group_names()
    with st.sidebar:
        chosen_period = st.selectbox(
            t("filter_month"),
            options=periods[::-1],
            index=periods[::-1].index(_from_url("kuukausi", periods, periods[-1])),
            format_func=lambda d: f"{d.month}/{d.year}",
            key="f_period",
        )
        _to_url("kuukausi", chosen_period)
        chosen_region = None
        if region:
            options = list(regions) if region_required else [None, *regions]
            # A region's user starts on their own region; everyone else on the first.
            own = current_scope().region_id
            default = own if own in options else options[0]
            chosen_region = st.selectbox(
                t("filter_region"),
                options=options,
                index=options.index(_from_url("alue", options, default)),
                format_func=lambda r: translate("all_regions", lang) if r is None else regions[r],
                key=widget_key("f_region"),
            )
            _to_url("alue", chosen_region)
        chosen_group = None
        if group:
            options = [None, *groups]
            chosen_group = st.selectbox(
                t("filter_group"),
                options=options,
                index=options.index(_from_url("ryhma", options, None)),
                format_func=lambda g: (
                    translate("all_groups", lang) if g is None else f"{g} – {groups[g]}"
                ),
                key=widget_key("f_group"),
            )
            _to_url("ryhma", chosen_group)
        chosen_scope = "critical"
        if scope:
            chosen_scope = st.radio(
                t("filter_scope"),
                options=list(SCOPES),
                index=SCOPES.index(_from_url("laajuus", list(SCOPES), "critical")),
                format_func=lambda s: translate(f"scope_{s}", lang),
                key=widget_key("f_scope"),
                horizontal=True,
            )
            _to_url("laajuus", chosen_scope)
    return Filters(chosen_period, chosen_region, chosen_group, chosen_scope)
