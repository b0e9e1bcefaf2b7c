"""The home page's "Your roles" links each organisation to its page only where the user may open that page."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _home(user) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_the_counsellor_sees_clair_named_without_a_link_to_a_page_it_may_not_open(world):
    clair = world.orgs["clair"]
    counsellor = world.users["clair.counsellor"]
    client = Client()
    client.force_login(counsellor)
    assert client.get(f"/organisations/{clair.pk}/").status_code == 404
    page = _home(counsellor)
    assert f'href="/organisations/{clair.pk}/"' not in page
    assert clair.name in page


def test_the_staff_keep_the_link_to_their_organisation(world):
    clair = world.orgs["clair"]
    page = _home(world.users["clair.staff"])
    assert f'href="/organisations/{clair.pk}/"' in page
