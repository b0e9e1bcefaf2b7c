"""Every read of the questionnaire engine, scoped through jetpm.core.scoping."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from jetpm.core.access import access
from jetpm.core.models import User
from jetpm.core.scoping import visible_to
from jetpm.questionnaires.answers import answer_label
from jetpm.questionnaires.models import Question, Questionnaire, Response
from jetpm.questionnaires.states import ResponseStatus
from jetpm.questionnaires.tally import QuestionResult, QuestionSpec, tally
from jetpm.questionnaires.workflows import QUESTIONNAIRE_ACTIONS, RESPONSE_ACTIONS


def questionnaires_for(user: User, *, purpose: str | None = None) -> QuerySet[Questionnaire]:
    qs = visible_to(user, Questionnaire).select_related("owner")
    return qs.filter(purpose=purpose) if purpose else qs


def access_questionnaire(user: User, questionnaire_id: int, *, action: str | None = None) -> Questionnaire:
    """A questionnaire the user may see and, with ``action`` (``"manage"``, ``"open"``, ``"close"``), act on;
    else :class:`NotFound`."""
    return access(
        user,
        Questionnaire.objects.select_related("owner"),
        action=action,
        actions=QUESTIONNAIRE_ACTIONS,
        pk=questionnaire_id,
    )


def access_response(user: User, response_id: int, *, action: str | None = None) -> Response:
    """A response the user may see and, with ``action`` (``"answer"``, ``"submit"``, ``"remind"``), act on."""
    return access(
        user,
        Response.objects.select_related("questionnaire", "organisation", "person", "via"),
        action=action,
        actions=RESPONSE_ACTIONS,
        pk=response_id,
    )


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    return list(questionnaire.questions.order_by("position", "id"))


def responses_for(user: User, questionnaire: Questionnaire) -> QuerySet[Response]:
    """The responses of the questionnaire the user may see (the sender's, the owner's: all of theirs)."""
    return (
        visible_to(user, Response)
        .filter(questionnaire=questionnaire)
        .select_related("organisation", "person", "via")
        .order_by("via__code", "organisation__code", "person__family_name", "id")
    )


def own_responses(user: User, *, purpose: str | None = None) -> QuerySet[Response]:
    """The responses the user answers (as the person, or for their organisation), newest year first."""
    from jetpm.core.scoping import scope_of

    scope = scope_of(user)
    mine = Q(pk__in=[])
    if scope.person_id is not None:
        mine |= Q(person_id=scope.person_id)
    if scope.org_ids:
        mine |= Q(organisation_id__in=scope.org_ids)
    qs = visible_to(user, Response).filter(mine).exclude(questionnaire__status="draft")
    if purpose:
        qs = qs.filter(questionnaire__purpose=purpose)
    return qs.select_related("questionnaire", "organisation", "person").order_by(
        "-questionnaire__fiscal_year", "id"
    )


@dataclass(frozen=True)
class Progress:
    key: Any
    invited: int
    answered: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0


def progress(responses: QuerySet[Response], *, by: str = "via") -> list[Progress]:
    """Invited and answered, grouped by a field of the response (``"via"``, ``"organisation__region"``…):
    one query."""
    rows = (
        responses.order_by()
        .values(by)
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(status=ResponseStatus.SUBMITTED)))
        .order_by(by)
    )
    return [Progress(r[by], r["invited"], r["answered"]) for r in rows]


def totals(responses: QuerySet[Response]) -> Progress:
    row = responses.order_by().aggregate(
        invited=Count("id"), answered=Count("id", filter=Q(status=ResponseStatus.SUBMITTED))
    )
    return Progress(None, row["invited"], row["answered"])


@dataclass(frozen=True)
class Outcome:
    """A question, its aggregate, and its counts labelled in the reader's language."""

    question: Question
    result: QuestionResult
    labelled: list[tuple[str, int]]


def results(questionnaire: Questionnaire, responses: QuerySet[Response]) -> list[Outcome]:
    """Each question with its aggregate over the submitted responses given (two queries, whatever the
    number of responses)."""
    questions = questions_of(questionnaire)
    specs = [QuestionSpec(q.key, q.kind, tuple(v for v, _l in q.choice_labels())) for q in questions]
    answers = responses.filter(status=ResponseStatus.SUBMITTED).order_by().values_list("answers", flat=True)
    out = []
    for q, r in zip(questions, tally(specs, answers.iterator(chunk_size=2000)), strict=True):
        labelled = [(_choice_label(q, value), count) for value, count in r.counts.items()]
        out.append(Outcome(q, r, labelled))
    return out


def _choice_label(question: Question, value: str) -> str:
    if question.kind == "yes_no":
        return answer_label(question, value == "yes")
    return dict(question.choice_labels()).get(value, value)


def answer_rows(
    questionnaire: Questionnaire, responses: QuerySet[Response], *, headers: list[str]
) -> Iterator[list[Any]]:
    """One row per submitted response for an export: ``headers`` (three, translated by the caller: the
    respondent, the sender, the day submitted), then each question's label; values as a person reads them."""
    questions = questions_of(questionnaire)
    yield [*headers, *[q.label for q in questions]]
    for r in responses.filter(status=ResponseStatus.SUBMITTED).iterator(chunk_size=2000):
        respondent = r.organisation.name if r.organisation is not None else str(r.person)
        yield [
            respondent,
            r.via.name,
            r.submitted_at.date().isoformat() if r.submitted_at else "",
            *[answer_label(q, (r.answers or {}).get(q.key)) for q in questions],
        ]


def result_rows(rows: list[Outcome], *, headers: list[str]) -> Iterator[list[Any]]:
    """The aggregate as a table (``headers``: six, translated by the caller): question, answered, choice,
    count, total, average — one line per choice, or one with the total and average."""
    yield headers
    for row in rows:
        q, r = row.question, row.result
        if row.labelled:
            for label, count in row.labelled:
                yield [q.label, r.answered, label, count, "", ""]
        elif r.total is not None:
            yield [q.label, r.answered, "", "", r.total, r.average if r.average is not None else ""]
        else:
            yield [q.label, r.answered, "", "", "", ""]
