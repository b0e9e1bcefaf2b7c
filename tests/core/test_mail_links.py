"""Every e-mail's links start with the one configured address of the site (``JETPM_BASE_URL``), whatever
host the request that caused the mail named: a forged Host header must not send a set-password token, a
verification link or a referee's one-time link to another site."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from jetpm.core.mail import absolute_url, base_url, set_password_url
from jetpm.core.models import Country, User
from tests.applications.portal_support import INSIDE_WINDOW, new_applicant, step_url
from tests.planning.guidelines_support import approved
from tests.screening.support import ready

pytestmark = pytest.mark.django_db

SITE = "https://jetpm.example.org"
FORGED = "attacker.example"


@pytest.fixture
def configured(settings):  # type: ignore[no-untyped-def]
    """The configured site address, and a deployment whose allowed hosts would let a forged Host through."""
    settings.JETPM_BASE_URL = SITE
    settings.ALLOWED_HOSTS = ["*"]
    return settings


def links(message: mail.EmailMessage) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", str(message.body))


def assert_links_configured(message: mail.EmailMessage, path_part: str) -> str:
    found = links(message)
    assert found, message.body
    assert all(link.startswith(SITE + "/") for link in found), found
    assert FORGED not in message.body
    wanted = [link for link in found if path_part in link]
    assert wanted, (path_part, found)
    return wanted[0]


def test_the_helper_reads_the_setting_when_called(settings):
    settings.JETPM_BASE_URL = "https://one.example/"
    assert base_url() == "https://one.example"
    assert absolute_url("/a/") == "https://one.example/a/"
    settings.JETPM_BASE_URL = "http://127.0.0.1:8123"
    assert absolute_url("/a/") == "http://127.0.0.1:8123/a/"
    with pytest.raises(ValueError):
        absolute_url("https://elsewhere.example/a/")
    user = User.objects.create(username="x@example.org", email="x@example.org")
    assert set_password_url(user).startswith("http://127.0.0.1:8123/accounts/password/reset/")


def test_registration_and_resend_links_ignore_the_request_host(
    world, client, configured, django_capture_on_commit_callbacks
):
    form = {
        "email": "host.test@example.org",
        "password1": "a-long-enough-Passphrase-42",
        "password2": "a-long-enough-Passphrase-42",
        "family_name": "Applicant",
        "given_name": "New",
        "birth_date": "1999-01-02",
        "language": "en",
        "nationality": Country.objects.get(code="GB").pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:register"), form, HTTP_HOST=FORGED)
    assert response.status_code == 302
    assert_links_configured(mail.outbox[-1], "/applications/register/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:register_resend"), {"email": form["email"]}, HTTP_HOST=FORGED)
    assert len(mail.outbox) == 2
    assert_links_configured(mail.outbox[-1], "/applications/register/")


def test_password_reset_link_ignores_the_request_host(world, client, configured):
    response = client.post(
        reverse("password_reset"), {"email": "mission_a.staff@example.org"}, HTTP_HOST=FORGED
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert_links_configured(mail.outbox[0], "/accounts/password/reset/")


def test_referee_link_ignores_the_request_host(world, client, configured, django_capture_on_commit_callbacks):
    approved(world, 2027)  # the year's guidelines: applications open
    client.force_login(new_applicant(world))
    with time_machine.travel(INSIDE_WINDOW, tick=False):
        response = client.post(reverse("applications:portal_start"), {"intake_year": 2027})
        assert response.status_code == 302
        app = User.objects.get(username="newbie").person.applications.get()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                step_url(app, "referees"),
                {
                    "order": 1,
                    "r1-name": "Prof. Referee",
                    "r1-email": "referee@example.org",
                    "r1-relationship": "Professor",
                    "invite": "1",
                },
                HTTP_HOST=FORGED,
            )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_links_configured(mail.outbox[-1], "/applications/")


def test_panel_invitation_link_ignores_the_request_host(
    world, client, configured, django_capture_on_commit_callbacks
):
    s = ready(world)
    client.force_login(world.users["mission_a.staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("screening:member_external", kwargs={"panel_id": s.panel.pk}),
            {
                "email": "ed@example.net",
                "family_name": "Ito",
                "given_name": "Ed",
                "kind": "educator",
                "language": "en",
            },
            HTTP_HOST=FORGED,
        )
    assert response.status_code == 302
    link = assert_links_configured(mail.outbox[-1], "/accounts/password/reset/")
    # the configured address is the one the person reaches: the link's path opens the set-password form
    client.logout()
    page = client.get(link.removeprefix(SITE), follow=True)
    assert page.status_code == 200 and 'name="new_password1"' in page.content.decode()


def test_the_deploy_check_warns_of_a_base_url_that_is_not_public(settings):
    from jetpm.core.checks import base_url_is_public_https

    settings.JETPM_BASE_URL = "http://127.0.0.1:8000"
    assert [w.id for w in base_url_is_public_https(None)] == ["jetpm.W003"]
    settings.JETPM_BASE_URL = "http://jetpm.example.go.jp"
    assert [w.id for w in base_url_is_public_https(None)] == ["jetpm.W003"]
    settings.JETPM_BASE_URL = SITE
    assert base_url_is_public_https(None) == []
