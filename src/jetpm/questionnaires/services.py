"""Every write of the questionnaire engine: keyword-only, typed, ``actor`` required, atomic, audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jetpm.core import audit, workflow
from jetpm.core.errors import DomainError, NotFound, PermissionDenied
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import get_visible, scope_of
from jetpm.questionnaires.answers import clean_answers
from jetpm.questionnaires.models import Question, Questionnaire, Response
from jetpm.questionnaires.permissions import can_answer, can_manage, can_remind, can_send_via
from jetpm.questionnaires.states import CHOICE_KINDS, QuestionKind, QuestionnaireStatus, ResponseStatus
from jetpm.questionnaires.workflows import QUESTIONNAIRES, RESPONSES


@dataclass(frozen=True)
class QuestionInput:
    key: str
    kind: str
    label_ja: str
    label_en: str
    required: bool = False
    choices: Sequence[Mapping[str, str]] = field(default_factory=tuple)  # {"value", "ja", "en"}


def _check_questions(questions: Sequence[QuestionInput]) -> None:
    keys = [q.key for q in questions]
    if len(keys) != len(set(keys)):
        raise DomainError(_("Two questions have the same key."), field="questions")
    for q in questions:
        if q.kind not in QuestionKind.values:
            raise DomainError(_("Unknown kind of question: %(kind)s.") % {"kind": q.kind}, field="questions")
        if q.kind in CHOICE_KINDS and not q.choices:
            raise DomainError(
                _("The choice question “%(question)s” has no choices.") % {"question": q.label_en},
                field="questions",
            )


@transaction.atomic
def create_questionnaire(
    *,
    actor: User,
    owner_id: int,
    purpose: str,
    fiscal_year: int,
    title_ja: str,
    title_en: str,
    questions: Sequence[QuestionInput],
) -> Questionnaire:
    """A questionnaire of the year for a purpose, with its questions, as a draft of its owner."""
    owner = Organisation.objects.get(pk=owner_id)
    probe = Questionnaire(owner=owner)
    if not can_manage(scope_of(actor), probe):
        raise PermissionDenied(_("Only the owner's staff may define this questionnaire."))
    if Questionnaire.objects.filter(purpose=purpose, fiscal_year=fiscal_year).exists():
        raise DomainError(_("This year's questionnaire already exists."), field="fiscal_year")
    _check_questions(questions)
    q = Questionnaire.objects.create(
        owner=owner, purpose=purpose, fiscal_year=fiscal_year, title_ja=title_ja, title_en=title_en
    )
    Question.objects.bulk_create(
        Question(
            questionnaire=q,
            position=n,
            key=spec.key,
            kind=spec.kind,
            label_ja=spec.label_ja,
            label_en=spec.label_en,
            required=spec.required,
            choices=[dict(c) for c in spec.choices],
        )
        for n, spec in enumerate(questions, 1)
    )
    audit.record(
        actor=actor,
        action="questionnaire.create",
        obj=q,
        organisation=owner,
        changes={"questions": [None, [s.key for s in questions]]},
    )
    return q


@transaction.atomic
def replace_questions(*, actor: User, questionnaire_id: int, questions: Sequence[QuestionInput]) -> None:
    """The questions of a questionnaire still being prepared, replaced as a whole."""
    q = get_visible(actor, Questionnaire.objects.select_for_update(), pk=questionnaire_id)
    if not can_manage(scope_of(actor), q):
        raise NotFound(_("No such record."))
    if q.status != QuestionnaireStatus.DRAFT:
        raise DomainError(_("The questions cannot change once the questionnaire is open."))
    _check_questions(questions)
    before = list(q.questions.values_list("key", flat=True))
    q.questions.all().delete()
    Question.objects.bulk_create(
        Question(
            questionnaire=q,
            position=n,
            key=s.key,
            kind=s.kind,
            label_ja=s.label_ja,
            label_en=s.label_en,
            required=s.required,
            choices=[dict(c) for c in s.choices],
        )
        for n, s in enumerate(questions, 1)
    )
    audit.record(
        actor=actor,
        action="questionnaire.questions",
        obj=q,
        organisation=q.owner_id,
        changes={"questions": [before, [s.key for s in questions]]},
    )


@transaction.atomic
def open_questionnaire(*, actor: User, questionnaire_id: int) -> Questionnaire:
    return workflow.perform(QUESTIONNAIRES, questionnaire_id, "open", actor=actor)  # type: ignore[no-any-return]


@transaction.atomic
def close_questionnaire(*, actor: User, questionnaire_id: int) -> Questionnaire:
    return workflow.perform(QUESTIONNAIRES, questionnaire_id, "close", actor=actor)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Respondent:
    organisation_id: int | None = None
    person_id: int | None = None


@transaction.atomic
def invite(
    *,
    actor: User,
    questionnaire_id: int,
    via_id: int,
    respondents: Iterable[Respondent],
    due_on: date,
) -> int:
    """Send an open questionnaire to respondents through an organisation, with a due date. A respondent
    already sent it keeps their one response (and its answers): returns the number newly invited. The stage
    decides who may be sent it (the respondents in the sender's jurisdiction) before calling."""
    q = get_visible(actor, Questionnaire.objects.select_for_update(), pk=questionnaire_id)
    if not can_send_via(scope_of(actor), via_id):
        raise NotFound(_("No such record."))
    if q.status != QuestionnaireStatus.OPEN:
        raise DomainError(_("This questionnaire is not open for answers."))
    if due_on < timezone.localdate():
        raise DomainError(_("The due date has passed."), field="due_on")
    wanted = list(dict.fromkeys(respondents))
    orgs = {r.organisation_id for r in wanted if r.organisation_id}
    persons = {r.person_id for r in wanted if r.person_id}
    have = Response.objects.filter(questionnaire=q)
    have_orgs = set(have.filter(organisation_id__in=orgs).values_list("organisation_id", flat=True))
    have_persons = set(have.filter(person_id__in=persons).values_list("person_id", flat=True))
    new = [
        Response(
            questionnaire=q,
            via_id=via_id,
            due_on=due_on,
            organisation_id=r.organisation_id,
            person_id=r.person_id,
        )
        for r in wanted
        if (r.organisation_id and r.organisation_id not in have_orgs)
        or (r.person_id and not r.organisation_id and r.person_id not in have_persons)
    ]
    created = Response.objects.bulk_create(new)
    if created and created[0].pk is None:  # a backend that does not return the ids
        created = list(Response.objects.filter(questionnaire=q, via_id=via_id).order_by("-id")[: len(new)])
    audit.record_many(
        [
            audit.event(
                actor=actor,
                action="questionnaire_response.invite",
                obj=r,
                organisation=r.organisation_id or via_id,
                person=r.person_id,
                changes={"due_on": [None, due_on.isoformat()], "via": [None, via_id]},
            )
            for r in created
        ]
    )
    return len(created)


@transaction.atomic
def answer(*, actor: User, response_id: int, answers: Mapping[str, Any], submit: bool = False) -> Response:
    """Save the respondent's answers (their one response: answering again replaces the answers) and, with
    ``submit``, submit them (the workflow's step: every required answer given). A submitted response is
    final."""
    response = get_visible(actor, Response.objects.select_for_update(), pk=response_id)
    if not can_answer(scope_of(actor), response):
        raise NotFound(_("No such record."))
    if response.status != ResponseStatus.OPEN:
        raise DomainError(_("These answers were submitted already; they can no longer change."))
    questions = list(Question.objects.filter(questionnaire_id=response.questionnaire_id))
    try:
        cleaned = clean_answers(questions, answers)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    if submit:
        response.answers = cleaned
        return workflow.perform(  # type: ignore[no-any-return]
            RESPONSES, response, "submit", actor=actor, unrecorded={"answers": cleaned}
        )
    if response.questionnaire.status != QuestionnaireStatus.OPEN:
        raise DomainError(_("This questionnaire is not open for answers."))
    before = response.answers
    response.answers = cleaned
    response.save(update_fields=["answers", "updated_at"])
    audit.record(
        actor=actor,
        action="questionnaire_response.save",
        obj=response,
        organisation=response.organisation_id or response.via_id,
        person=response.person_id,
        changes={"answered": [len(before or {}), len(cleaned)]},
    )
    return response


@transaction.atomic
def remind(*, actor: User, response_ids: Iterable[int]) -> list[Response]:
    """Mark the open responses as reminded now (the stage sends the reminder itself): those the actor may
    remind; returns them."""
    scope = scope_of(actor)
    rows = [
        r
        for r in Response.objects.select_for_update(of=("self",))
        .select_related("questionnaire")
        .filter(pk__in=list(response_ids), status=ResponseStatus.OPEN)
        if can_remind(scope, r)
    ]
    now = timezone.now()
    for r in rows:
        r.reminded_at = now
    Response.objects.bulk_update(rows, ["reminded_at"])
    audit.record_many(
        [
            audit.event(
                actor=actor,
                action="questionnaire_response.remind",
                obj=r,
                organisation=r.organisation_id or r.via_id,
                person=r.person_id,
            )
            for r in rows
        ]
    )
    return rows
