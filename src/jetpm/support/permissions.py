"""Who may do what at the support desk: one predicate per permission, used by services, views and menus.

The Q&A desk belongs to the missions (each its own); consultations to CLAIR: advice to its staff,
counselling to its counsellors only (confidential: not the contracting organisation, not the mission, not
CLAIR's other staff, not a superuser)."""

from __future__ import annotations

from typing import Any

from jetpm.core.scoping import Scope
from jetpm.core.states import NATIONAL_KINDS, OrgKind, PersonKind, Role

HQ_KINDS = frozenset({OrgKind.MOFA, OrgKind.CLAIR, OrgKind.MIC})
DESK_ROLES = (Role.STAFF, Role.APPROVER, Role.ADMIN)
CO_ROLES = (Role.COORDINATOR, Role.ADMIN)


def is_counsellor(scope: Scope) -> bool:
    return scope.has_role(Role.COUNSELLOR, kinds={OrgKind.CLAIR})


def is_clair_staff(scope: Scope) -> bool:
    """CLAIR's staff, approvers and administrators (advice cases)."""
    return scope.has_role(*DESK_ROLES, kinds={OrgKind.CLAIR})


def staffs_desk(scope: Scope, mission_id: int | None) -> bool:
    """Answer, assign and publish a mission's questions: its staff, approvers and administrators."""
    return mission_id is not None and (scope.is_superuser or scope.acts_for(mission_id, *DESK_ROLES))


def can_see_desk(scope: Scope) -> bool:
    """The Q&A desk's list: the missions' staff."""
    return scope.is_superuser or bool(scope.mission_ids)


def can_ask(scope: Scope) -> bool:
    """Ask one's mission a question: a candidate (an applicant with a mission) — the portal's link. The
    service checks the mission."""
    return scope.person_id is not None and scope.person_kind == PersonKind.APPLICANT


def has_own_questions_page(scope: Scope) -> bool:
    """Read one's own questions to the mission: a person's cases follow the person, not the application's
    role — a candidate asks, and keeps reading them as a participant (or an alumnus) later. The menu shows it
    to candidates and participants; asking stays :func:`can_ask`'s."""
    return scope.person_id is not None


def questions_in_menu(scope: Scope) -> bool:
    return scope.person_id is not None and scope.person_kind in (PersonKind.APPLICANT, PersonKind.PARTICIPANT)


def can_see_consultations(scope: Scope) -> bool:
    """The consultations' list: CLAIR's staff and counsellors, the contracting organisations, participants."""
    return (
        scope.is_superuser
        or is_clair_staff(scope)
        or is_counsellor(scope)
        or bool(scope.co_ids)
        or scope.person_kind == PersonKind.PARTICIPANT
    )


def can_export_consultations(scope: Scope) -> bool:
    """The advice cases' CSV: those who handle them (CLAIR's staff). Counselling is never exported, and a
    participant or an organisation has its own cases on the page."""
    return scope.is_superuser or is_clair_staff(scope)


def can_open_consultation(scope: Scope) -> bool:
    return bool(scope.co_ids) or scope.person_kind == PersonKind.PARTICIPANT


def can_see_desk_figures(scope: Scope) -> bool:
    """Response times: the missions (their own) and the national bodies (every mission's)."""
    return scope.is_superuser or bool(scope.mission_ids) or sees_every_desks_figures(scope)


def sees_every_desks_figures(scope: Scope) -> bool:
    """The national bodies see every mission's response times (counts and hours, no question's content),
    though the questions themselves stay with the missions."""
    return scope.is_superuser or scope.has_role(*DESK_ROLES, kinds=NATIONAL_KINDS)


def can_see_consultation_figures(scope: Scope) -> bool:
    """Anonymised consultation figures by category: HQ (MOFA, CLAIR, MIC) and CLAIR's counsellors."""
    return scope.is_superuser or scope.has_role(*DESK_ROLES, kinds=HQ_KINDS) or is_counsellor(scope)


def handles(scope: Scope, case: Any) -> bool:
    """Answer a case (and assign it): a question — its mission's staff; advice — CLAIR's staff; counselling —
    CLAIR's counsellors (nobody else, not even a superuser)."""
    if case.kind == "question":
        return staffs_desk(scope, case.mission_id)
    if case.kind == "advice":
        return scope.is_superuser or is_clair_staff(scope)
    return is_counsellor(scope)


def opened(scope: Scope, case: Any) -> bool:
    """Whether the user is the case's own side: the candidate or participant, or the contracting organisation
    that opened it."""
    if case.person_id is not None:
        return scope.person_id is not None and scope.person_id == case.person_id
    return case.organisation_id is not None and scope.acts_for(case.organisation_id, *CO_ROLES)


def handles_or_opened(scope: Scope, case: Any) -> bool:
    return handles(scope, case) or opened(scope, case)
