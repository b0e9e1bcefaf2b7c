"""The support desk's services: questions, answers, follow-ups and closing, the FAQ, consultations, and
the rules that refuse bad input with the rule named."""

from __future__ import annotations

import pytest
from django.core import mail

from jetpm.core.errors import DomainError, FieldErrors, IllegalTransition, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.support import selectors, services
from jetpm.support.models import Case, FaqEntry
from tests.world import World


def _ask(world: World, **kw: str) -> Case:
    data = {"category": "departure", "subject": "Visa", "body": "When do I apply for my visa?", **kw}
    return services.ask_question(actor=world.users["applicant_a"], **data)


@pytest.mark.django_db
def test_a_candidate_asks_and_the_mission_answers(world, django_capture_on_commit_callbacks):
    case = _ask(world)
    assert case.mission == world.orgs["mission_a"] and case.status == "open"
    with django_capture_on_commit_callbacks(execute=True):
        answered = services.answer_case(
            actor=world.users["mission_a.staff"], case_id=case.pk, body="In June, after the results."
        )
    assert answered.status == "answered" and answered.first_answered_at is not None
    assert answered.assigned_to == world.users["mission_a.staff"]
    assert [m.body for m in answered.messages.all()] == ["In June, after the results."]
    # the candidate is told by mail, without the content
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["applicant_a@example.org"]
    assert "June" not in mail.outbox[0].body and f"/support/cases/{case.pk}/" in mail.outbox[0].body
    actions = list(
        AuditEvent.objects.filter(object_type="support.Case", object_id=str(case.pk)).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["support_case.answer", "support_case.create"]


@pytest.mark.django_db
def test_an_answer_to_another_missions_question_is_refused_with_the_rule(world):
    case = _ask(world)
    with pytest.raises(PermissionDenied, match="Only the staff of the question's own mission"):
        services.answer_case(actor=world.users["mission_b.staff"], case_id=case.pk, body="Not ours.")
    case.refresh_from_db()
    assert case.status == "open" and not case.messages.exists()


@pytest.mark.django_db
def test_an_empty_answer_is_refused(world):
    case = _ask(world)
    with pytest.raises(DomainError, match="empty message") as exc:
        services.answer_case(actor=world.users["mission_a.staff"], case_id=case.pk, body="   ")
    assert exc.value.field == "body"
    case.refresh_from_db()
    assert case.status == "open" and not case.messages.exists()


@pytest.mark.django_db
def test_closing_twice_is_refused(world):
    case = _ask(world)
    services.close_case(actor=world.users["applicant_a"], case_id=case.pk)
    with pytest.raises(IllegalTransition, match="Closed"):
        services.close_case(actor=world.users["applicant_a"], case_id=case.pk)


@pytest.mark.django_db
def test_a_question_reports_every_missing_field_at_once(world):
    with pytest.raises(FieldErrors) as exc:
        _ask(world, category="", subject="", body="")
    assert {f for f, _m in exc.value.errors} == {"category", "subject", "body"}
    assert not Case.objects.filter(kind="question").exists()


@pytest.mark.django_db
def test_only_a_candidate_asks(world):
    with pytest.raises(PermissionDenied):
        services.ask_question(actor=world.users["participant_a"], category="other", subject="x", body="y")


@pytest.mark.django_db
def test_follow_up_then_answer_again(world):
    case = _ask(world)
    services.answer_case(actor=world.users["mission_a.staff"], case_id=case.pk, body="First.")
    with pytest.raises(PermissionDenied):
        services.follow_up_case(actor=world.users["mission_a.staff"], case_id=case.pk, body="Me?")
    services.follow_up_case(actor=world.users["applicant_a"], case_id=case.pk, body="And the flight?")
    case.refresh_from_db()
    assert case.status == "follow_up"
    first = case.first_answered_at
    services.answer_case(actor=world.users["mission_a.approver"], case_id=case.pk, body="Booked for you.")
    case.refresh_from_db()
    assert case.status == "answered" and case.first_answered_at == first
    assert case.messages.count() == 3


@pytest.mark.django_db
def test_publish_to_the_faq_and_the_candidates_of_that_mission_read_it(world):
    case = _ask(world)
    with pytest.raises(DomainError, match="Only an answered question"):
        services.publish_faq(
            actor=world.users["mission_a.staff"], case_id=case.pk, question="Q", answer="A", category="other"
        )
    services.answer_case(actor=world.users["mission_a.staff"], case_id=case.pk, body="In June.")
    with pytest.raises(PermissionDenied):
        services.publish_faq(
            actor=world.users["mission_b.staff"], case_id=case.pk, question="Q", answer="A", category="other"
        )
    entry = services.publish_faq(
        actor=world.users["mission_a.staff"],
        case_id=case.pk,
        question="When is the visa applied for?",
        answer="In June.",
        category="departure",
    )
    assert list(selectors.faq_for(world.users["applicant_a"])) == [entry]
    assert entry not in selectors.faq_for(world.users["mission_b.staff"])
    assert AuditEvent.objects.filter(action="support_faq.publish", object_id=str(entry.pk)).exists()
    services.withdraw_faq(actor=world.users["mission_a.staff"], faq_id=entry.pk)
    assert not FaqEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_assignment_to_the_missions_staff_only(world):
    case = _ask(world)
    with pytest.raises(DomainError, match="member of the staff"):
        services.assign_case(
            actor=world.users["mission_a.staff"],
            case_id=case.pk,
            assignee_id=world.users["mission_b.staff"].pk,
        )
    services.assign_case(
        actor=world.users["mission_a.staff"], case_id=case.pk, assignee_id=world.users["mission_a.admin"].pk
    )
    case.refresh_from_db()
    assert case.assigned_to == world.users["mission_a.admin"]
    assert AuditEvent.objects.filter(action="support_case.assign", object_id=str(case.pk)).exists()


@pytest.mark.django_db
def test_consultations_advice_by_a_co_and_counselling_by_a_participant(world):
    co = world.orgs["co_a"]
    advice = services.open_consultation(
        actor=world.users["co_a.coordinator"],
        kind="advice",
        category="contract",
        subject="Leave",
        body="How many days?",
        organisation_id=co.pk,
    )
    assert advice.organisation == co and advice.person is None
    with pytest.raises(DomainError, match="Counselling is for participants"):
        services.open_consultation(
            actor=world.users["co_a.coordinator"],
            kind="counselling",
            category="work",
            subject="x",
            body="y",
            organisation_id=co.pk,
        )
    with pytest.raises(PermissionDenied):
        services.open_consultation(
            actor=world.users["co_a.coordinator"],
            kind="advice",
            category="work",
            subject="x",
            body="y",
            organisation_id=world.orgs["co_b"].pk,
        )
    counselling = services.open_consultation(
        actor=world.users["participant_a"], kind="counselling", category="health", subject="S", body="B"
    )
    with pytest.raises(PermissionDenied, match="counsellors"):
        services.answer_case(actor=world.users["clair.staff"], case_id=counselling.pk, body="Hi")
    services.answer_case(actor=world.users["clair.counsellor"], case_id=counselling.pk, body="Let us talk.")
    services.answer_case(actor=world.users["clair.staff"], case_id=advice.pk, body="Twenty days.")
    with pytest.raises(PermissionDenied):
        services.answer_case(actor=world.users["clair.counsellor"], case_id=advice.pk, body="Hi")


@pytest.mark.django_db
def test_counselling_events_carry_no_content(world):
    case = services.open_consultation(
        actor=world.users["participant_a"],
        kind="counselling",
        category="relationships",
        subject="Trouble with my supervisor",
        body="Details that nobody else may read.",
    )
    services.answer_case(actor=world.users["clair.counsellor"], case_id=case.pk, body="Secret advice.")
    services.close_case(actor=world.users["clair.counsellor"], case_id=case.pk)
    events = AuditEvent.objects.filter(object_type="support.Case", object_id=str(case.pk))
    assert events.count() == 3
    for e in events:
        text = f"{e.object_label} {e.changes}"
        assert "supervisor" not in text and "Secret" not in text and "nobody" not in text
        assert e.organisation_id is None and e.person_id is None
