"""Every write of the support desk. Keyword-only, typed, ``actor`` first, atomic, audited in the same
transaction. The audit events name the case ("Question #12", "Consultation #7") and carry no text: what was
asked and answered stays in the case (a counselling case's events are listed only to the counsellors:
rules.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jetpm.core import audit, exports, workflow
from jetpm.core.calendar import fiscal_year_of
from jetpm.core.errors import DomainError, NotFound, PermissionDenied, raise_all
from jetpm.core.models import Membership, Organisation, Person, User
from jetpm.core.scoping import scope_of
from jetpm.core.states import OrgKind, PersonKind, Role
from jetpm.support.models import Case, CaseMessage, FaqEntry
from jetpm.support.permissions import CO_ROLES, DESK_ROLES, handles
from jetpm.support.states import CONSULTATION_KINDS, CaseKind, CaseStatus, Category, MessageKind
from jetpm.support.workflows import CASE_ACTIONS, CASES, FAQ_ACTIONS

SUBJECT_MAX = 200
BODY_MAX = 5000


def _text_errors(category: str, subject: str, body: str) -> list[tuple[str | None, str]]:
    errors: list[tuple[str | None, str]] = []
    if category not in Category.values:
        errors.append(("category", _("Choose a category.")))
    if not subject.strip():
        errors.append(("subject", _("Give the subject in a few words.")))
    elif len(subject.strip()) > SUBJECT_MAX:
        errors.append(("subject", _("The subject is at most %(n)s characters.") % {"n": SUBJECT_MAX}))
    if not body.strip():
        errors.append(("body", _("Write your message.")))
    elif len(body.strip()) > BODY_MAX:
        errors.append(("body", _("A message is at most %(n)s characters.") % {"n": BODY_MAX}))
    return errors


def _opened(case: Case, actor: User) -> Case:
    audit.record(
        actor=actor,
        action="support_case.create",
        obj=case,
        changes={"kind": [None, case.kind], "category": [None, case.category]},
        **CASES.audit_target(case),  # type: ignore[misc]
    )
    return case


@transaction.atomic
def ask_question(*, actor: User, category: str, subject: str, body: str) -> Case:
    """A candidate asks their mission a question."""
    person = Person.objects.filter(user_id=actor.pk).select_related("mission").first()
    if person is None or person.kind != PersonKind.APPLICANT or person.mission_id is None:
        raise PermissionDenied(_("Only a candidate with a mission may ask the mission's Q&A desk."))
    raise_all(_text_errors(category, subject, body))
    now = timezone.now()
    case = Case.objects.create(
        kind=CaseKind.QUESTION,
        category=category,
        mission_id=person.mission_id,
        person=person,
        opened_by=actor,
        subject=subject.strip(),
        body=body.strip(),
        fiscal_year=fiscal_year_of(timezone.localdate(now)),
        opened_at=now,
    )
    return _opened(case, actor)


@transaction.atomic
def open_consultation(
    *, actor: User, kind: str, category: str, subject: str, body: str, organisation_id: int | None = None
) -> Case:
    """A participant (advice or counselling) or a contracting organisation's coordinator (advice) consults
    CLAIR."""
    scope = scope_of(actor)
    errors: list[tuple[str | None, str]] = []
    if kind not in CONSULTATION_KINDS:
        errors.append(("kind", _("Choose advice or counselling.")))
    person: Person | None = None
    organisation: Organisation | None = None
    if organisation_id is not None:
        if organisation_id not in scope.co_ids or not scope.acts_for(organisation_id, *CO_ROLES):
            raise PermissionDenied(_("Only a contracting organisation's coordinators consult for it."))
        organisation = Organisation.objects.get(pk=organisation_id, kind=OrgKind.CONTRACTING_ORG)
        if kind == CaseKind.COUNSELLING:
            errors.append(("kind", _("Counselling is for participants; an organisation asks for advice.")))
    else:
        person = Person.objects.filter(user_id=actor.pk).first()
        if person is None or person.kind != PersonKind.PARTICIPANT:
            raise PermissionDenied(
                _("Only a participant or a contracting organisation's coordinator may consult CLAIR.")
            )
    errors += _text_errors(category, subject, body)
    raise_all(errors)
    now = timezone.now()
    case = Case.objects.create(
        kind=kind,
        category=category,
        person=person,
        organisation=organisation,
        opened_by=actor,
        subject=subject.strip(),
        body=body.strip(),
        fiscal_year=fiscal_year_of(timezone.localdate(now)),
        opened_at=now,
    )
    return _opened(case, actor)


def _message_body(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise DomainError(_("Write the answer: an empty message cannot be sent."), field="body")
    if len(text) > BODY_MAX:
        raise DomainError(_("A message is at most %(n)s characters.") % {"n": BODY_MAX}, field="body")
    return text


@transaction.atomic
def answer_case(*, actor: User, case_id: int, body: str) -> Case:
    """The mission (a question) or CLAIR (a consultation) answers; the opener is told by mail."""
    case = workflow.lock(CASES, case_id)
    workflow.check(CASES, case, "answer", actor=actor)  # the rule that refuses another mission's staff
    text = _message_body(body)
    now = timezone.now()
    message = CaseMessage.objects.create(case=case, kind=MessageKind.ANSWER, author=actor, body=text, at=now)
    values: dict[str, Any] = {}
    if case.first_answered_at is None:
        values["first_answered_at"] = now
    if case.assigned_to_id is None:
        values["assigned_to"] = actor
    return workflow.perform(  # type: ignore[no-any-return]
        CASES, case, "answer", actor=actor, values=values, changes={"message": [None, message.pk]}
    )


@transaction.atomic
def follow_up_case(*, actor: User, case_id: int, body: str) -> Case:
    """Whoever opened the case writes again after an answer."""
    case = workflow.lock(CASES, case_id)
    workflow.check(CASES, case, "follow_up", actor=actor)
    text = _message_body(body)
    message = CaseMessage.objects.create(case=case, kind=MessageKind.FOLLOW_UP, author=actor, body=text)
    return workflow.perform(  # type: ignore[no-any-return]
        CASES, case, "follow_up", actor=actor, changes={"message": [None, message.pk]}
    )


@transaction.atomic
def close_case(*, actor: User, case_id: int) -> Case:
    return workflow.perform(CASES, case_id, "close", actor=actor)  # type: ignore[no-any-return]


def assignable(case: Case) -> list[User]:
    """Who a case may be given to: the mission's staff (a question), CLAIR's staff (advice), its counsellors
    (counselling)."""
    if case.kind == CaseKind.QUESTION:
        q = Membership.objects.filter(organisation_id=case.mission_id or 0, role__in=DESK_ROLES)
    else:
        roles = [Role.COUNSELLOR] if case.kind == CaseKind.COUNSELLING else list(DESK_ROLES)
        q = Membership.objects.filter(organisation__kind=OrgKind.CLAIR, role__in=roles)
    ids = q.values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("username")[:200])


@transaction.atomic
def assign_case(*, actor: User, case_id: int, assignee_id: int) -> Case:
    """Give a case to a member of the staff that answers it."""
    case = workflow.lock(CASES, case_id)
    if not handles(scope_of(actor), case):
        raise PermissionDenied(str(CASES.get("answer").denied))
    if case.status == CaseStatus.CLOSED:
        raise DomainError(_("A closed case is not assigned any more."), field="assignee")
    if assignee_id not in {u.pk for u in assignable(case)}:
        raise DomainError(_("Choose a member of the staff that answers this case."), field="assignee")
    before = case.assigned_to_id
    case.assigned_to_id = assignee_id
    case.save(update_fields=["assigned_to", "updated_at"])
    audit.record(
        actor=actor,
        action="support_case.assign",
        obj=case,
        changes={"assigned_to": [before, assignee_id]},
        **CASES.audit_target(case),  # type: ignore[misc]
    )
    return case


@transaction.atomic
def publish_faq(*, actor: User, case_id: int, question: str, answer: str, category: str) -> FaqEntry:
    """The mission's staff publish an answered question to the mission's FAQ, in words that name nobody."""
    case = workflow.lock(CASES, case_id)
    if not CASE_ACTIONS.allows(actor, case, "publish"):
        raise PermissionDenied(_("Only the staff of the question's own mission publish it to its FAQ."))
    errors: list[tuple[str | None, str]] = []
    if case.first_answered_at is None:
        errors.append((None, _("Only an answered question can go to the FAQ.")))
    if category not in Category.values:
        errors.append(("category", _("Choose a category.")))
    if not question.strip():
        errors.append(("question", _("Write the question as the FAQ shows it (without names).")))
    if not answer.strip():
        errors.append(("answer", _("Write the answer as the FAQ shows it.")))
    raise_all(errors)
    assert case.mission_id is not None
    entry = FaqEntry.objects.create(
        mission_id=case.mission_id,
        source=case,
        category=category,
        question=question.strip(),
        answer=answer.strip(),
        published_by=actor,
    )
    audit.record(
        actor=actor,
        action="support_faq.publish",
        obj=entry,
        changes={"source": [None, case.pk], "category": [None, category]},
        organisation=case.mission_id,
    )
    return entry


@transaction.atomic
def withdraw_faq(*, actor: User, faq_id: int) -> None:
    """Take an entry off the mission's FAQ."""
    try:
        entry = FaqEntry.objects.select_for_update().get(pk=faq_id)
    except FaqEntry.DoesNotExist as exc:
        raise NotFound(_("No such record.")) from exc
    if not FAQ_ACTIONS.allows(actor, entry, "withdraw"):
        raise PermissionDenied(_("Only the mission's staff withdraw an entry of its FAQ."))
    audit.record(
        actor=actor,
        action="support_faq.delete",
        obj=entry,
        changes={"source": [entry.source_id, None]},
        organisation=entry.mission_id,
    )
    entry.delete()


@transaction.atomic
def export_cases(*, actor: User, face: str, status: str = "", category: str = "", text: str = "") -> bytes:
    """The CSV of the cases the actor may see on one face: the desk's questions, or the advice consultations
    (counselling is never exported). Audited: it is personal data."""
    from jetpm.support import selectors

    if face == "questions":
        qs = selectors.questions_for(actor, status=status, category=category, text=text)
    else:
        qs = selectors.consultations_for(
            actor, kind=CaseKind.ADVICE, status=status, category=category, text=text
        )
    qs = qs.exclude(kind=CaseKind.COUNSELLING)
    header = [
        _("Case"),
        _("Kind"),
        _("Category"),
        _("Status"),
        pgettext("case", "Opened"),
        pgettext("sender", "From"),
        _("Subject"),
        _("First answered"),
    ]
    rows: list[list[Any]] = [header]
    ids: list[int] = []
    for case in qs[:10000]:
        ids.append(case.pk)
        who = case.person if case.person_id is not None else case.organisation
        rows.append(
            [
                str(case),
                case.get_kind_display(),
                case.get_category_display(),
                case.get_status_display(),
                timezone.localtime(case.opened_at).strftime("%Y-%m-%d %H:%M"),
                str(who) if who is not None else "",
                case.subject,
                timezone.localtime(case.first_answered_at).strftime("%Y-%m-%d %H:%M")
                if case.first_answered_at
                else "",
            ]
        )
    user = User.objects.get(pk=actor.pk)
    audit.record(
        actor=actor,
        action="support_case.export",
        obj=user,
        changes={"face": [None, face], "rows": [None, len(ids)]},
    )
    return exports.csv_bytes(rows)
