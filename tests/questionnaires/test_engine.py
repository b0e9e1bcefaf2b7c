"""The questionnaire engine: one response per respondent, required answers, every error at once,
aggregation, scoping."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from jetpm.core.errors import DomainError, FieldErrors, NotFound
from jetpm.core.models import AuditEvent
from jetpm.questionnaires import selectors, services
from jetpm.questionnaires.answers import AnswerForm
from jetpm.questionnaires.models import Response
from jetpm.questionnaires.services import QuestionInput, Respondent
from jetpm.questionnaires.tally import QuestionSpec, progress, tally


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-06 10:00:00+09:00"):
        yield


QUESTIONS = [
    QuestionInput("members", "number", "会員数", "Members", required=True),
    QuestionInput(
        "kind",
        "single",
        "種類",
        "Kind",
        required=True,
        choices=[{"value": "a", "ja": "甲", "en": "A"}, {"value": "b", "ja": "乙", "en": "B"}],
    ),
    QuestionInput("events", "multiple", "行事", "Events", choices=[{"value": "x", "ja": "X", "en": "X"}]),
    QuestionInput("ok", "yes_no", "満足", "Satisfied", required=True),
    QuestionInput("score", "scale", "評価", "Score"),
    QuestionInput("note", "text", "備考", "Note"),
]


def _open(world, *, owner="mofa", user="mofa.staff"):
    q = services.create_questionnaire(
        actor=world.users[user],
        owner_id=world.orgs[owner].pk,
        purpose="test_purpose",
        fiscal_year=2026,
        title_ja="調査",
        title_en="Survey",
        questions=QUESTIONS,
    )
    services.open_questionnaire(actor=world.users[user], questionnaire_id=q.pk)
    return q


@pytest.mark.django_db
def test_one_response_per_respondent_and_answering_twice_keeps_one(world):
    q = _open(world)
    mission = world.users["mission_a.staff"]
    chapter = world.orgs["chapter_a"]
    who = [Respondent(organisation_id=chapter.pk), Respondent(person_id=world.persons["alumnus_a"].pk)]
    assert (
        services.invite(
            actor=mission,
            questionnaire_id=q.pk,
            via_id=world.orgs["mission_a"].pk,
            respondents=who,
            due_on=date(2027, 1, 31),
        )
        == 2
    )
    assert (
        services.invite(
            actor=mission,
            questionnaire_id=q.pk,
            via_id=world.orgs["mission_a"].pk,
            respondents=who,
            due_on=date(2027, 1, 31),
        )
        == 0
    )
    assert Response.objects.filter(questionnaire=q).count() == 2
    alumnus = world.users["alumnus_a"]
    response = Response.objects.get(questionnaire=q, person=world.persons["alumnus_a"])
    services.answer(actor=alumnus, response_id=response.pk, answers={"members": 3, "kind": "a", "ok": True})
    services.answer(
        actor=alumnus, response_id=response.pk, answers={"members": 5, "kind": "b", "ok": False}, submit=True
    )
    response.refresh_from_db()
    assert response.status == "submitted" and response.answers["members"] == 5
    assert Response.objects.filter(questionnaire=q, person=world.persons["alumnus_a"]).count() == 1
    with pytest.raises(DomainError):
        services.answer(actor=alumnus, response_id=response.pk, answers={"members": 9}, submit=True)
    assert AuditEvent.objects.filter(
        action="questionnaire_response.submit", object_id=str(response.pk)
    ).exists()


@pytest.mark.django_db
def test_required_answers_are_all_reported_at_once(world):
    q = _open(world)
    services.invite(
        actor=world.users["mission_a.staff"],
        questionnaire_id=q.pk,
        via_id=world.orgs["mission_a"].pk,
        respondents=[Respondent(person_id=world.persons["alumnus_a"].pk)],
        due_on=date(2027, 1, 31),
    )
    response = Response.objects.get(questionnaire=q)
    with pytest.raises(FieldErrors) as caught:
        services.answer(actor=world.users["alumnus_a"], response_id=response.pk, answers={}, submit=True)
    assert [f for f, _m in caught.value.errors] == ["members", "kind", "ok"]
    response.refresh_from_db()
    assert response.status == "open"
    form = AnswerForm({"q-members": "-1", "q-score": "9"}, questions=selectors.questions_of(q))
    assert not form.is_valid()
    assert set(form.errors) == {"members", "kind", "ok", "score"}
    draft = AnswerForm({}, questions=selectors.questions_of(q), required=False)
    assert draft.is_valid() and draft.answers() == {}


@pytest.mark.django_db
def test_others_cannot_answer_and_out_of_scope_is_not_found(world):
    q = _open(world)
    services.invite(
        actor=world.users["mission_a.staff"],
        questionnaire_id=q.pk,
        via_id=world.orgs["mission_a"].pk,
        respondents=[Respondent(organisation_id=world.orgs["chapter_a"].pk)],
        due_on=date(2027, 1, 31),
    )
    response = Response.objects.get(questionnaire=q)
    for name in ("chapter_b.officer", "mission_b.staff", "alumnus_a"):
        with pytest.raises(NotFound):
            services.answer(actor=world.users[name], response_id=response.pk, answers={"members": 1})
    services.answer(actor=world.users["chapter_a.officer"], response_id=response.pk, answers={"members": 1})
    with pytest.raises(NotFound):
        selectors.access_response(world.users["mission_b.staff"], response.pk)
    assert selectors.access_response(world.users["mission_a.staff"], response.pk) == response
    with pytest.raises(NotFound):  # a mission may not send through another's organisation
        services.invite(
            actor=world.users["mission_b.staff"],
            questionnaire_id=q.pk,
            via_id=world.orgs["mission_a"].pk,
            respondents=[Respondent(organisation_id=world.orgs["chapter_b"].pk)],
            due_on=date(2027, 1, 31),
        )


@pytest.mark.django_db
def test_results_aggregate_the_submitted_answers(world):
    q = _open(world)
    mission = world.orgs["mission_a"]
    services.invite(
        actor=world.users["mission_a.staff"],
        questionnaire_id=q.pk,
        via_id=mission.pk,
        respondents=[
            Respondent(organisation_id=world.orgs["chapter_a"].pk),
            Respondent(person_id=world.persons["alumnus_a"].pk),
        ],
        due_on=date(2027, 1, 31),
    )
    org_resp = Response.objects.get(questionnaire=q, organisation__isnull=False)
    services.answer(
        actor=world.users["chapter_a.officer"],
        response_id=org_resp.pk,
        answers={"members": 10, "kind": "a", "ok": True, "score": 4, "events": ["x"]},
        submit=True,
    )
    person_resp = Response.objects.get(questionnaire=q, person__isnull=False)
    services.answer(actor=world.users["alumnus_a"], response_id=person_resp.pk, answers={"members": 99})
    responses = selectors.responses_for(world.users["mofa.staff"], q)
    rows = {o.question.key: o for o in selectors.results(q, responses)}
    assert (
        rows["members"].result.total == 10 and rows["members"].result.answered == 1
    )  # the draft not counted
    assert rows["kind"].labelled == [("A", 1), ("B", 0)]
    assert rows["ok"].labelled == [("Yes", 1), ("No", 0)]
    [p] = selectors.progress(responses)
    assert (p.invited, p.answered, p.percent) == (2, 1, 50)


def test_tally_is_pure_arithmetic():
    specs = [
        QuestionSpec("n", "number"),
        QuestionSpec("c", "single", ("a", "b")),
        QuestionSpec("m", "multiple", ("x", "y")),
    ]
    answers = [
        {"n": 2, "c": "a", "m": ["x", "y"]},
        {"n": 3.5, "c": "a", "m": ["y"]},
        {"n": None, "c": ""},
        {},
    ]
    n, c, m = tally(specs, answers)
    assert (n.answered, n.total, n.average) == (2, 5.5, 2.75)
    assert c.counts == {"a": 2, "b": 0} and c.answered == 2
    assert m.counts == {"x": 1, "y": 2}
    assert progress(["submitted", "open", "open", "submitted"]) == (4, 2, 50)
