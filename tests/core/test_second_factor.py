"""The TOTP second factor: set-up with a real authenticator code, the code asked after the password, and
the requirement for staff roles."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jetpm.core.models import AuditEvent
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice, *, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def login(client, username: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, headers={"Accept-Language": "en"}
    )


def enrol(client, world, username: str) -> TOTPDevice:  # type: ignore[no-untyped-def]
    client.force_login(world.users[username])
    page = client.get(reverse("second_factor_setup"))
    assert page.status_code == 200
    assert (
        'data-testid="totp-qr"' in page.content.decode()
        and "data:image/svg+xml;base64," in page.content.decode()
    )
    device = TOTPDevice.objects.get(user=world.users[username], confirmed=False)
    response = client.post(reverse("second_factor_setup"), {"token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_enrolment_confirms_with_a_real_code_and_is_audited(world, client):
    enrol(client, world, "mission_a.staff")
    event = AuditEvent.objects.get(action="second_factor.confirm")
    assert event.changes == {"second_factor": [False, True]}


def test_a_wrong_code_does_not_confirm(world, client):
    client.force_login(world.users["co_a.coordinator"])
    client.get(reverse("second_factor_setup"), headers={"Accept-Language": "en"})
    response = client.post(
        reverse("second_factor_setup"), {"token": "000000"}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    assert "The code is not correct" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.users["co_a.coordinator"], confirmed=True).exists()


def test_login_asks_for_the_code_before_any_page(world, client):
    device = enrol(client, world, "mofa.staff")
    client.logout()
    assert login(client, "mofa.staff").status_code == 302
    response = client.get(reverse("core:person_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_verify"))
    assert client.get("/api/people").status_code == 401  # the API needs a verified session or a token
    wrong = client.post(reverse("second_factor_verify"), {"token": "123456", "next": "/people/"})
    assert wrong.status_code == 400
    # the code used at enrolment cannot be replayed; the next period's code (after the throttle delay) opens
    replay = client.post(reverse("second_factor_verify"), {"token": code(device), "next": "/people/"})
    assert replay.status_code == 400
    with time_machine.travel(time.time() + 31, tick=False):
        right = client.post(reverse("second_factor_verify"), {"token": code(device), "next": "/people/"})
        assert right.status_code == 302 and right["Location"] == "/people/"
        assert client.get(reverse("core:person_list")).status_code == 200
        assert client.get("/api/people").status_code == 200


def test_staff_roles_must_set_one_up_when_required(world, client, settings):
    settings.JETPM_REQUIRE_TOTP_FOR_STAFF = True
    login(client, "mission_b.staff")
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("second_factor_setup")
    # a coordinator of a contracting organisation is not a staff role
    client.logout()
    login(client, "co_b.coordinator")
    assert client.get(reverse("home")).status_code == 200


def test_removal_is_refused_when_required(world, client, settings):
    enrol(client, world, "clair.staff")
    settings.JETPM_REQUIRE_TOTP_FOR_STAFF = True
    client.post(reverse("second_factor_remove"))
    assert TOTPDevice.objects.filter(user=world.users["clair.staff"], confirmed=True).exists()
    settings.JETPM_REQUIRE_TOTP_FOR_STAFF = False
    client.post(reverse("second_factor_remove"))
    assert not TOTPDevice.objects.filter(user=world.users["clair.staff"]).exists()
    assert AuditEvent.objects.filter(action="second_factor.remove").exists()
