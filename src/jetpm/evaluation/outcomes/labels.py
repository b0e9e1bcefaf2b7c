"""What a person reads for a group's code: country and mission names, gender and age band in words, a
panel as its mission's name and its own."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from jetpm.applications.states import Sex
from jetpm.evaluation.outcomes import funnel, selectors


def _age_band(group: str) -> str:
    if group == "-24":
        return _("24 or under")
    if group == "40-":
        return _("40 or over")
    low, high = group.split("-")
    return _("%(low)s to %(high)s") % {"low": low, "high": high}


def group_labels(by: str, groups: Iterable[str]) -> dict[str, str]:
    """The label of every group of the breakdown ``by``: at most one query (names of countries or
    missions)."""
    groups = list(groups)
    out: dict[str, str] = {funnel.TOTAL: _("Total"), funnel.UNKNOWN: _("Not recorded")}
    known = [g for g in groups if g not in out]
    if by == "country":
        names = selectors.country_names(known)
        out.update({g: names.get(g, g) for g in known})
    elif by == "mission":
        names = selectors.organisation_names(known)
        out.update({g: names.get(g, g) for g in known})
    elif by == "panel":
        out.update(panel_labels(known))
    elif by == "gender":
        sexes = dict(Sex.choices)
        out.update({g: str(sexes.get(g, g)) for g in known})
    elif by == "age_band":
        out.update({g: _age_band(g) for g in known})
    return out


def panel_labels(keys: Iterable[str]) -> dict[str, str]:
    """ "Embassy in the UK — Panel ALT 1" for the key "mission-gb-london/Panel ALT 1": one query."""
    keys = [k for k in keys if "/" in k]
    names = selectors.organisation_names(sorted({k.split("/", 1)[0] for k in keys}))
    out: dict[str, str] = {}
    for k in keys:
        mission, panel = k.split("/", 1)
        out[k] = f"{names.get(mission, mission)} — {panel}"
    return out


def label(labels: dict[str, Any], group: str) -> str:
    return str(labels.get(group, group))
