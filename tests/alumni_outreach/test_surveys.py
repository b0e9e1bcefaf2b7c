"""The alumni surveys: HQ defines and instructs, missions send to their jurisdiction, respondents answer
once, HQ reads results by region and exports them."""

from __future__ import annotations

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from jetpm.alumni.surveys import services
from jetpm.alumni.surveys.defaults import SurveyPurpose
from jetpm.core.errors import NotFound, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.questionnaires import services as engine
from jetpm.questionnaires.models import Response
from tests.alumni_outreach.helpers import DUE, uk_jurisdiction


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-06 10:00:00+09:00"):
        yield


def _open_survey(world, purpose):
    q = services.define_survey(actor=world.users["mofa.staff"], purpose=purpose, fiscal_year=2026)
    engine.open_questionnaire(actor=world.users["mofa.staff"], questionnaire_id=q.pk)
    return q


@pytest.mark.django_db
def test_only_hq_defines_and_missions_send_to_their_jurisdiction(world, django_capture_on_commit_callbacks):
    j = uk_jurisdiction(world)
    with pytest.raises(PermissionDenied):
        services.define_survey(
            actor=world.users["mission_a.staff"], purpose="alumni_status", fiscal_year=2026
        )
    q = _open_survey(world, SurveyPurpose.STATUS)
    assert "令和8年度" in q.title_ja and q.questions.count() >= 5
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_survey(
            actor=world.users["mission_a.staff"],
            questionnaire_id=q.pk,
            mission_id=world.orgs["mission_a"].pk,
            due_on=DUE,
        )
    assert sent == 4  # the four UK alumni (not the US and Australian ones of the world)
    assert set(Response.objects.filter(questionnaire=q).values_list("person_id", flat=True)) == {
        p.pk for p in j.alumni.values()
    }
    assert len(mail.outbox) == 4
    due = ("31 January 2027", "2027年1月31日")  # the due day as the recipient's language writes it
    assert all(any(d in m.body for d in due) and "2027-01-31" not in m.body for m in mail.outbox)
    with pytest.raises(NotFound):
        services.send_survey(
            actor=world.users["mission_b.staff"],
            questionnaire_id=q.pk,
            mission_id=world.orgs["mission_a"].pk,
            due_on=DUE,
        )
    # sent again: nobody gets a second response
    assert (
        services.send_survey(
            actor=world.users["mission_a.staff"],
            questionnaire_id=q.pk,
            mission_id=world.orgs["mission_a"].pk,
            due_on=DUE,
        )
        == 0
    )
    membership = _open_survey(world, SurveyPurpose.MEMBERSHIP)
    services.send_survey(
        actor=world.users["mission_a.staff"],
        questionnaire_id=membership.pk,
        mission_id=world.orgs["mission_a"].pk,
        due_on=DUE,
    )
    assert list(
        Response.objects.filter(questionnaire=membership).values_list("organisation_id", flat=True)
    ) == [j.chapter.pk]


@pytest.mark.django_db
def test_reminders_go_to_those_who_have_not_answered(world, client, django_capture_on_commit_callbacks):
    j = uk_jurisdiction(world)
    q = _open_survey(world, SurveyPurpose.STATUS)
    mission = world.orgs["mission_a"]
    services.send_survey(
        actor=world.users["mission_a.staff"], questionnaire_id=q.pk, mission_id=mission.pk, due_on=DUE
    )
    ava = Response.objects.get(questionnaire=q, person=j.alumni["ava"])
    engine.answer(
        actor=world.users["alumnus_ava"],
        response_id=ava.pk,
        answers={"sector": "education", "japan_work": True, "recommend": 5},
        submit=True,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.remind_mission(
            actor=world.users["mission_a.staff"], questionnaire_id=q.pk, mission_id=mission.pk
        )
    assert reminded == 3
    assert len(mail.outbox) == 3 and all("Reminder" in m.subject for m in mail.outbox)
    assert "ava@example.org" not in {m.to[0] for m in mail.outbox}
    # the mission's dashboard says how many have not answered
    client.force_login(world.users["mission_a.staff"])
    assert "3 respondents have not answered" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_the_alumnus_answers_on_their_page_once_and_hq_reads_results_by_region(world, client):
    j = uk_jurisdiction(world)
    q = _open_survey(world, SurveyPurpose.STATUS)
    services.send_survey(
        actor=world.users["mission_a.staff"],
        questionnaire_id=q.pk,
        mission_id=world.orgs["mission_a"].pk,
        due_on=DUE,
    )
    response = Response.objects.get(questionnaire=q, person=j.alumni["ava"])
    url = reverse("alumni:surveys:answer", kwargs={"response_id": response.pk})
    client.force_login(world.users["alumnus_ava"])
    # submitting with nothing: every required question reported at once, nothing submitted
    page = client.post(url, {"submit": "1"})
    assert page.status_code == 400
    assert page.content.decode().count('class="error"') == 3
    page = client.post(
        url, {"q-sector": "education", "q-japan_work": "yes", "q-recommend": "4", "submit": "1"}
    )
    assert page.status_code == 302
    response.refresh_from_db()
    assert response.status == "submitted" and response.answers["recommend"] == 4
    # answering again changes nothing: one answer
    assert (
        client.post(
            url, {"q-sector": "media", "q-japan_work": "no", "q-recommend": "1", "submit": "1"}
        ).status_code
        == 404
    )
    response.refresh_from_db()
    assert response.answers["sector"] == "education"
    # another alumnus may not see it
    client.force_login(world.users["alumnus_a"])
    assert client.get(url).status_code == 404
    # HQ: results and progress by region, and an audited export
    client.force_login(world.users["mofa.staff"])
    detail = client.get(reverse("alumni:surveys:detail", kwargs={"questionnaire_id": q.pk}))
    text = detail.content.decode()
    assert "1 of 4 answered (25%)" in text
    region = j.chapter.region
    filtered = client.get(
        reverse("alumni:surveys:detail", kwargs={"questionnaire_id": q.pk}), {"region": region.pk}
    )
    assert "Education: 1" in filtered.content.decode()
    export = client.get(
        reverse("alumni:surveys:export", kwargs={"questionnaire_id": q.pk}),
        {"what": "answers", "format": "csv"},
    )
    body = export.content.decode("utf-8-sig")
    assert "ALUM-AVA Ava" in body and "Education" in body
    assert AuditEvent.objects.filter(action="questionnaire.export", object_id=str(q.pk)).exists()
    xlsx = client.get(
        reverse("alumni:surveys:export", kwargs={"questionnaire_id": q.pk}), {"what": "results"}
    )
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


@pytest.mark.django_db
def test_the_chapter_officer_answers_the_membership_survey(world, client):
    j = uk_jurisdiction(world)
    q = _open_survey(world, SurveyPurpose.MEMBERSHIP)
    services.send_survey(
        actor=world.users["mission_a.staff"],
        questionnaire_id=q.pk,
        mission_id=world.orgs["mission_a"].pk,
        due_on=DUE,
    )
    response = Response.objects.get(questionnaire=q)
    client.force_login(j.officer)
    assert "JETAA" in client.get(reverse("alumni:surveys:index")).content.decode()
    url = reverse("alumni:surveys:answer", kwargs={"response_id": response.pk})
    assert client.post(url, {"q-members_regular": "120", "save": "1"}).status_code == 302
    response.refresh_from_db()
    assert response.status == "open" and response.answers == {"members_regular": 120}
    client.force_login(world.users["chapter_b.officer"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_sending_from_the_page_asks_first(world, client):
    uk_jurisdiction(world)
    q = _open_survey(world, SurveyPurpose.STATUS)
    client.force_login(world.users["mission_a.staff"])
    url = reverse("alumni:surveys:send", kwargs={"questionnaire_id": q.pk})
    data = {"mission": world.orgs["mission_a"].pk, "due_on": DUE.isoformat()}
    asked = client.post(url, data)
    body = asked.content.decode()
    assert asked.status_code == 200 and 'data-testid="confirm"' in body
    assert str(world.orgs["mission_a"]) in body and q.title in body
    assert not Response.objects.filter(questionnaire=q).exists() and not mail.outbox
    assert client.post(url, {**data, "confirmed": "yes"}).status_code == 302
    assert Response.objects.filter(questionnaire=q).count() == 4
