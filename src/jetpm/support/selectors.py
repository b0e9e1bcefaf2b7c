"""Every read of the support desk, scoped through jetpm.core.scoping (a counselling case is found by its
participant and CLAIR's counsellors only; everyone else's lists, searches and exports never hold it)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from jetpm.applications.models import Application
from jetpm.core import workflow
from jetpm.core.access import access
from jetpm.core.desk_figures import DeskFigures
from jetpm.core.models import AuditEvent, Organisation, Person, User
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.states import OrgKind, PersonKind
from jetpm.support import response_times
from jetpm.support.models import Case, CaseMessage, FaqEntry
from jetpm.support.permissions import handles, opened, sees_every_desks_figures
from jetpm.support.states import CONSULTATION_KINDS, CaseKind, CaseStatus, Category
from jetpm.support.workflows import CASE_ACTIONS, CASES, FAQ_ACTIONS


def _filtered(
    qs: QuerySet[Case], *, status: str = "", category: str = "", text: str = "", kind: str = ""
) -> QuerySet[Case]:
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if kind:
        qs = qs.filter(kind=kind)
    if text.strip():
        t = text.strip()
        qs = qs.filter(Q(subject__icontains=t) | Q(body__icontains=t))
    return qs


def questions_for(
    user: User,
    *,
    mission_id: int | None = None,
    status: str = "",
    category: str = "",
    text: str = "",
    fiscal_year: int | None = None,
) -> QuerySet[Case]:
    """The Q&A desk's questions the user may see (a mission's staff: their mission's)."""
    qs = visible_to(user, Case).filter(kind=CaseKind.QUESTION)
    if mission_id is not None:
        qs = qs.filter(mission_id=mission_id)
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    qs = _filtered(qs, status=status, category=category, text=text)
    return qs.select_related("mission", "person", "assigned_to").order_by("-opened_at", "-id")


def consultations_for(
    user: User, *, kind: str = "", status: str = "", category: str = "", text: str = ""
) -> QuerySet[Case]:
    """The consultations the user may see: CLAIR's staff advice, counsellors counselling, a contracting
    organisation its own, a participant theirs."""
    qs = visible_to(user, Case).filter(kind__in=CONSULTATION_KINDS)
    qs = _filtered(qs, status=status, category=category, text=text, kind=kind)
    return qs.select_related("person", "organisation", "assigned_to").order_by("-opened_at", "-id")


def own_cases(user: User, *, kind: str) -> QuerySet[Case]:
    """The cases of the user's own person, whatever the person's role now: a candidate's questions (still
    theirs as a participant), a participant's consultations."""
    person_id = scope_of(user).person_id
    if person_id is None:
        return Case.objects.none()
    return visible_to(user, Case).filter(person_id=person_id, kind=kind).order_by("-opened_at", "-id")


def has_own_questions(user: User) -> bool:
    """Whether the user's person asked their mission's desk (as a candidate, whatever they are now)."""
    return own_cases(user, kind=CaseKind.QUESTION).exists()


def access_case_by_id(user: User, case_id: int, *, action: str | None = None) -> Case:
    """A case the user may see and, with ``action``, act on; else :class:`NotFound`."""
    return access(
        user,
        Case.objects.select_related("mission", "organisation", "person", "assigned_to", "opened_by"),
        action=action,
        actions=CASE_ACTIONS,
        pk=case_id,
    )


def access_faq_by_id(user: User, faq_id: int, *, action: str | None = None) -> FaqEntry:
    return access(
        user, FaqEntry.objects.select_related("mission"), action=action, actions=FAQ_ACTIONS, pk=faq_id
    )


@dataclass(frozen=True)
class CasePage:
    case: Case
    messages: list[CaseMessage]
    steps: set[str]  # the workflow's steps the user may take now
    handles: bool  # the mission's or CLAIR's side
    opened: bool  # the candidate's, participant's or organisation's side
    can_publish: bool
    history: list[AuditEvent]  # the case's own audit (for its handlers)


def case_page(user: User, case: Case) -> CasePage:
    scope = scope_of(user)
    mine = opened(scope, case)
    handler = handles(scope, case)
    history: list[AuditEvent] = []
    if handler:
        history = list(
            AuditEvent.objects.filter(object_type="support.Case", object_id=str(case.pk)).order_by(
                "at", "id"
            )[:100]
        )
    return CasePage(
        case=case,
        messages=list(case.messages.select_related("author").order_by("at", "id")[:200]),
        steps={t.name for t in workflow.available(CASES, user, case)},
        handles=handler,
        opened=mine,
        can_publish=handler
        and case.kind == CaseKind.QUESTION
        and case.first_answered_at is not None
        and CASE_ACTIONS.allows(user, case, "publish"),
        history=history,
    )


def close_consequences(user: User, case: Case) -> list[str]:
    """What closing the case does, and to whom (the confirmation page's list)."""
    from django.utils.translation import gettext as _

    if case.person_id is not None:
        who = str(case.person)
    else:
        who = case.organisation.name if case.organisation is not None else ""
    answering = _("the mission") if case.kind == CaseKind.QUESTION else _("CLAIR")
    out = [
        _("%(case)s (%(subject)s) is closed: it takes no further answer or follow-up from anyone.")
        % {"case": case, "subject": case.subject},
    ]
    if opened(scope_of(user), case):
        text = _("%(answering)s sees that you closed it; to ask again, open a new case.")
        out.append(text % {"answering": answering})
    else:
        out.append(
            _("%(who)s is told by e-mail that %(answering)s closed it, and may open a new case.")
            % {"who": who, "answering": answering}
        )
        if case.first_answered_at is None:
            out.append(
                _("It has not been answered: the desk's figures count it as asked and never answered.")
            )
        elif case.kind == CaseKind.QUESTION:
            out.append(_("Its answer can still be published to the mission's FAQ."))
    return out


def faq_for(user: User, *, mission_id: int | None = None, category: str = "") -> QuerySet[FaqEntry]:
    """The FAQ entries the user may read: a mission's staff their mission's, a candidate their mission's."""
    qs = visible_to(user, FaqEntry).select_related("mission")
    if mission_id is not None:
        qs = qs.filter(mission_id=mission_id)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("mission__code", "category", "-published_at", "-id")


def desk_missions(user: User) -> QuerySet[Organisation]:
    """The missions whose desk the user works at (the national bodies: every mission)."""
    return visible_to(user, Organisation).filter(kind=OrgKind.MISSION).order_by("code")


# --- the portal's view of the desk (read by jetpm.portal through this selector) ----------------------------


@dataclass(frozen=True)
class DeskForPerson:
    """What the desk holds for a candidate: their mission, their questions by status, the FAQ's size."""

    mission: Organisation | None
    open: int
    answered: int
    faq: int


def for_person(user: User) -> DeskForPerson | None:
    """The candidate's desk (None for a user who is no candidate with a mission)."""
    scope = scope_of(user)
    if scope.person_id is None:
        return None
    person = Person.objects.filter(pk=scope.person_id).select_related("mission").first()
    if person is None or person.kind != PersonKind.APPLICANT or person.mission_id is None:
        return None
    counts = dict(
        own_cases(user, kind=CaseKind.QUESTION).order_by().values_list("status").annotate(n=Count("id"))
    )
    return DeskForPerson(
        mission=person.mission,
        open=counts.get(CaseStatus.OPEN, 0) + counts.get(CaseStatus.FOLLOW_UP, 0),
        answered=counts.get(CaseStatus.ANSWERED, 0) + counts.get(CaseStatus.CLOSED, 0),
        faq=faq_for(user, mission_id=person.mission_id).count(),
    )


# --- figures ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MissionResponse:
    mission: Organisation
    times: response_times.ResponseTimes


def desk_response_times(user: User, *, fiscal_year: int) -> list[MissionResponse]:
    """Per mission the user may see: questions asked in the year, answered, median and 90th percentile hours
    to the first answer (two queries). The national bodies: every mission's (figures only; the questions
    themselves are not visible to them)."""
    questions = (
        Case.objects.filter(kind=CaseKind.QUESTION, fiscal_year=fiscal_year)
        if sees_every_desks_figures(scope_of(user))
        else questions_for(user, fiscal_year=fiscal_year)
    )
    rows = questions.order_by().values_list("mission_id", "opened_at", "first_answered_at")
    by_mission: dict[int, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    for mission_id, asked, answered in rows:
        by_mission[mission_id].append((asked, answered))
    missions = Organisation.objects.filter(pk__in=list(by_mission)).order_by("code")
    return [MissionResponse(m, response_times.response_times(by_mission[m.pk])) for m in missions]


def candidates_desk_figures(mission_ids: Collection[int], intake_year: int) -> dict[int, DeskFigures]:
    """The desk's figures for the send-off evaluation (core.desk_figures): per mission, the questions that
    its candidates of ``intake_year`` (an application of that year with the mission) asked at its desk while
    they were candidates — in the fiscal year before the intake (applications, screening, acceptance) and the
    intake year itself (until departure) — answered, and the hours to the first answer. One query."""
    applied = Application.objects.filter(
        person_id=OuterRef("person_id"), mission_id=OuterRef("mission_id"), intake_year=intake_year
    )
    rows = (
        Case.objects.filter(
            kind=CaseKind.QUESTION,
            mission_id__in=list(mission_ids),
            fiscal_year__in=(intake_year - 1, intake_year),
        )
        .filter(Exists(applied))
        .order_by()
        .values_list("mission_id", "opened_at", "first_answered_at")
    )
    by_mission: dict[int, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    for mission_id, asked, answered in rows:
        by_mission[mission_id].append((asked, answered))
    out = {}
    for mission_id, pairs in by_mission.items():
        t = response_times.response_times(pairs)
        out[mission_id] = DeskFigures(
            asked=t.asked, answered=t.answered, median_hours=t.median_hours, p90_hours=t.p90_hours
        )
    return out


@dataclass(frozen=True)
class CategoryMonth:
    month: str  # YYYY-MM
    kind: str
    category: str
    count: int | None  # None: fewer than 5


def consultation_figures(*, fiscal_year: int) -> list[CategoryMonth]:
    """Consultations opened in the year by month, kind and category: counts only, no names, a group below five
    as "fewer than 5" (HQ's figures; the page checks who may read them). One query."""
    rows = (
        Case.objects.filter(kind__in=CONSULTATION_KINDS, fiscal_year=fiscal_year)
        .annotate(month=TruncMonth("opened_at"))
        .order_by()
        .values("month", "kind", "category")
        .annotate(n=Count("id"))
    )
    order = {c: i for i, c in enumerate(Category.values)}
    out = [
        CategoryMonth(
            month=f"{r['month']:%Y-%m}",
            kind=r["kind"],
            category=r["category"],
            count=response_times.shown_count(r["n"]),
        )
        for r in rows
    ]
    return sorted(out, key=lambda r: (r.month, r.kind, order.get(r.category, 99)))


def consultation_totals(*, fiscal_year: int) -> list[tuple[str, str, int | None]]:
    """The year's consultations by kind and category (small groups as None)."""
    rows = (
        Case.objects.filter(kind__in=CONSULTATION_KINDS, fiscal_year=fiscal_year)
        .order_by()
        .values_list("kind", "category")
        .annotate(n=Count("id"))
    )
    order = {c: i for i, c in enumerate(Category.values)}
    return sorted(
        ((k, c, response_times.shown_count(n)) for k, c, n in rows),
        key=lambda r: (r[0], order.get(r[1], 99)),
    )


def label_of(choices: Any, value: str) -> str:
    return str(dict(choices.choices).get(value, value))
