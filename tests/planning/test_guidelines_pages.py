"""Pages of the year's guidelines: roles, scoping, bad input, the applicants' page, bounded queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from jetpm.core.errors import DomainError
from jetpm.core.models import AuditEvent
from jetpm.planning.models import Criterion, Guideline
from jetpm.planning.services import guidelines as services
from jetpm.planning.states import GuidelineStatus
from tests.planning.guidelines_support import TEXT_EN, TEXT_JA, approved, draft

pytestmark = pytest.mark.django_db

NON_NATIONAL = [
    "mission_a.staff",
    "mission_a.approver",
    "panelist_a",
    "co_a.coordinator",
    "host_a.coordinator",
    "chapter_a.officer",
    "applicant_a",
]


def _login(client, world, username):  # type: ignore[no-untyped-def]
    client.force_login(world.users[username])


def test_list_and_detail_for_national_staff(world, client):
    g = draft(world)
    _login(client, world, "mic.staff")
    response = client.get(reverse("planning:guideline_list"))
    assert (
        response.status_code == 200
        and reverse("planning:guideline_detail", args=[g.pk]).encode() in response.content
    )
    response = client.get(reverse("planning:guideline_detail", args=[g.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="weight-sum">100.00<' in page
    assert reverse("planning:guideline_edit", args=[g.pk]) in page
    assert reverse("planning:guideline_approve", args=[g.pk]) not in page  # staff do not approve


@pytest.mark.parametrize("username", NON_NATIONAL)
def test_drafts_are_invisible_outside_the_national_bodies(world, client, username):
    g = draft(world)
    _login(client, world, username)
    for name in ("guideline_detail", "guideline_edit", "guideline_criteria"):
        assert client.get(reverse(f"planning:{name}", args=[g.pk])).status_code == 404
    for name in ("guideline_approve", "guideline_copy", "guideline_new_version", "criterion_remove"):
        assert client.post(reverse(f"planning:{name}", args=[g.pk])).status_code == 404
    assert (
        reverse("planning:guideline_detail", args=[g.pk]).encode()
        not in client.get(reverse("planning:guideline_list")).content
    )
    g.refresh_from_db()
    assert g.status == GuidelineStatus.DRAFT


@pytest.mark.parametrize("username", NON_NATIONAL)
def test_approved_guidelines_are_readable_but_not_writable_outside(world, client, username):
    g = approved(world)
    _login(client, world, username)
    detail = client.get(reverse("planning:guideline_detail", args=[g.pk]))
    assert detail.status_code == 200
    code = g.criteria.first().code  # the criteria by their names; their codes only where they are edited
    assert f"<code>{code}</code>" not in detail.content.decode()
    assert client.get(reverse("planning:guideline_edit", args=[g.pk])).status_code == 404
    for name in ("guideline_copy", "guideline_new_version"):
        assert client.post(reverse(f"planning:{name}", args=[g.pk])).status_code == 404
    assert Guideline.objects.count() == 1


def test_mission_staff_cannot_approve_the_council_approver_can(world, client):
    g = draft(world)
    _login(client, world, "mission_a.approver")
    assert client.post(reverse("planning:guideline_approve", args=[g.pk])).status_code == 404
    _login(client, world, "mic.staff")
    assert client.post(reverse("planning:guideline_approve", args=[g.pk])).status_code == 404
    g.refresh_from_db()
    assert g.status == GuidelineStatus.DRAFT
    _login(client, world, "council.approver")
    page = client.get(reverse("planning:guideline_detail", args=[g.pk])).content.decode()
    assert reverse("planning:guideline_approve", args=[g.pk]) in page
    response = client.post(reverse("planning:guideline_approve", args=[g.pk]))
    assert response.status_code == 200 and 'data-testid="confirm"' in response.content.decode()
    assert "cannot be changed" in response.content.decode()
    g.refresh_from_db()
    assert g.status == GuidelineStatus.DRAFT  # asked first
    response = client.post(reverse("planning:guideline_approve", args=[g.pk]), {"confirmed": "yes"})
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.status == GuidelineStatus.APPROVED


def test_create_edit_and_bad_rules_through_the_pages(world, client):
    _login(client, world, "clair.staff")
    response = client.post(reverse("planning:guideline_create"), {"intake_year": 2029})
    g = Guideline.objects.get(intake_year=2029)
    assert response["Location"] == reverse("planning:guideline_edit", args=[g.pk])
    assert client.get(response["Location"]).status_code == 200
    data = {
        "degree_by_arrival": "on",
        "nationality_of_recruiting_country": "on",
        "designated_language_required": "on",
        "former_participant_gap_years": 3,
        "lifetime_cap_years": 5,
        "max_years_in_japan": 6,
        "cir_japanese_level": "N2",
        "age_limit": 10,
        "statement_max_words": 1000,
        "text_ja": TEXT_JA,
        "text_en": TEXT_EN,
    }
    events = AuditEvent.objects.count()
    response = client.post(reverse("planning:guideline_edit", args=[g.pk]), data)
    assert response.status_code == 400
    assert "age_limit" in response.context["form"].errors
    assert 'href="#id_age_limit"' in response.content.decode()
    g.refresh_from_db()
    assert (g.age_limit, g.text_en) == (None, "") and AuditEvent.objects.count() == events
    data["age_limit"] = 40
    response = client.post(reverse("planning:guideline_edit", args=[g.pk]), data)
    assert response.status_code == 302
    g.refresh_from_db()
    assert (g.age_limit, g.text_en) == (40, TEXT_EN)


def test_criteria_page_add_edit_remove_and_bad_input(world, client):
    g = draft(world, criteria=False)
    _login(client, world, "mext.staff")
    url = reverse("planning:guideline_criteria", args=[g.pk])
    good = {
        "stage": "documents",
        "code": "motivation",
        "name_ja": "志望動機",
        "name_en": "Motivation",
        "weight": "30",
        "scale_min": 1,
        "scale_max": 5,
        "order": 0,
    }
    for bad, field in [({"weight": "-1"}, "weight"), ({"scale_min": 5, "scale_max": 5}, "scale_max")]:
        response = client.post(url, {**good, **bad})
        assert response.status_code == 400 and field in response.context["form"].errors
    assert not Criterion.objects.exists()
    assert client.post(url, good).status_code == 302
    c = Criterion.objects.get()
    response = client.post(url, good)  # the code is taken in the stage
    assert response.status_code == 400 and "code" in response.context["form"].errors
    assert client.get(url, {"criterion": c.pk}).context["form"]["criterion"].value() == c.pk
    assert client.post(url, {**good, "criterion": c.pk, "weight": "35"}).status_code == 302
    c.refresh_from_db()
    assert c.weight == Decimal("35")
    # a criterion of another guideline cannot be named, neither in a link nor in a form
    other = draft(world, 2030)
    foreign = other.criteria.first()
    assert client.get(url, {"criterion": foreign.pk}).status_code == 404
    assert client.post(url, {**good, "criterion": foreign.pk}).status_code == 404
    remove = reverse("planning:criterion_remove", args=[g.pk])
    assert client.post(remove, {"criterion": foreign.pk}).status_code == 404
    assert client.post(remove, {"criterion": c.pk}).status_code == 302
    assert (
        not Criterion.objects.filter(guideline=g).exists()
        and Criterion.objects.filter(pk=foreign.pk).exists()
    )


def test_zero_weight_stage_is_warned(world, client):
    g = draft(world, criteria=False)
    services.add_criterion(
        actor=world.users["mic.staff"],
        guideline_id=g.pk,
        values={
            "stage": "interview",
            "code": "x",
            "name_ja": "x",
            "name_en": "x",
            "weight": Decimal(0),
            "scale_min": 1,
            "scale_max": 5,
        },
    )
    _login(client, world, "council.approver")
    page = client.get(reverse("planning:guideline_detail", args=[g.pk])).content.decode()
    assert "add up to 0" in page
    response = client.post(reverse("planning:guideline_approve", args=[g.pk]), follow=True)
    assert "add up to 0" in response.content.decode()
    g.refresh_from_db()
    assert g.status == GuidelineStatus.DRAFT


def test_approved_edit_page_refuses_and_new_version_and_copy(world, client):
    g = approved(world, 2027)
    _login(client, world, "mic.staff")
    response = client.get(reverse("planning:guideline_edit", args=[g.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "planning:guideline_detail", args=[g.pk]
    )
    assert client.get(reverse("planning:guideline_criteria", args=[g.pk])).status_code == 302
    response = client.post(reverse("planning:guideline_copy", args=[g.pk]))
    new = Guideline.objects.get(intake_year=2028)
    assert response["Location"] == reverse("planning:guideline_detail", args=[new.pk])
    response = client.post(reverse("planning:guideline_copy", args=[g.pk]), follow=True)
    assert Guideline.objects.filter(intake_year=2028).count() == 1
    assert "FY2028 already has a guideline" in response.content.decode()
    # the year as a Japanese reader counts it, not 2028
    with translation.override("ja"), pytest.raises(DomainError, match="令和10年度の募集要項は既に存在します"):
        services.copy_to_next_year(actor=world.users["mic.staff"], guideline_id=g.pk)
    response = client.post(reverse("planning:guideline_new_version", args=[g.pk]))
    v2 = Guideline.objects.get(intake_year=2027, version=2)
    assert response["Location"] == reverse("planning:guideline_edit", args=[v2.pk])


def test_the_applicants_page_in_both_languages(world, client):
    _login(client, world, "applicant_a")
    url = reverse("planning:guideline_current")
    assert client.get(url, {"year": 2027}).status_code == 404  # none approved yet
    assert client.get(url).status_code == 404
    g = draft(world)
    assert client.get(url, {"year": 2027}).status_code == 404  # a draft is not shown
    services.approve_guideline(actor=world.users["council.approver"], guideline_id=g.pk)
    world.users["applicant_a"].language = "ja"
    world.users["applicant_a"].save()
    response = client.get(url, {"year": 2027}, HTTP_ACCEPT_LANGUAGE="ja")
    page = response.content.decode()
    assert response.status_code == 200
    assert "デモ用の募集要項です。" in page and "令和9年度" in page
    assert 'lang="en"' in page and "The demo guideline." in page  # the other language, on request
    world.users["applicant_a"].language = "en"
    world.users["applicant_a"].save()
    response = client.get(url, {"year": 2027}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "FY2027" in page and page.index("The demo guideline.") < page.index("デモ用の募集要項です。")
    assert client.get(url).status_code == 200  # the latest approved year without ?year
    assert client.get(url, {"year": 2026}).status_code == 404
    assert client.get(url, {"year": "abc"}).status_code == 404


@pytest.mark.parametrize("username", ["mic.staff", "council.approver", "mission_a.staff", "applicant_a"])
def test_list_query_count_does_not_grow(world, client, username):
    _login(client, world, username)
    url = reverse("planning:guideline_list")
    client.get(url)
    approved(world, 2020)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for year in range(2021, 2027):
        approved(world, year)
    draft(world, 2027)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


def test_detail_query_count_does_not_grow_with_criteria(world, client):
    g = draft(world)
    _login(client, world, "mic.staff")
    url = reverse("planning:guideline_detail", args=[g.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    Criterion.objects.bulk_create(
        Criterion(guideline=g, stage="documents", code=f"c{i}", name_ja="x", name_en="x", weight=1)
        for i in range(40)
    )
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_every_role_gets_every_guideline_page_without_error(world, client):
    ids = [approved(world, 2026).pk, draft(world, 2027).pk]
    names = ["guideline_detail", "guideline_edit", "guideline_criteria"]
    for username, user in world.users.items():
        client.force_login(user)
        assert client.get(reverse("planning:guideline_list")).status_code == 200
        assert client.get(reverse("planning:guideline_current")).status_code == 200
        for pk in ids:
            for name in names:
                status = client.get(reverse(f"planning:{name}", args=[pk])).status_code
                assert status in (200, 302, 404), (username, name, pk, status)
