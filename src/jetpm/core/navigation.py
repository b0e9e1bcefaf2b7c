"""The main menu. Each app registers its entries (in its AppConfig.ready) with who may see them, so core
needs to know nothing of the apps after it. The entries are shown in groups by stage of the programme's year
(plan, recruitment and selection, placement, in service, statistics, administration)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from jetpm.core.scoping import Scope

# The groups of the menu, in order: key -> label.
GROUPS: dict[str, Any] = {
    "plan": _("Plan"),
    "entrance": _("Recruitment and selection"),
    "placement": _("Placement"),
    "departure": _("Departure and arrival"),
    "service": _("In service"),
    "alumni": _("Alumni and JETAA"),
    "stats": _("Statistics"),
    "admin": _("Administration"),
    "account": _("Your account"),
}
# The group of each entry; an entry in no group (the home page) stands before the groups.
GROUP_OF: dict[str, str] = {
    "core:cycle_list": "plan",
    "planning:request_list": "plan",
    "planning:demand": "plan",
    "planning:plan_list": "plan",
    "planning:year_rules": "plan",
    "planning:guideline_list": "entrance",
    # evaluation: the Council's findings and the examination rules (council)
    "evaluation:finding_list": "plan",
    "evaluation:examination_rules_list": "plan",
    "evaluation:voice_home": "service",
    "applications:portal": "entrance",
    "applications:intake_list": "entrance",
    "outreach:activity_list": "entrance",
    "screening:home": "entrance",
    "selection:home": "entrance",
    "placement:home": "placement",
    "placement:mine": "placement",
    # pre-departure: orientations, checklists, send-off evaluations
    "predeparture:orientation_list": "departure",
    "predeparture:checklist_list": "departure",
    "predeparture:sendoff_list": "departure",
    "appointments:participant_list": "service",
    "appointments:reappointment_list": "service",
    "appointments:reappointment_progress": "service",
    "appointments:training_list": "service",
    "appointments:cost_overview": "service",
    "alumni:surveys:index": "alumni",
    "alumni:bulletins:index": "alumni",
    "alumni:engagement:index": "alumni",
    # departure groups and arrival (predeparture)
    "predeparture:group_list": "departure",
    "predeparture:arrival_list": "departure",
    "predeparture:arrival_figures": "departure",
    "predeparture:my_departure": "departure",
    # --- alumni (issue 12)
    "alumni:me": "alumni",
    "alumni:return_list": "alumni",
    "alumni:alumnus_list": "alumni",
    "alumni:notable_list": "alumni",
    "alumni:chapter_list": "alumni",
    # --- JETAA support (issue 13)
    "jetaa:home": "alumni",
    "jetaa:evaluations": "alumni",
    "jetaa:policy": "alumni",
    "stats:index": "stats",
    "evaluation:outcomes": "stats",
    "evaluation:fairness": "stats",
    # support desk: the Q&A desk before departure, consultations in service, its figures
    "support:desk": "departure",
    "support:ask": "departure",
    "support:consultations": "service",
    "support:figures": "stats",
    "stats:programme": "stats",  # the programme since 1987 (alumni figures)
    "stats:jetaa": "stats",
    "stats:jetaa_support": "stats",
    "core:organisation_list": "admin",
    "core:person_list": "admin",
    "core:member_home": "admin",
    "core:audit_list": "admin",
    "core:retention_list": "admin",
    "api:openapi-view": "admin",
    "core:my_data": "account",
    "api_tokens": "account",
}


@dataclass(frozen=True)
class NavItem:
    order: int
    url_name: str
    label: Any  # a lazy translation
    visible: Callable[[Scope], bool]


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: Any
    items: list[tuple[str, Any]]  # (url name, label)


_ITEMS: list[NavItem] = []


def nav_item(order: int, url_name: str, label: Any, visible: Callable[[Scope], bool]) -> None:
    if any(i.url_name == url_name for i in _ITEMS):
        return  # ready() may run twice in tests
    _ITEMS.append(NavItem(order, url_name, label, visible))
    _ITEMS.sort(key=lambda i: (i.order, i.url_name))


def items_for(scope: Scope) -> list[tuple[str, Any]]:
    return [(i.url_name, i.label) for i in _ITEMS if i.visible(scope)]


def groups_for(scope: Scope) -> tuple[list[tuple[str, Any]], list[NavGroup]]:
    """The entries a scope may open: those in no group, then the non-empty groups in their order. An entry
    registered without a group joins Administration, so that nothing is lost from the menu."""
    top: list[tuple[str, Any]] = []
    grouped: dict[str, list[tuple[str, Any]]] = {key: [] for key in GROUPS}
    for url_name, label in items_for(scope):
        if url_name == "home":
            top.append((url_name, label))
        else:
            grouped[GROUP_OF.get(url_name, "admin")].append((url_name, label))
    return top, [NavGroup(key, GROUPS[key], items) for key, items in grouped.items() if items]
