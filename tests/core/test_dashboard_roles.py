"""The home dashboard's "next tasks" tell each role what actually waits for it (the small world, time frozen).

On 6 December 2026 the requests for the 2027 intake are being collected (October 2026 – February 2027) and
its screening runs (December – February); the 2027 intake has closed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.utils import translation

from jetpm.applications.models import Application
from jetpm.applications.states import ApplicationStatus
from jetpm.core import selectors
from jetpm.core.dashboard import tasks_for
from jetpm.planning.models import CountryPlan, PlacementRequest
from jetpm.planning.services import requests as request_services
from jetpm.planning.states import PlanStatus, RequestStatus
from jetpm.screening.models import Assignment
from tests.planning.requests_helpers import draft_with_line

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 6)


def titles(world: Any, username: str, day: date = TODAY) -> list[str]:
    user = world.users[username]
    with time_machine.travel(day, tick=False), translation.override("en"):
        return [t.title for t in tasks_for(user, day, selectors.windows_on(user, day))]


def has(tasks: list[str], text: str) -> bool:
    return any(text in t for t in tasks)


def test_agencies_on_the_day(world):
    mic, clair, mofa, mext = (
        titles(world, u) for u in ("mic.staff", "clair.staff", "mofa.staff", "mext.staff")
    )
    for tasks in (mic, clair):
        assert has(tasks, "Requests for FY2027 are being collected until"), tasks
        assert not has(tasks, "screening"), tasks
    assert has(mofa, "Finish screening and interviews for FY2027 by") and not has(mofa, "Requests"), mofa
    assert mext == []
    for tasks in (mic, clair, mofa, mext):
        assert not has(tasks, "Submit the requests"), tasks


def test_the_council_is_told_a_plan_waits_for_its_approval(world):
    assert titles(world, "council.approver") == []
    plan = CountryPlan.objects.create(intake_year=2027, version=1, status=PlanStatus.PROPOSED)
    CountryPlan.objects.create(intake_year=2028, version=1, status=PlanStatus.DRAFT)
    tasks = titles(world, "council.approver")
    assert tasks == ["The country plan for FY2027 (version 1) waits for your approval"]
    # only the Council's approvers: the drafters are not asked to approve it
    assert not has(titles(world, "mic.staff"), "waits for your approval")
    plan.status = PlanStatus.APPROVED
    plan.save()
    assert titles(world, "council.approver") == []


def test_the_mission_screens(world):
    tasks = titles(world, "mission_a.staff")
    assert has(tasks, "Finish screening and interviews for FY2027 by"), tasks
    assert not has(tasks, "Requests") and not has(tasks, "Submit"), tasks


def test_a_panelist_gets_one_true_line(world):
    # the world's panel A has one application assigned, not yet ready for review: nothing to do, nothing else
    tasks = titles(world, "panelist_a")
    assert tasks == [], tasks
    # ready for review: the reviews to do, and nothing saying that nothing is assigned
    Application.objects.filter(assignment__panel__members__user=world.users["panelist_a"]).update(
        status=ApplicationStatus.ELIGIBLE
    )
    tasks = titles(world, "panelist_a")
    assert tasks == ["1 application waits for your review"], tasks
    # nothing assigned to the panel for the intake being screened
    Assignment.objects.filter(panel__members__user=world.users["panelist_a"]).delete()
    tasks = titles(world, "panelist_a")
    assert tasks == ["No applications of FY2027 are assigned to your panel yet."], tasks


def test_the_contracting_organisation_is_asked_only_while_its_request_is_not_in(world):
    tasks = titles(world, "co_a.coordinator")
    assert has(tasks, "Submit the requests for FY2027 by 28 February 2027"), tasks
    with time_machine.travel(date(2026, 11, 20), tick=False):
        req = draft_with_line(world)
    assert has(titles(world, "co_a.coordinator"), "Submit the requests for FY2027"), "a draft is not in"
    with time_machine.travel(date(2026, 11, 21), tick=False):
        request_services.submit_request(actor=world.users["co_a.coordinator"], request_id=req.pk)
    assert not has(titles(world, "co_a.coordinator"), "Submit the requests"), "submitted"
    PlacementRequest.objects.filter(pk=req.pk).update(status=RequestStatus.RETURNED, return_reason="x")
    tasks = titles(world, "co_a.coordinator")
    assert has(tasks, "Your request for FY2027 was returned: correct it and submit it again by"), tasks
    # after the window nothing is asked
    assert not has(titles(world, "co_a.coordinator", date(2027, 3, 10)), "request")


def test_the_host_organisation_forwards_and_chases_but_submits_nothing(world):
    tasks = titles(world, "host_a.coordinator")
    assert not has(tasks, "Submit the requests"), tasks
    assert has(tasks, "2 contracting organisations have not submitted their requests for FY2027 yet"), tasks
    with time_machine.travel(date(2026, 11, 20), tick=False):
        req = draft_with_line(world)
        request_services.submit_request(actor=world.users["co_a.coordinator"], request_id=req.pk)
    tasks = titles(world, "host_a.coordinator")
    assert has(tasks, "1 submitted requests of FY2027 wait for you to forward them to MIC/CLAIR"), tasks
    assert has(tasks, "1 contracting organisation has not submitted its requests for FY2027 yet"), tasks
    # the other host organisation's area is not its business
    assert not has(titles(world, "host_b.coordinator"), "submitted requests"), "host_b"
    with time_machine.travel(date(2026, 11, 22), tick=False):
        request_services.forward_request(actor=world.users["host_a.coordinator"], request_id=req.pk)
    assert not has(titles(world, "host_a.coordinator"), "wait for you to forward"), "forwarded"
    assert has(titles(world, "clair.staff"), "1 forwarded request of FY2027 waits for acceptance")


def test_persons_are_told_only_what_concerns_them(world):
    # during the intake (mission A's closes on 13 November, the programme's on 30 November)
    day = date(2026, 10, 15)
    assert not has(titles(world, "participant_a", day), "Applications for"), "a serving participant"
    assert not has(titles(world, "applicant_a", day), "Applications for"), "already applied for FY2027"
    assert has(titles(world, "alumnus_a", day), "Applications for FY2027 are open until")
    # on the day the intake is closed: nobody is told applications are open
    for name in ("participant_a", "applicant_a", "alumnus_a"):
        assert not has(titles(world, name), "Applications for"), name


def test_results_and_predeparture_are_mofas_and_the_missions(world):
    march = date(2027, 3, 15)  # results (March – May) and the orientation before the April arrivals
    mofa = titles(world, "mofa.staff", march)
    assert has(mofa, "Publish the results for FY2027 by") and has(mofa, "pre-departure orientation"), mofa
    mission = titles(world, "mission_a.staff", march)
    assert has(mission, "pre-departure orientation for the April arrivals of FY2027"), mission
    assert not has(mission, "Publish the results"), mission
    for name in ("mext.staff", "clair.staff", "mic.staff", "council.approver", "co_a.coordinator"):
        tasks = titles(world, name, march)
        assert not has(tasks, "Publish the results") and not has(tasks, "pre-departure"), (name, tasks)
    june = date(2027, 6, 15)
    for name in ("mext.staff", "clair.staff", "co_a.coordinator", "host_a.coordinator"):
        assert not has(titles(world, name, june), "pre-departure"), name
    assert has(titles(world, "mission_a.staff", june), "Prepare pre-departure orientation for FY2027")
    april = date(2027, 4, 10)
    assert has(titles(world, "co_a.coordinator", april), "April arrivals of FY2027 until")
    assert has(titles(world, "clair.staff", april), "April arrivals of FY2027 until")
    assert not has(titles(world, "mission_a.staff", april), "arrivals")


def test_every_other_role_of_the_world(world):
    # a JETAA chapter has nothing in the recruitment calendar; the mission's approver and administrator
    # share its screening; the superuser is not asked to do anyone's work
    assert titles(world, "chapter_a.officer") == []
    for name in ("mission_a.approver", "mission_a.admin", "mission_b.admin"):
        assert titles(world, name) == ["Finish screening and interviews for FY2027 by 28 February 2027"], name
    assert titles(world, "superuser") == []


def test_an_applicant_invited_to_an_interview_is_told_when(world):
    from datetime import UTC, datetime

    from jetpm.screening.models import Interview

    interview = Interview.objects.get(application__person=world.persons["applicant_a"])
    Application.objects.filter(pk=interview.application_id).update(status=ApplicationStatus.INTERVIEW)
    assert not has(titles(world, "applicant_a"), "interview"), "not invited yet"
    interview.invited_at = datetime(2026, 12, 4, 11, 0, tzinfo=UTC)
    interview.save()
    tasks = titles(world, "applicant_a")
    assert has(tasks, "Prepare for your interview on 20 January 2027"), tasks
    # after the day of the interview, nothing more to prepare
    assert not has(titles(world, "applicant_a", date(2027, 1, 21)), "interview")
