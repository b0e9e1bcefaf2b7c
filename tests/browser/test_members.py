"""An organisation's administrator manages its users in a real browser, in Japanese and in English: from the
menu to the mission's members, invites a person by e-mail and role; the person opens the mailed link (built
from the configured site address, here the live server's), chooses a password and signs in; the
administrator then removes them after a confirmation that says what they lose."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from jetpm.core.models import Membership, User
from tests.browser.conftest import Demo, Visitor
from tests.browser.entrance_support import last_mail_to

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]
ADMIN = "mission.admin"
NEW_PASSWORD = "Invitee-Passphrase-2026"


def t(language: str, text: str, **values: object) -> str:
    with translation.override(language):
        out = translation.gettext(text)
        return out % values if values else out


def messages(v: Visitor) -> str:
    box = v.page.locator("main ul.messages")
    return box.inner_text() if box.count() else ""


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_admin_invites_a_member_who_sets_a_password_and_signs_in(visit: Visit, demo: Demo, lang: str) -> None:
    locale = "ja-JP" if lang == "ja" else "en-GB"
    mission = Membership.objects.select_related("organisation").get(user__username=ADMIN, role="admin")
    org = mission.organisation
    org_name = org.name_ja if lang == "ja" else org.name_en
    email = f"invitee.{lang}@example.org"
    original = User.objects.get(username=ADMIN).language
    User.objects.filter(username=ADMIN).update(language=lang)
    try:
        admin = visit(locale=locale)
        page = admin.login(ADMIN)
        assert page.get_attribute("html", "lang") == lang
        # the menu's "Users" leads straight to the mission's members
        users_link = page.locator("nav.mainnav a[href='/members/']")
        assert users_link.inner_text().strip() == t(lang, "Users")
        with page.expect_navigation():
            users_link.click()
        assert urlsplit(page.url).path == f"/organisations/{org.pk}/members/"
        assert page.locator("h1").inner_text().strip() == t(lang, "Members of %(name)s", name=org_name)
        admin.check_a11y(f"members ({lang})")

        with page.expect_navigation():
            page.get_by_test_id("invite").click()
        form = page.get_by_test_id("invite-form")
        assert form.locator("select[name=role]").input_value() == ""  # nothing chosen for the admin
        assert form.locator("select[name=role] option[value=coordinator]").count() == 0
        # an empty form: every error at once
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert page.locator(".errorsummary li").count() == 5
        admin.check_a11y(f"invite form with errors ({lang})")
        form = page.get_by_test_id("invite-form")
        form.locator("input[name=email]").fill(email.upper())
        form.locator("input[name=family_name]").fill("Invitee")
        form.locator("input[name=given_name]").fill(lang.upper())
        form.locator("select[name=role]").select_option("staff")
        form.locator("select[name=language]").select_option(lang)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert urlsplit(page.url).path == f"/organisations/{org.pk}/members/"
        assert email in messages(admin)
        row = page.locator(f'[data-testid="member-{email}"]')
        assert t(lang, "Staff") in row.inner_text()
        assert t(lang, "invited, no password yet") in row.inner_text()

        # the invitation: in the invitee's language, with a link to the configured site (the live server)
        mail = last_mail_to(email)
        staff_label = t(lang, "Staff")
        assert mail.subject == t(
            lang, "JETPM: you are %(role)s of %(organisation)s", role=staff_label, organisation=org_name
        )
        link = re.search(r"https?://\S+/accounts/password/reset/\S+", str(mail.body))
        assert link is not None, mail.body
        assert link.group(0).startswith(demo.url + "/")

        invitee = visit(locale=locale)
        ipage = invitee.page
        response = ipage.goto(link.group(0))
        assert response is not None and response.status == 200
        ipage.fill("input[name=new_password1]", NEW_PASSWORD)
        ipage.fill("input[name=new_password2]", NEW_PASSWORD)
        invitee.check_a11y(f"choose a password ({lang})")
        with ipage.expect_navigation():
            ipage.click("main form button[type=submit]")
        assert ipage.locator("h1").inner_text().strip() == t(lang, "Your password was saved.")
        invitee.login(email)  # the wrong (demo) password is refused...
        assert urlsplit(ipage.url).path == "/accounts/login/"
        invitee.login(email, NEW_PASSWORD)  # ...the chosen one lets them in
        assert urlsplit(ipage.url).path == "/"
        assert ipage.get_attribute("html", "lang") == lang
        assert org_name in ipage.locator("main").inner_text()
        invitee.check_a11y(f"invitee's home ({lang})")

        # the administrator removes the new member, after reading what they lose
        page.reload()
        row = page.locator(f'[data-testid="member-{email}"]')
        assert t(lang, "invited, no password yet") not in row.inner_text()
        with page.expect_navigation():
            row.locator("a[href$='/remove/']").click()
        confirmation = page.get_by_test_id("remove-confirmation").inner_text()
        assert org_name in confirmation and staff_label in confirmation
        assert page.get_by_test_id("last-role").count() == 1
        admin.check_a11y(f"remove confirmation ({lang})")
        with page.expect_navigation():
            page.get_by_test_id("remove-form").locator("button[type=submit]").click()
        assert page.locator(f'[data-testid="member-{email}"]').count() == 0
        assert not Membership.objects.filter(user__username=email).exists()
    finally:
        User.objects.filter(username=ADMIN).update(language=original)
