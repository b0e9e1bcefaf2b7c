"""Pages of placement: CLAIR's review and adjustment, the organisations' and participants' views, scoping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jetpm.placement.models import PlacementRun
from jetpm.placement.services import runs
from jetpm.placement.states import RunStatus
from tests.pdf_support import assert_embeds_fonts_and_shows
from tests.placement.workflow_support import YEAR, candidate, small_year, solved

pytestmark = pytest.mark.django_db


def test_clair_builds_and_runs_from_the_page(world, client, django_capture_on_commit_callbacks):
    small_year(world)
    client.force_login(world.users["clair.staff"])
    assert client.get(reverse("placement:home")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("placement:home"), {"intake_year": YEAR, "mode": "optimal"})
    run = PlacementRun.objects.get()
    assert response.status_code == 302 and run.status == RunStatus.READY
    page = client.get(reverse("placement:run", kwargs={"run_id": run.pk}))
    body = page.content.decode()
    assert 'data-testid="run-summary"' in body and 'data-testid="pref-21"' in body
    fragment = client.get(
        reverse("placement:run_progress", kwargs={"run_id": run.pk}), HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200 and fragment["HX-Refresh"] == "true"


def test_progress_fragment_polls_while_running(world, client):
    small_year(world)
    clair = world.users["clair.staff"]
    run = runs.create_run(actor=clair, intake_year=YEAR, mode="optimal")
    runs.start_run(actor=clair, run_id=run.pk)  # on_commit never runs here: stays queued
    client.force_login(clair)
    body = client.get(reverse("placement:run", kwargs={"run_id": run.pk})).content.decode()
    assert 'hx-trigger="every 2s"' in body and "<progress" in body


def test_mic_reads_but_cannot_change(world, client):
    small_year(world)
    run = solved(world)
    client.force_login(world.users["mic.staff"])
    assert client.get(reverse("placement:run", kwargs={"run_id": run.pk})).status_code == 200
    assert client.get(reverse("placement:run_adjust", kwargs={"run_id": run.pk})).status_code == 404
    client.post(reverse("placement:run_publish", kwargs={"run_id": run.pk}))
    run.refresh_from_db()
    assert run.status == RunStatus.READY


def test_adjust_preview_then_save(world, client):
    p = small_year(world)
    run = solved(world)
    client.force_login(world.users["clair.staff"])
    url = reverse("placement:run_adjust", kwargs={"run_id": run.pk})
    assert client.get(url + f"?application={p.apps['a'].reference}").status_code == 200
    data = {"action": "unplace", "application": p.apps["a"].reference, "reason": ""}
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200 and 'data-testid="preview"' in preview.content.decode()
    assert run.placements.get(application=p.apps["a"]).contracting_org_id is not None
    refused = client.post(url, {**data, "save": "1"}, follow=True)
    assert "A reason is required." in refused.content.decode()
    client.post(url, {**data, "reason": "health", "save": "1"})
    assert run.placements.get(application=p.apps["a"]).contracting_org_id is None


def test_organisations_see_only_their_own_placements(world, client):
    p = small_year(world)
    run = solved(world)
    runs.publish_run(actor=world.users["clair.staff"], run_id=run.pk)
    co_b_refs = set(
        run.placements.filter(contracting_org=world.orgs["co_b"]).values_list(
            "application__reference", flat=True
        )
    )
    a_app = run.placements.filter(contracting_org=world.orgs["co_a"]).first().application
    client.force_login(world.users["co_b.coordinator"])
    body = client.get(reverse("placement:mine")).content.decode()
    for ref in co_b_refs:
        assert ref in body
    assert a_app.reference not in body
    assert client.get(reverse("placement:notice", kwargs={"application_id": a_app.pk})).status_code == 404
    assert client.get(reverse("placement:run", kwargs={"run_id": run.pk})).status_code == 404
    client.force_login(world.users["co_a.coordinator"])
    response = client.get(reverse("placement:notice", kwargs={"application_id": a_app.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_embeds_fonts_and_shows(response.content, "配属先通知書", a_app.reference)
    # the participant sees their own notice, never another's
    own = p.apps["a"]
    client.force_login(p.users["a"])
    assert client.get(reverse("placement:notice", kwargs={"application_id": own.pk})).content.startswith(
        b"%PDF"
    )
    other = p.apps["b"]
    assert client.get(reverse("placement:notice", kwargs={"application_id": other.pk})).status_code == 404
    mine = client.get(reverse("placement:mine")).content.decode()
    assert 'data-testid="decline-form"' in mine and other.reference not in mine


def test_participant_declines_from_the_portal(world, client):
    p = small_year(world)
    run = solved(world)
    runs.publish_run(actor=world.users["clair.staff"], run_id=run.pk)
    client.force_login(p.users["a"])
    url = reverse("placement:decline", kwargs={"application_id": p.apps["a"].pk})
    ask = client.post(url, {"reason": "a job offer at home"}).content.decode()
    p.apps["a"].refresh_from_db()
    assert p.apps["a"].status == "accepted" and "bars applying next year" in ask
    client.post(url, {"reason": "a job offer at home", "confirmed": "yes"})
    p.apps["a"].refresh_from_db()
    assert p.apps["a"].status == "withdrawn"
    client.force_login(world.users["clair.staff"])
    body = client.get(reverse("placement:run", kwargs={"run_id": run.pk})).content.decode()
    assert 'data-testid="run-declines"' in body and "a job offer at home" in body


def test_review_pages_run_bounded_queries(world, client, django_assert_max_num_queries):
    small_year(world)
    for i in range(30):
        candidate(world, f"q{i}", ["21", "17", "13"])
    run = solved(world)
    client.force_login(world.users["clair.staff"])
    for name in ("run", "run_placed", "run_unplaced", "run_organisations"):
        with django_assert_max_num_queries(20):
            assert client.get(reverse(f"placement:{name}", kwargs={"run_id": run.pk})).status_code == 200
    with django_assert_max_num_queries(20):
        url = reverse(
            "placement:run_organisation", kwargs={"run_id": run.pk, "organisation_id": world.orgs["co_a"].pk}
        )
        assert client.get(url).status_code == 200
    runs.publish_run(actor=world.users["clair.staff"], run_id=run.pk)
    client.force_login(world.users["co_a.coordinator"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("placement:mine")).status_code == 200


def test_japanese_pages(world, client):
    small_year(world)
    run = solved(world)
    user = world.users["clair.staff"]
    user.language = "ja"
    user.save()
    client.force_login(user)
    response = client.get(reverse("placement:run", kwargs={"run_id": run.pk}), HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200


def test_clair_declines_on_behalf_from_the_placed_list(world, client):
    p = small_year(world)
    run = solved(world)
    runs.publish_run(actor=world.users["clair.staff"], run_id=run.pk)
    client.force_login(world.users["clair.staff"])
    body = client.get(reverse("placement:run_placed", kwargs={"run_id": run.pk})).content.decode()
    assert f'id="decline-{run.placements.get(application=p.apps["b"]).pk}"' in body
    url = reverse("placement:decline", kwargs={"application_id": p.apps["b"].pk})
    assert client.post(url, {"reason": "phoned CLAIR", "confirmed": "yes"}).status_code == 302
    p.apps["b"].refresh_from_db()
    assert p.apps["b"].status == "withdrawn"


def test_lists_never_read_a_runs_instance_or_result(world, client):
    """A run's solved instance and result are large (half a megabyte for a real year); the list of runs, the
    organisations' and participants' placements and the dashboard read neither, once per row or at all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    p = small_year(world)
    run = solved(world)
    runs.publish_run(actor=world.users["clair.staff"], run_id=run.pk)
    pages = [
        (world.users["clair.staff"], reverse("placement:home")),
        (world.users["co_a.coordinator"], reverse("placement:mine")),
        (world.users["co_a.coordinator"], reverse("home")),
        (p.users["a"], reverse("placement:mine")),
        (p.users["a"], reverse("home")),
        (p.users["a"], reverse("placement:notice", kwargs={"application_id": p.apps["a"].pk})),
    ]
    for user, url in pages:
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        heavy = [
            q["sql"]
            for q in ctx.captured_queries
            if '"placement_placementrun"."instance"' in q["sql"]
            or '"placement_placementrun"."result"' in q["sql"]
        ]
        assert not heavy, (url, heavy)


def test_a_decline_not_available_now_is_refused_at_once_and_a_reader_gets_404(world, client):
    """The confirmation page is asked only when the decline is available: once declined, the second try gets
    the message at once; someone who sees the placement but may not decline it gets 404."""
    p = small_year(world)
    run = solved(world)
    runs.publish_run(actor=world.users["clair.staff"], run_id=run.pk)
    url = reverse("placement:decline", kwargs={"application_id": p.apps["a"].pk})
    client.force_login(world.users["co_a.coordinator"])  # sees its published placements, may not decline
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(p.users["a"])
    client.post(url, {"reason": "a job offer at home", "confirmed": "yes"})
    again = client.post(url, {"reason": "twice"})
    assert again.status_code == 302 and 'data-testid="confirm"' not in again.content.decode()
    msgs = [str(m) for m in again.wsgi_request._messages]  # type: ignore[attr-defined]
    assert msgs and not any("bars applying" in m for m in msgs)
