"""Every read of the local governments' voice, scoped: the organisations' own responses, and for HQ the
results by prefecture and kind of organisation (bounded queries, the grouping in the pure breakdown)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jetpm.core.errors import NotFound
from jetpm.core.models import Prefecture, User
from jetpm.core.states import COKind, OrgKind
from jetpm.evaluation.voice import breakdown
from jetpm.evaluation.voice.questions import PURPOSE
from jetpm.questionnaires import selectors as engine
from jetpm.questionnaires.answers import answer_label
from jetpm.questionnaires.models import Questionnaire, Response
from jetpm.questionnaires.states import ResponseStatus
from jetpm.questionnaires.tally import QuestionSpec


def surveys_for(user: User) -> QuerySet[Questionnaire]:
    return engine.questionnaires_for(user, purpose=PURPOSE).order_by("-fiscal_year")


def survey_of(user: User, year: int | None) -> Questionnaire | None:
    """The survey of the year (the latest when no year is given), or None."""
    qs = surveys_for(user)
    return qs.filter(fiscal_year=year).first() if year is not None else qs.first()


def my_responses(user: User) -> QuerySet[Response]:
    return engine.own_responses(user, purpose=PURPOSE)


def access_response(user: User, response_id: int, *, action: str | None = None) -> Response:
    """A response to the survey the user may see (and, with ``action="answer"``, answer); else NotFound."""
    response = engine.access_response(user, response_id, action=action)
    if response.questionnaire.purpose != PURPOSE:
        raise NotFound(_("No such record."))
    return response


def kind_key(kind: str, co_kind: str) -> str:
    return "host_org" if kind == OrgKind.HOST_ORG else (co_kind or "other")


def kind_label(key: str) -> str:
    if key == "host_org":
        return str(OrgKind.HOST_ORG.label)
    labels = dict(COKind.choices)
    return str(labels.get(key, _("Other")))


@dataclass(frozen=True)
class Breakdown:
    by_prefecture: list[tuple[str, breakdown.Group]]
    by_kind: list[tuple[str, breakdown.Group]]
    total: breakdown.Group


def _specs(questionnaire: Questionnaire) -> list[QuestionSpec]:
    return [
        QuestionSpec(q.key, q.kind, tuple(v for v, _l in q.choice_labels()))
        for q in engine.questions_of(questionnaire)
    ]


def filtered(
    user: User, questionnaire: Questionnaire, *, kind: str = "", prefecture: int | None = None
) -> QuerySet[Response]:
    qs = engine.responses_for(user, questionnaire).filter(organisation__isnull=False)
    if kind == "host_org":
        qs = qs.filter(organisation__kind=OrgKind.HOST_ORG)
    elif kind:
        qs = qs.filter(organisation__kind=OrgKind.CONTRACTING_ORG, organisation__co_kind=kind)
    if prefecture is not None:
        qs = qs.filter(organisation__prefecture_id=prefecture)
    return qs


def results_by_group(user: User, questionnaire: Questionnaire, responses: QuerySet[Response]) -> Breakdown:
    """Invited, answered and the answers' averages by prefecture and by kind of organisation: two queries
    (the questions; the responses' prefecture, kind, status and answers) plus the prefectures' names."""
    specs = _specs(questionnaire)
    rows = list(
        responses.order_by().values_list(
            "organisation__prefecture_id", "organisation__kind", "organisation__co_kind", "status", "answers"
        )
    )
    names = {p.pk: p.name for p in Prefecture.objects.filter(pk__in={r[0] for r in rows if r[0]})}
    prefs = Prefecture.objects.filter(pk__in=names).order_by("code").values_list("pk", flat=True)
    order = {pk: n for n, pk in enumerate(prefs)}
    submitted = ResponseStatus.SUBMITTED
    by_pref = breakdown.group(specs, ((r[0], r[3] == submitted, r[4]) for r in rows))
    by_pref.sort(key=lambda g: order.get(g.key, len(order)) if isinstance(g.key, int) else len(order))
    by_kind = breakdown.group(specs, ((kind_key(r[1], r[2]), r[3] == submitted, r[4]) for r in rows))
    kinds = [*COKind.values, "host_org", "other"]
    by_kind.sort(key=lambda g: kinds.index(str(g.key)))
    total = breakdown.group(specs, ((None, r[3] == submitted, r[4]) for r in rows))
    return Breakdown(
        by_prefecture=[
            ((names.get(g.key, "") if isinstance(g.key, int) else "") or _("No prefecture"), g)
            for g in by_pref
        ],
        by_kind=[(kind_label(str(g.key)), g) for g in by_kind],
        total=total[0] if total else breakdown.Group(None),
    )


def results(questionnaire: Questionnaire, responses: QuerySet[Response]) -> list[engine.Outcome]:
    return engine.results(questionnaire, responses)


@dataclass(frozen=True)
class Request:
    organisation: str
    prefecture: str
    text: str


def requests_of(responses: QuerySet[Response]) -> list[Request]:
    """The requests the organisations stated (the text answers), with who stated them: one query."""
    rows = (
        responses.filter(status=ResponseStatus.SUBMITTED)
        .select_related("organisation__prefecture")
        .order_by("organisation__prefecture__code", "organisation__code")
    )
    out = []
    for r in rows:
        text = (r.answers or {}).get("requests")
        if text and r.organisation is not None:
            pref = r.organisation.prefecture
            out.append(Request(r.organisation.name, pref.name if pref else "", str(text)))
    return out


def export_rows(questionnaire: Questionnaire, responses: QuerySet[Response]) -> Iterator[list[Any]]:
    """One row per submitted response: the prefecture, the kind and the organisation, the day submitted,
    then each answer as a person reads it (two queries)."""
    questions = engine.questions_of(questionnaire)
    yield [
        _("Prefecture"),
        _("Kind of organisation"),
        _("Organisation"),
        _("Submitted"),
        *[q.label for q in questions],
    ]
    rows = (
        responses.filter(status=ResponseStatus.SUBMITTED, organisation__isnull=False)
        .select_related("organisation__prefecture")
        .order_by("organisation__prefecture__code", "organisation__code")
    )
    for r in rows.iterator(chunk_size=2000):
        org = r.organisation
        assert org is not None
        answers = r.answers or {}
        yield [
            org.prefecture.name if org.prefecture else "",
            kind_label(kind_key(org.kind, org.co_kind)),
            org.name,
            r.submitted_at.date().isoformat() if r.submitted_at else "",
            *[answer_label(q, answers.get(q.key)) for q in questions],
        ]
