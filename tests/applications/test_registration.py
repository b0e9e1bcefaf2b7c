"""Self-registration: an inactive account, a signed link by e-mail, activation and login."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from jetpm.applications.portal.forms import ApplicantLoginForm
from jetpm.core.collation import sort_key
from jetpm.core.models import AuditEvent, Country, Person, User

pytestmark = pytest.mark.django_db

FORM = {
    "email": "New.Applicant@Example.org",
    "password1": "a-long-enough-Passphrase-42",
    "password2": "a-long-enough-Passphrase-42",
    "family_name": "Applicant",
    "given_name": "New",
    "birth_date": "1999-01-02",
    "language": "ja",
}


def _form(**kw: str) -> dict:
    return {**FORM, "nationality": Country.objects.get(code="GB").pk, **kw}


def _link(message) -> str:  # type: ignore[no-untyped-def]
    return re.search(r"https?://\S+", message.body).group(0)


def test_register_verify_and_log_in(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:register"), _form())
    assert response.status_code == 302
    user = User.objects.get(username="new.applicant@example.org")
    assert not user.is_active and user.language == "ja"
    person = Person.objects.get(user=user)
    assert person.kind == "applicant" and person.nationality.code == "GB"
    assert AuditEvent.objects.filter(
        action="applications.registration.create", object_id=str(user.pk)
    ).exists()
    assert len(mail.outbox) == 1
    assert "https://" not in mail.outbox[0].subject
    link = _link(mail.outbox[0])
    # logging in before verifying is refused, with a message saying what to do
    response = client.post(
        reverse("login"), {"username": "new.applicant@example.org", "password": FORM["password1"]}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert b'data-testid="login-unconfirmed"' in response.content  # the login page says what to do
    form = ApplicantLoginForm(
        data={"username": "new.applicant@example.org", "password": FORM["password1"]},
        request=RequestFactory().post("/accounts/login/"),
    )
    assert not form.is_valid()
    assert form.errors.as_data()["__all__"][0].code == "inactive"
    # the link activates the account and logs in
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == reverse("applications:portal")
    user.refresh_from_db()
    assert user.is_active
    assert client.get(reverse("applications:portal")).status_code == 200
    # a second use of the link is refused
    client.logout()
    assert client.get(link).status_code == 400


def test_duplicate_email_creates_nothing_and_weak_password_is_refused(world, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # an anonymous visitor whose browser asks for English
    client.post(reverse("applications:register"), _form())
    response = client.post(reverse("applications:register"), _form(email="NEW.applicant@example.org"))
    assert response.status_code == 302  # the same answer as a new address (see the test below)
    assert User.objects.filter(username__iexact="new.applicant@example.org").count() == 1
    response = client.post(
        reverse("applications:register"),
        _form(email="other@example.org", password1="short", password2="short"),
    )
    assert response.status_code == 400
    assert User.objects.filter(username="other@example.org").count() == 0
    response = client.post(
        reverse("applications:register"),
        _form(email="third@example.org", password2="different-Passphrase-42"),
    )
    assert response.status_code == 400 and "differ" in response.content.decode()


def test_expired_link_and_resend(world, client, django_capture_on_commit_callbacks):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # an anonymous visitor whose browser asks for English
    with time_machine.travel("2026-09-01 10:00:00+09:00"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("applications:register"), _form())
        link = _link(mail.outbox[0])
    with time_machine.travel("2026-09-05 10:00:00+09:00"):
        response = client.get(link)
        assert response.status_code == 400 and "expired" in response.content.decode()
        assert not User.objects.get(username="new.applicant@example.org").is_active
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("applications:register_resend"), {"email": "new.applicant@example.org"})
        assert len(mail.outbox) == 2
        assert client.get(_link(mail.outbox[1])).status_code == 302
    # an unknown address gets the same answer and no mail
    response = client.post(reverse("applications:register_resend"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and len(mail.outbox) == 2


@pytest.mark.parametrize("language", ["ja", "en"])
def test_registration_pages_render_in_both_languages(world, client, language):
    client.cookies["jetpm_language"] = language
    for name in (
        "applications:register",
        "applications:register_sent",
        "applications:register_resend",
        "login",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    assert "register-link" in client.get(reverse("login")).content.decode()


def test_registration_answers_the_same_for_a_known_email_and_mails_the_owner(
    world, client, django_capture_on_commit_callbacks
):
    """Registering with an address that has an account gives the same answer as a new one (no account
    probing); the owner gets a mail saying so, with how to log in or reset the password."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    owner = world.users["applicant_a"]
    users = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        new = client.post(reverse("applications:register"), _form(email="fresh@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("applications:register"), _form(email=owner.email.upper()))
    assert known.status_code == new.status_code == 302 and known["Location"] == new["Location"]
    assert User.objects.count() == users + 1
    assert [m.to for m in mail.outbox] == [["fresh@example.org"], [owner.email]]
    notice = mail.outbox[1]
    assert reverse("password_reset") in notice.body and reverse("login") in notice.body
    assert AuditEvent.objects.filter(
        action="applications.registration.existing", object_id=str(owner.pk)
    ).exists()


def test_registration_and_confirmation_mail_are_throttled(world, client, settings):
    settings.JETPM_MAIL_LIMIT_PER_EMAIL = 2
    settings.JETPM_MAIL_LIMIT_PER_ADDRESS = 4
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    resend = reverse("applications:register_resend")
    assert client.post(reverse("applications:register"), _form()).status_code == 302
    assert client.post(resend, {"email": FORM["email"]}).status_code == 302
    response = client.post(resend, {"email": FORM["email"]})
    assert response.status_code == 429
    assert "Too many e-mails have been asked for this e-mail address" in response.content.decode()
    # other addresses from the same client address, up to the limit per client address
    assert client.post(resend, {"email": "a@example.org"}).status_code == 302
    assert client.post(reverse("applications:register"), _form(email="b@example.org")).status_code == 302
    response = client.post(reverse("applications:register"), _form(email="c@example.org"))
    assert response.status_code == 429
    assert "Too many e-mails have been asked from your network address" in response.content.decode()
    assert not User.objects.filter(username="c@example.org").exists()


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_form_starts_in_the_readers_language_with_a_searchable_nationality(world, client, language):
    from django.utils import translation

    from jetpm.applications.portal.forms import RegistrationForm

    with translation.override(language):
        form = RegistrationForm()
        html = str(form["nationality"])
        names = [str(label) for value, label in form.fields["nationality"].choices if value != ""]
    # the preferred language starts as the language the page is read in, not a fixed one
    assert form["language"].value() == language
    assert "data-searchable" in html
    # the countries in the reader's alphabet (not by their English names)
    assert names == sorted(names, key=sort_key)
