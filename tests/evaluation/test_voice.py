"""The local governments' voice: CLAIR sends the year's survey, a contracting organisation answers it on its
page (every missing answer reported at once, a submitted evaluation final), HQ reads the results by
prefecture and kind and exports them; scoping (404 out of scope) and bounded queries."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from jetpm.core.errors import DomainError, NotFound, PermissionDenied
from jetpm.core.models import AuditEvent, Organisation
from jetpm.core.states import COKind, OrgKind
from jetpm.evaluation.voice import selectors, services
from jetpm.evaluation.voice.questions import PURPOSE
from jetpm.questionnaires.models import Response

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]

FULL = {"programme": 4, "participants": 5, "match": "mostly", "next_year": True, "requests": "More CIRs."}


@pytest.fixture
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel("2026-12-06 10:00:00+09:00", tick=False):
        yield


def _start(world):  # type: ignore[no-untyped-def]
    return services.start_survey(actor=world.users["clair.staff"], fiscal_year=2026)


def _response(world, key="co_a"):  # type: ignore[no-untyped-def]
    return Response.objects.get(questionnaire__purpose=PURPOSE, organisation=world.orgs[key])


def test_clair_sends_the_survey_to_every_contracting_and_host_organisation(world):
    q = _start(world)
    expected = Organisation.objects.filter(
        kind__in=[OrgKind.CONTRACTING_ORG, OrgKind.HOST_ORG], is_active=True
    ).count()
    assert expected >= 4
    assert q.status == "open" and q.responses.count() == expected
    with pytest.raises(DomainError, match="started already") as refused:
        _start(world)
    assert refused.value.field == "fiscal_year"
    with pytest.raises(DomainError, match="FY2026 or FY2027 only"):
        services.start_survey(actor=world.users["clair.staff"], fiscal_year=2020)
    with pytest.raises(PermissionDenied):
        services.start_survey(actor=world.users["mofa.staff"], fiscal_year=2027)


def test_a_co_saves_then_submits_and_the_submission_is_final(world):
    _start(world)
    user = world.users["co_a.coordinator"]
    r = _response(world)
    services.answer_survey(actor=user, response_id=r.pk, answers={"programme": 3}, submit=False)
    with pytest.raises(DomainError):
        services.answer_survey(actor=user, response_id=r.pk, answers={"programme": 3}, submit=True)
    r = services.answer_survey(actor=user, response_id=r.pk, answers=FULL, submit=True)
    assert r.status == "submitted" and r.answers["match"] == "mostly"
    with pytest.raises(DomainError, match="submitted already"):
        services.answer_survey(actor=user, response_id=r.pk, answers=FULL, submit=False)
    with pytest.raises(NotFound):
        services.answer_survey(
            actor=world.users["co_b.coordinator"], response_id=r.pk, answers=FULL, submit=False
        )


def test_the_answer_page_reports_every_missing_answer(world, client):
    _start(world)
    r = _response(world)
    client.force_login(world.users["co_a.coordinator"])
    url = reverse("evaluation:voice_answer", kwargs={"response_id": r.pk})
    response = client.post(url, {"submit": "1", "q-programme": "4"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('class="error"') == 3  # participants, match, next_year
    r.refresh_from_db()
    assert r.status == "open"
    client.post(
        url,
        {"submit": "1", "q-programme": "4", "q-participants": "5", "q-match": "yes", "q-next_year": "yes"},
    )
    r.refresh_from_db()
    assert r.status == "submitted"


@pytest.mark.parametrize(
    "username", ["co_b.coordinator", "host_b.coordinator", "mission_a.staff", "applicant_a"]
)
def test_another_organisations_response_is_404(world, client, username):
    _start(world)
    client.force_login(world.users[username])
    url = reverse("evaluation:voice_answer", kwargs={"response_id": _response(world).pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"save": "1"}).status_code == 404


@pytest.mark.parametrize("username", ["co_a.coordinator", "host_a.coordinator", "mission_a.staff"])
def test_results_are_for_hq_only(world, client, username):
    _start(world)
    client.force_login(world.users[username])
    assert client.get(reverse("evaluation:voice_results")).status_code == 404
    assert client.get(reverse("evaluation:voice_export_csv")).status_code == 404


def test_hq_reads_the_results_by_prefecture_and_kind_and_exports_them(world, client):
    _start(world)
    services.answer_survey(
        actor=world.users["co_a.coordinator"], response_id=_response(world).pk, answers=FULL, submit=True
    )
    mic = world.users["mic.staff"]
    q = selectors.survey_of(mic, 2026)
    b = selectors.results_by_group(mic, q, selectors.filtered(mic, q))
    gifu = dict(b.by_prefecture)[world.orgs["co_a"].prefecture.name]
    assert gifu.answered == 1 and gifu.invited >= 2 and gifu.average("programme") == 4
    kinds = dict(b.by_kind)
    assert kinds[str(OrgKind.HOST_ORG.label)].answered == 0
    assert b.total.answered == 1
    client.force_login(mic)
    page = client.get(reverse("evaluation:voice_results"), {"year": 2026}).content.decode()
    assert "More CIRs." in page and 'data-testid="voice-by-prefecture"' in page
    response = client.get(reverse("evaluation:voice_export_csv"), {"year": 2026})
    body = response.content.decode("utf-8-sig")
    assert world.orgs["co_a"].name in body and "More CIRs." in body and "Mostly" in body
    assert AuditEvent.objects.filter(action="questionnaire.export", actor=mic).exists()
    xlsx = client.get(reverse("evaluation:voice_export_xlsx"), {"year": 2026, "kind": "host_org"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_results_run_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    gifu = world.orgs["co_a"].prefecture
    Organisation.objects.bulk_create(
        Organisation(
            kind=OrgKind.CONTRACTING_ORG,
            code=f"co-x{n}",
            name_en=f"Town {n}",
            name_ja=f"町{n}",
            co_kind=COKind.MUNICIPALITY,
            prefecture=gifu,
        )
        for n in range(60)
    )
    _start(world)
    for r in Response.objects.filter(organisation__code__startswith="co-x")[:40]:
        Response.objects.filter(pk=r.pk).update(status="submitted", answers=FULL)
    client.force_login(world.users["mic.staff"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("evaluation:voice_results"), {"year": 2026})
    assert page.status_code == 200


def test_the_coordinators_home_asks_for_the_evaluation_until_it_is_submitted(world, client):
    _start(world)
    client.force_login(world.users["co_a.coordinator"])
    url = reverse("evaluation:voice_answer", kwargs={"response_id": _response(world).pk})
    assert url in client.get("/").content.decode()
    services.answer_survey(
        actor=world.users["co_a.coordinator"], response_id=_response(world).pk, answers=FULL, submit=True
    )
    assert url not in client.get("/").content.decode()


def test_results_and_exports_are_bounded_at_the_full_demos_volume(
    world, client, django_assert_max_num_queries
):
    """About the demo's 1,000 contracting and host organisations over all 47 prefectures, four in five of them
    answered: the results page (each breakdown and filter), its exports and the selectors run a bounded
    number of queries, the same as with a handful."""
    from jetpm.core.models import Prefecture

    prefectures = list(Prefecture.objects.order_by("code"))
    kinds = [COKind.MUNICIPALITY] * 8 + [COKind.PRIVATE_SCHOOL]
    Organisation.objects.bulk_create(
        Organisation(
            kind=OrgKind.HOST_ORG if n % 50 == 0 else OrgKind.CONTRACTING_ORG,
            code=f"co-v{n}",
            name_en=f"Town {n}",
            name_ja=f"町{n}",
            co_kind="" if n % 50 == 0 else kinds[n % len(kinds)],
            prefecture=prefectures[n % len(prefectures)],
        )
        for n in range(1000)
    )
    survey = _start(world)
    responses = list(Response.objects.filter(questionnaire=survey, organisation__code__startswith="co-v"))
    assert len(responses) == 1000
    for n, r in enumerate(responses):
        if n % 5:
            r.status, r.answers = "submitted", {**FULL, "programme": 1 + n % 5}
    Response.objects.bulk_update(responses, ["status", "answers"], batch_size=500)
    client.force_login(world.users["mic.staff"])
    for params in (
        {"year": 2026},
        {"year": 2026, "kind": "host_org"},
        {"year": 2026, "kind": COKind.MUNICIPALITY},
        {"year": 2026, "prefecture": prefectures[20].pk},
    ):
        with django_assert_max_num_queries(20):
            page = client.get(reverse("evaluation:voice_results"), params)
        assert page.status_code == 200
    for name in ("evaluation:voice_export_csv", "evaluation:voice_export_xlsx"):
        with django_assert_max_num_queries(20):
            download = client.get(reverse(name), {"year": 2026})
        assert download.status_code == 200
    mic = world.users["mic.staff"]
    with django_assert_max_num_queries(8):
        groups = selectors.results_by_group(mic, survey, selectors.filtered(mic, survey))
        requests = selectors.requests_of(selectors.filtered(mic, survey))
    assert groups.total.invited >= 1000 and groups.total.answered >= 800
    assert len(groups.by_prefecture) == 47 and len(requests) >= 800
