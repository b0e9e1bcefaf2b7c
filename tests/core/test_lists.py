"""Every list paginates and runs a bounded number of queries whatever the number of rows."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jetpm.core.models import AuditEvent, Country, Organisation, Person, Prefecture
from jetpm.core.states import COKind, OrgKind, PersonKind

pytestmark = pytest.mark.django_db


def _grow(world, n: int) -> None:  # type: ignore[no-untyped-def]
    gb = Country.objects.get(code="GB")
    gifu = Prefecture.objects.get(code="21")
    start = Organisation.objects.count()
    Organisation.objects.bulk_create(
        Organisation(
            code=f"co-x{start + i}",
            kind=OrgKind.CONTRACTING_ORG,
            name_en=f"Town {i}",
            name_ja=f"町{i}",
            co_kind=COKind.MUNICIPALITY,
            prefecture=gifu,
            host_org=world.orgs["host_a"],
        )
        for i in range(n)
    )
    Person.objects.bulk_create(
        Person(
            kind=PersonKind.APPLICANT,
            family_name=f"Grow{start}-{i}",
            given_name="Al",
            nationality=gb,
            birth_date=date(1999, 1, 1),
            mission=world.orgs["mission_a"],
        )
        for i in range(n)
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action="test.bulk",
            object_type="core.Person",
            object_id=str(i),
            actor_label="x",
            organisation=world.orgs["mission_a"],
        )
        for i in range(n)
    )


PAGES = [
    ("mic.staff", "core:organisation_list"),
    ("host_a.coordinator", "core:organisation_list"),
    ("mission_a.staff", "core:person_list"),
    ("mic.staff", "core:person_list"),
    ("mic.staff", "core:audit_list"),
    ("mission_a.admin", "core:audit_list"),
    ("mofa.staff", "core:cycle_list"),
    ("mission_a.staff", "home"),
]


@pytest.mark.parametrize(("username", "url_name"), PAGES)
def test_query_count_does_not_grow_with_rows(world, client, username, url_name):
    client.force_login(world.users[username])
    url = reverse(url_name)
    client.get(url)  # warm caches (content types, sessions)
    _grow(world, 5)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, 120)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) <= len(small.captured_queries), (
        f"{url_name}: {len(small.captured_queries)} queries with few rows, "
        f"{len(large.captured_queries)} with many"
    )
    assert len(large.captured_queries) < 20


def test_lists_paginate(world, client):
    _grow(world, 120)
    client.force_login(world.users["mission_a.staff"])
    first = client.get(reverse("core:person_list")).content.decode()
    assert "Page 1 of 3" in first
    assert len(re.findall(r'href="/people/\d+/"', first)) == 50
    last = client.get(reverse("core:person_list"), {"page": 3}).content.decode()
    assert "Page 3 of 3" in last
    # a page number past the end shows the last page, garbage shows the first
    assert "Page 3 of 3" in client.get(reverse("core:person_list"), {"page": 99}).content.decode()
    assert "Page 1 of 3" in client.get(reverse("core:person_list"), {"page": "x"}).content.decode()


def test_filters_keep_to_the_scope(world, client):
    client.force_login(world.users["mission_b.staff"])
    page = client.get(reverse("core:person_list"), {"q": "Testperson"}).content.decode()
    assert "APPLICANT_B" in page and "APPLICANT_A" not in page
    page = client.get(reverse("core:organisation_list"), {"kind": "contracting_org"}).content.decode()
    assert "No organisation matches." in page


def test_organisations_filter_by_prefecture_and_list_agencies_first(world, client):
    client.force_login(world.users["mic.staff"])
    page = client.get(reverse("core:organisation_list"), {"prefecture": "17"}).content.decode()
    assert "Kanazawa City" in page and "Gifu City" not in page
    page = client.get(reverse("core:organisation_list")).content.decode()
    assert page.index(">MIC<") < page.index("Embassy of Japan in Ireland") < page.index("Gifu Prefecture")
    bad = client.get(reverse("core:organisation_list"), {"prefecture": "99"}).content.decode()
    assert "Select a valid choice." in bad


def test_page_links_keep_every_value_of_a_repeated_filter(rf):
    from django.template import Context

    from jetpm.core.templatetags.jetpm import page_url

    request = rf.get("/applications/intake/?status=submitted&status=eligible&q=x&page=1")
    url = page_url(Context({"request": request}), 2)
    assert url == "?page=2&q=x&status=submitted&status=eligible"


def test_paginate_ids_keeps_the_order_and_reads_only_the_pages_rows():
    from django.test import RequestFactory

    from jetpm.core.views import paginate_ids

    qs = Country.objects.order_by("-code")
    expected = list(qs.values_list("code", flat=True))
    for number in ("1", "2", "999"):  # a page past the end is the last page, as with paginate
        request = RequestFactory().get("/", {"page": number})
        with CaptureQueriesContext(connection) as ctx:
            page = paginate_ids(request, qs, per_page=7)
            rows = [c.code for c in page]
        start = (page.number - 1) * 7
        assert rows == expected[start : start + 7]
        assert len(ctx.captured_queries) == 3  # count, the page's ids, the page's rows
        assert re.search(r'"core_country"\."id" IN \(', ctx.captured_queries[-1]["sql"])
