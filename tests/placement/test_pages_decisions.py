"""Pages of placement's irreversible and failing steps (issue 10, A2 and A3): publishing asks for
confirmation naming whom it notifies; a year with nothing to place is refused on the page; a failed run says
why and stops polling."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from jetpm.applications.models import Application
from jetpm.placement.models import PlacementRun
from jetpm.placement.services import runs
from jetpm.placement.states import RunStatus
from tests.placement.workflow_support import YEAR, small_year, solved

pytestmark = pytest.mark.django_db


def test_publish_asks_for_confirmation_saying_who_is_notified(
    world, client, django_capture_on_commit_callbacks
):
    small_year(world)
    run = solved(world)
    client.force_login(world.users["clair.staff"])
    url = reverse("placement:run_publish", kwargs={"run_id": run.pk})
    page = client.post(url)
    body = page.content.decode()
    run.refresh_from_db()
    assert page.status_code == 200 and run.status == RunStatus.READY and not mail.outbox
    assert 'data-testid="confirm"' in body
    assert "4 placement notices to participants" in body and "cannot be undone" in body
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirmed": "yes"})
    run.refresh_from_db()
    assert done.status_code == 302 and run.status == RunStatus.PUBLISHED


def test_a_second_publication_is_refused_on_the_page(world, client):
    small_year(world)
    clair = world.users["clair.staff"]
    first, second = solved(world), solved(world)
    runs.publish_run(actor=clair, run_id=first.pk)
    client.force_login(clair)
    url = reverse("placement:run_publish", kwargs={"run_id": second.pk})
    page = client.post(url, {"confirmed": "yes"}, follow=True)
    assert "already been published" in page.content.decode()
    detail = client.get(reverse("placement:run", kwargs={"run_id": second.pk})).content.decode()
    assert 'data-testid="run-publish"' not in detail


def test_a_year_without_candidates_is_refused_on_the_page(world, client):
    client.force_login(world.users["clair.staff"])
    page = client.post(reverse("placement:home"), {"intake_year": 2031, "mode": "optimal"}, follow=True)
    assert "no accepted candidates" in page.content.decode()
    assert not PlacementRun.objects.exists()


def test_a_failed_run_says_why_and_stops_polling(world, client):
    small_year(world)
    clair = world.users["clair.staff"]
    run = runs.create_run(actor=clair, intake_year=YEAR, mode="optimal")
    runs.start_run(actor=clair, run_id=run.pk)
    Application.objects.filter(intake_year=YEAR).update(status="withdrawn")  # nobody left when it runs
    runs.execute(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    client.force_login(clair)
    fragment = client.get(
        reverse("placement:run_progress", kwargs={"run_id": run.pk}), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "no accepted candidates" in fragment
    assert "hx-trigger" not in fragment and "<progress" not in fragment
    page = client.get(reverse("placement:run", kwargs={"run_id": run.pk})).content.decode()
    assert "no accepted candidates" in page and "<progress" not in page and "hx-trigger" not in page
