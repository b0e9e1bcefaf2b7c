"""An organisation's administrators manage its users: invite by e-mail with a role (a new person chooses a
password through the mailed link), change a member's role, remove a member after a confirmation; national
administrators do it for any organisation; everyone else gets 404."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from jetpm.core import services
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import AuditEvent, Membership, User
from jetpm.core.services_members import change_member_role, invite_member, remove_member
from tests.world import make_user

pytestmark = pytest.mark.django_db

SITE = "https://jetpm.example.org"


def members_url(org) -> str:  # type: ignore[no-untyped-def]
    return reverse("core:member_list", kwargs={"organisation_id": org.pk})


def invite_url(org) -> str:  # type: ignore[no-untyped-def]
    return reverse("core:member_invite", kwargs={"organisation_id": org.pk})


def role_url(m: Membership) -> str:
    return reverse("core:member_role", kwargs={"organisation_id": m.organisation_id, "membership_id": m.pk})


def remove_url(m: Membership) -> str:
    return reverse("core:member_remove", kwargs={"organisation_id": m.organisation_id, "membership_id": m.pk})


def membership(world, username: str, org: str) -> Membership:  # type: ignore[no-untyped-def]
    return Membership.objects.get(user=world.users[username], organisation=world.orgs[org])


INVITE = {
    "email": "New.Officer@Embassy.example",
    "family_name": "Tanaka",
    "given_name": "Hana",
    "role": "staff",
    "language": "en",
}


def test_admin_invites_a_new_person_who_sets_a_password_and_logs_in(
    world, client, settings, django_capture_on_commit_callbacks
):
    settings.JETPM_BASE_URL = SITE
    mission = world.orgs["mission_a"]
    client.force_login(world.users["mission_a.admin"])
    page = client.get(members_url(mission)).content.decode()
    assert "mission_a.staff" in page and "<td>Approver</td>" in page and "<td>approver</td>" not in page
    form = client.get(invite_url(mission)).content.decode()
    # the roles a mission admits, and no select starts on a value
    assert 'value="coordinator"' not in form and 'value="panelist"' in form
    assert "selected" not in form.replace('value="" selected', "")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invite_url(mission), INVITE)
    assert response.status_code == 302 and response["Location"] == members_url(mission)
    user = User.objects.get(username="new.officer@embassy.example")
    assert not user.has_usable_password() and user.language == "en" and user.last_name == "Tanaka"
    assert Membership.objects.filter(user=user, organisation=mission, role="staff").exists()
    assert AuditEvent.objects.filter(
        action="user.invite", organisation=mission, object_id=str(user.pk)
    ).exists()
    assert AuditEvent.objects.filter(action="membership.create", organisation=mission).exists()
    (message,) = mail.outbox
    assert message.to == ["new.officer@embassy.example"]
    assert "Staff" in message.body and "Embassy of Japan in the UK" in message.body
    link = re.search(re.escape(SITE) + r"(/accounts/password/reset/\S+)", message.body)
    assert link is not None, message.body
    # the person chooses a password with the link and signs in
    client.logout()
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    password = "Another-long-Passphrase-77"
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    response = client.post(
        reverse("login"), {"username": "new.officer@embassy.example", "password": password}
    )
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    assert (
        client.get(reverse("core:organisation_detail", kwargs={"organisation_id": mission.pk})).status_code
        == 200
    )
    # the link worked once
    client.logout()
    assert "new_password1" not in client.get(link.group(1), follow=True).content.decode()


def test_invite_reports_every_error_at_once_and_refuses_roles_the_kind_does_not_admit(world, client):
    mission = world.orgs["mission_a"]
    client.force_login(world.users["mission_a.admin"])
    response = client.post(invite_url(mission), {"email": "not-an-address", "role": "coordinator"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"email", "family_name", "given_name", "role", "language"}
    # the service refuses a role the organisation's kind does not admit, whoever asks
    with pytest.raises(DomainError) as exc:
        invite_member(
            actor=world.users["mission_a.admin"],
            organisation_id=mission.pk,
            **{**INVITE, "role": "coordinator"},
        )
    assert exc.value.field == "role" and "coordinator" not in exc.value.message
    assert not User.objects.filter(email__iexact=INVITE["email"]).exists()


def test_an_existing_user_gets_the_role_and_a_notice_without_a_password_link(
    world, client, django_capture_on_commit_callbacks
):
    staff_b = world.users["mission_b.staff"]
    client.force_login(world.users["mission_a.admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url(world.orgs["mission_a"]),
            {**INVITE, "email": staff_b.email.upper(), "role": "approver"},
        )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user=staff_b, organisation=world.orgs["mission_a"], role="approver"
    ).exists()
    assert User.objects.filter(email__iexact=staff_b.email).count() == 1
    (message,) = mail.outbox
    assert "/accounts/password/reset/" not in message.body and "/accounts/login/" in message.body
    # the same role again is refused on the e-mail field
    response = client.post(
        invite_url(world.orgs["mission_a"]), {**INVITE, "email": staff_b.email, "role": "approver"}
    )
    assert response.status_code == 400 and "email" in response.context["form"].errors


def test_admin_changes_a_role_but_not_the_last_admins_nor_their_own(world, client):
    client.force_login(world.users["mission_a.admin"])
    staff = membership(world, "mission_a.staff", "mission_a")
    form = client.get(role_url(staff)).content.decode()
    assert 'value="staff"' not in form and 'value="approver"' in form  # the current role is not offered
    response = client.post(role_url(staff), {"role": "approver"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.role == "approver"
    event = AuditEvent.objects.get(action="membership.role", object_id=str(staff.pk))
    assert event.changes["role"] == ["staff", "approver"] and event.organisation_id == staff.organisation_id
    # the only administrator does not demote themself
    own = membership(world, "mission_a.admin", "mission_a")
    response = client.post(role_url(own), {"role": "staff"})
    assert response.status_code == 400
    own.refresh_from_db()
    assert own.role == "admin"
    # a national administrator cannot demote an organisation's last administrator either
    mic_admin = make_user("mic.admin")
    services.add_membership(actor=None, user=mic_admin, organisation=world.orgs["mic"], role="admin")
    with pytest.raises(DomainError) as exc:
        change_member_role(actor=mic_admin, membership_id=own.pk, role="staff")
    assert "last administrator" in exc.value.message


def test_removal_asks_for_confirmation_saying_what_is_lost(world, client):
    client.force_login(world.users["mission_a.admin"])
    approver = membership(world, "mission_a.approver", "mission_a")
    page = client.get(remove_url(approver))
    assert page.status_code == 200
    text = page.content.decode()
    assert "will lose the role Approver of Embassy of Japan in the UK" in text
    assert 'data-testid="last-role"' in text  # it is their only role
    assert Membership.objects.filter(pk=approver.pk).exists()  # looking is not removing
    response = client.post(remove_url(approver))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=approver.pk).exists()
    event = AuditEvent.objects.get(action="membership.delete", object_id=str(approver.pk))
    assert event.changes["role"] == ["approver", None] and event.organisation_id == approver.organisation_id
    # not yourself, and not the last administrator
    own = membership(world, "mission_a.admin", "mission_a")
    assert "You cannot remove yourself" in client.get(remove_url(own)).content.decode()
    assert client.post(remove_url(own)).status_code == 400
    mic_admin = make_user("mic.admin")
    services.add_membership(actor=None, user=mic_admin, organisation=world.orgs["mic"], role="admin")
    client.force_login(mic_admin)
    response = client.post(remove_url(own))
    assert response.status_code == 400 and "last administrator" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()
    # with a second administrator, the national administrator may remove the first
    services.add_membership(
        actor=None, user=world.users["mission_a.staff"], organisation=world.orgs["mission_a"], role="admin"
    )
    assert client.post(remove_url(own)).status_code == 302
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_an_admin_of_one_mission_gets_404_for_another(world, client):
    mission_b = world.orgs["mission_b"]
    foreign = membership(world, "mission_b.staff", "mission_b")
    client.force_login(world.users["mission_a.admin"])
    for url in (members_url(mission_b), invite_url(mission_b), role_url(foreign), remove_url(foreign)):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {**INVITE, "role": "approver"}).status_code == 404, url
    # mission B's membership through mission A's address is not found either
    for name in ("core:member_role", "core:member_remove"):
        url = reverse(
            name, kwargs={"organisation_id": world.orgs["mission_a"].pk, "membership_id": foreign.pk}
        )
        assert client.get(url).status_code == 404
        assert client.post(url, {"role": "approver"}).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk, role="staff").exists()
    assert not Membership.objects.filter(organisation=mission_b, role="approver").exists()
    # the services refuse as well
    with pytest.raises(PermissionDenied):
        remove_member(actor=world.users["mission_a.admin"], membership_id=foreign.pk)
    with pytest.raises(PermissionDenied):
        invite_member(actor=world.users["mission_a.admin"], organisation_id=mission_b.pk, **INVITE)


def test_only_administrators_reach_the_pages(world, client):
    mission = world.orgs["mission_a"]
    for username in ("mission_a.staff", "mission_a.approver", "panelist_a", "mic.staff", "council.approver"):
        client.force_login(world.users[username])
        assert client.get(reverse("core:member_home")).status_code == 404, username
        assert client.get(members_url(mission)).status_code == 404, username
        assert 'href="/members/"' not in client.get(reverse("home")).content.decode(), username
    # a mission's administrator goes straight to their organisation, from the menu
    client.force_login(world.users["mission_a.admin"])
    assert 'href="/members/"' in client.get(reverse("home")).content.decode()
    response = client.get(reverse("core:member_home"))
    assert response.status_code == 302 and response["Location"] == members_url(mission)
    detail = client.get(reverse("core:organisation_detail", kwargs={"organisation_id": mission.pk}))
    assert 'data-testid="manage-members"' in detail.content.decode()
    # a national administrator manages any organisation
    mic_admin = make_user("mic.admin")
    services.add_membership(actor=None, user=mic_admin, organisation=world.orgs["mic"], role="admin")
    client.force_login(mic_admin)
    home = client.get(reverse("core:member_home"), {"q": "Ireland"})
    assert home.status_code == 200 and "Embassy of Japan in Ireland" in home.content.decode()
    assert client.get(members_url(world.orgs["mission_b"])).status_code == 200
    assert client.get(members_url(world.orgs["co_b"])).status_code == 200


def test_pages_speak_japanese(world, client):
    ja = make_user("mission_a.admin.ja", language="ja")
    services.add_membership(actor=None, user=ja, organisation=world.orgs["mission_a"], role="admin")
    client.force_login(ja)
    approver = membership(world, "mission_a.approver", "mission_a")
    with translation.override("ja"):
        pages = [
            client.get(members_url(world.orgs["mission_a"])).content.decode(),
            client.get(invite_url(world.orgs["mission_a"])).content.decode(),
            client.get(role_url(approver)).content.decode(),
            client.get(remove_url(approver)).content.decode(),
        ]
    assert "在英国日本国大使館" in pages[0] and "<td>決裁者</td>" in pages[0]
    assert "招待" in pages[1]
    for page in pages:
        assert "Members of" not in page and "Invite a person" not in page and "will lose" not in page
