"""The pages in a real browser: every demo role's login, the language switch, scoping (404), the login
lockout, accessibility (axe-core on every page visited), Content-Security-Policy, and screenshots of the home
page (into $JETPM_SHOTS_DIR, /tmp/shots by default, for a person to look at)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from jetpm.core.models import Membership, Organisation, Person, RecruitmentCycle, User
from jetpm.core.states import OrgKind
from tests.browser.conftest import PASSWORD, Demo, Visitor

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("JETPM_SHOTS_DIR", "/tmp/shots"))  # noqa: S108
GENERIC_LOGIN_ERROR = "The username or password is not correct, or the account is locked. Please try again."

# Every demo login, with the kind of organisation it acts for (None: a person's own account, or the superuser)
# and words one of its organisations' English names or its mission's countries must contain.
ROLES: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "admin": (None, ()),
    "mic.staff": (OrgKind.MIC, ()),
    "mofa.staff": (OrgKind.MOFA, ()),
    "mext.staff": (OrgKind.MEXT, ()),
    "clair.staff": (OrgKind.CLAIR, ()),
    "council.approver": (OrgKind.COUNCIL, ()),
    "mission.staff": (OrgKind.MISSION, ("GB",)),
    "mission.approver": (OrgKind.MISSION, ("GB",)),
    "mission.admin": (OrgKind.MISSION, ("GB",)),
    "mission2.staff": (OrgKind.MISSION, ("IE",)),
    "panelist": (OrgKind.MISSION, ("GB",)),
    "co.coordinator": (OrgKind.CONTRACTING_ORG, ("Gifu",)),
    "co2.coordinator": (OrgKind.CONTRACTING_ORG, ("Kanazawa",)),
    "host.coordinator": (OrgKind.HOST_ORG, ("Gifu",)),
    "chapter.officer": (OrgKind.JETAA_CHAPTER, ("New York",)),
    "applicant": (None, ()),
    "participant": (None, ()),
    "alumnus": (None, ()),
}

Visit = Callable[..., Visitor]


def html_lang(visitor: Visitor) -> str:
    return visitor.page.get_attribute("html", "lang") or ""


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def organisation_of(username: str) -> Organisation:
    membership = Membership.objects.select_related("organisation").filter(user__username=username).first()
    assert membership is not None, f"{username} has no membership"
    return membership.organisation


def name_in(org: Organisation, language: str) -> str:
    return org.name_ja if language.startswith("ja") else org.name_en


def org_matches(org: Organisation, hints: tuple[str, ...]) -> bool:
    countries = set(org.countries.values_list("code", flat=True))
    return all(h in countries or h in org.name_en for h in hints)


# --- 1. every role logs in, sees its name and organisation, logs out -------------------------------------


@pytest.mark.parametrize("username", list(ROLES))
def test_role_logs_in_sees_its_organisation_and_logs_out(visit: Visit, demo: Demo, username: str) -> None:
    kind, hints = ROLES[username]
    v = visit()
    page = v.login(username)
    assert urlsplit(page.url).path == "/", f"{username} landed on {page.url}"
    assert page.locator("[data-testid=username]").inner_text().strip() == username
    lang = html_lang(v)
    roles = page.locator("[data-testid=roles]").inner_text()
    user = User.objects.get(username=username)
    if kind is not None:
        orgs = [m.organisation for m in Membership.objects.select_related("organisation").filter(user=user)]
        assert any(o.kind == kind and org_matches(o, hints) for o in orgs), (
            f"{username}: expected a {kind} organisation matching {hints}, has {[str(o.code) for o in orgs]}"
        )
        own = next(o for o in orgs if o.kind == kind and org_matches(o, hints))
        assert name_in(own, lang) in roles, f"{username}: {name_in(own, lang)!r} not in {roles!r}"
    elif user.is_superuser:
        assert in_language(lang, "System administrator") in roles
    else:
        person = Person.objects.get(user=user)
        assert person.kind == username, f"{username} is a {person.kind}"
        assert str(person) in roles
    v.check_a11y(f"home of {username}")
    v.logout()


# --- 2. the language switch, remembered on the account ---------------------------------------------------


def assert_home_heading(v: Visitor, language: str) -> None:
    heading = v.page.locator("h1").inner_text().strip()
    assert heading == in_language(language, "Home")
    if language == "ja" and in_language("ja", "Home") != "Home":  # once the catalog has it
        assert heading == "ホーム"


def test_language_switch_is_remembered_on_the_account(visit: Visit, demo: Demo) -> None:
    username = "clair.staff"
    original = User.objects.get(username=username).language
    try:
        v = visit()
        page = v.login(username)
        before = html_lang(v)
        assert_home_heading(v, before)
        other = "en" if before == "ja" else "ja"
        with page.expect_navigation():
            page.click("[data-testid=lang-switch]")
        assert urlsplit(page.url).path == "/"
        assert html_lang(v) == other
        assert_home_heading(v, other)
        v.check_a11y(f"home in {other}")
        assert User.objects.get(username=username).language == other
        v.logout()

        # A fresh browser whose own language is the first one: the account's choice wins after login.
        fresh = visit(locale="ja-JP" if other == "en" else "en-GB")
        fresh.login(username)
        assert urlsplit(fresh.page.url).path == "/"
        assert html_lang(fresh) == other
        assert_home_heading(fresh, other)
        fresh.logout()
    finally:
        User.objects.filter(username=username).update(language=original)


# --- 3. another organisation's records answer 404 --------------------------------------------------------


def test_another_organisations_records_are_not_found(visit: Visit, demo: Demo) -> None:
    uk = organisation_of("mission.staff")
    ireland = organisation_of("mission2.staff")
    gifu = organisation_of("co.coordinator")
    kanazawa = organisation_of("co2.coordinator")
    assert uk.pk != ireland.pk and gifu.pk != kanazawa.pk
    own_person = Person.objects.filter(mission=uk).first()
    irish_person = Person.objects.filter(mission=ireland).exclude(contracting_org__in=[gifu]).first()
    kanazawa_person = Person.objects.filter(contracting_org=kanazawa).exclude(mission=uk).first()
    assert own_person and irish_person and kanazawa_person, "the demo world lacks the people this test needs"

    v = visit()
    v.login("mission.staff")
    v.goto(f"/people/{own_person.pk}/")  # the control: its own applicant opens
    for path in (f"/people/{irish_person.pk}/", f"/organisations/{kanazawa.pk}/"):
        page = v.goto(path, status=404)
        assert page.locator("h1").inner_text().strip() == in_language(html_lang(v), "Not found")
        assert irish_person.family_name not in page.content()
    v.check_a11y("404 page")
    v.logout()

    v = visit()
    v.login("co.coordinator")
    page = v.goto(f"/people/{kanazawa_person.pk}/", status=404)
    assert page.locator("h1").inner_text().strip() == in_language(html_lang(v), "Not found")
    assert kanazawa_person.family_name not in page.content()
    v.check_a11y("404 page")
    v.logout()


# --- 4. wrong password, lockout ----------------------------------------------------------------------------


def login_error(v: Visitor) -> str:
    alert = v.page.locator("main [role=alert]")
    assert alert.count() == 1, f"no error on {v.page.url}"
    return alert.inner_text().strip()


def test_wrong_password_is_generic_and_five_lock_the_account(visit: Visit, demo: Demo) -> None:
    user = User.objects.create_user("lockout.tester", password=PASSWORD, language="en")
    v = visit()
    v.goto("/accounts/login/")
    v.check_a11y("login page")
    v.login(user.username, "wrong-password-1")
    generic = login_error(v)
    assert generic == in_language(html_lang(v), GENERIC_LOGIN_ERROR)
    assert v.page.locator("[data-testid=username]").count() == 0
    v.check_a11y("login page with an error")
    v.login("nobody.at.all", "wrong-password")  # an unknown user gets the very same answer
    assert login_error(v) == generic
    for n in range(2, 6):
        v.login(user.username, f"wrong-password-{n}")
        assert login_error(v) == generic
    v.login(user.username, PASSWORD)  # locked: the right password fails too, with the same words
    assert login_error(v) == generic
    assert v.page.locator("[data-testid=username]").count() == 0
    v.check_a11y("locked-out page")
    # Another account is not affected.
    v.login("mext.staff")
    assert urlsplit(v.page.url).path == "/"
    v.logout()


# --- 5. accessibility of the working pages ------------------------------------------------------------


def test_lists_and_details_are_accessible(visit: Visit, demo: Demo) -> None:
    for username in ("mission.staff", "mic.staff"):
        v = visit()
        page = v.login(username)
        v.goto("/organisations/")
        v.check_a11y(f"organisations as {username}")
        with page.expect_navigation():
            page.locator("[data-testid=organisation-list] tbody a").first.click()
        v.check_a11y(f"organisation detail as {username}")
        v.goto("/people/")
        v.check_a11y(f"people as {username}")
        with page.expect_navigation():
            page.locator("[data-testid=person-list] tbody a").first.click()
        assert urlsplit(page.url).path.startswith("/people/")
        v.check_a11y(f"person detail as {username}")
        v.goto("/people/?q=zzzz-nobody")
        v.check_a11y(f"empty people list as {username}")
        v.logout()


def test_calendar_pages_are_accessible(visit: Visit, demo: Demo) -> None:
    cycle = RecruitmentCycle.objects.order_by("-intake_year").first()
    assert cycle is not None, "the demo world has no recruitment cycle"
    v = visit()
    page = v.login("mofa.staff")
    v.goto("/calendar/")
    v.check_a11y("calendar list")
    with page.expect_navigation():
        page.locator("[data-testid=cycle-list] tbody a").first.click()
    v.check_a11y("calendar detail")
    v.goto(f"/calendar/{cycle.pk}/edit/")
    v.check_a11y("calendar edit")
    page.fill("input[name=dates-intake_end]", "2000-01-01")  # an invalid end: the error summary and the field
    with page.expect_navigation():
        page.click("[data-testid=cycle-form] button[type=submit]")
    assert page.locator(".errorsummary").count() == 1
    v.check_a11y("calendar edit with errors")
    v.logout()

    uk = organisation_of("mission.staff")
    v = visit()
    page = v.login("mission.staff")
    v.goto(f"/calendar/{cycle.pk}/")
    with page.expect_navigation():
        page.click(f"a[href='/calendar/{cycle.pk}/missions/{uk.pk}/']")
    v.check_a11y("mission dates edit")
    v.logout()


def test_rules_of_the_year_page_is_accessible_and_reports_every_error(visit: Visit, demo: Demo) -> None:
    v = visit()
    page = v.login("mic.staff")
    v.goto("/planning/rules/?year=2026")
    v.check_a11y("rules of the year")
    page.fill("input[name=max_term_years]", "4")
    page.fill("input[name=capable_until_year]", "6")  # beyond the maximum term
    page.fill("input[name=salary_2]", "0")
    with page.expect_navigation():
        page.click("[data-testid=year-rules-form] button[type=submit]")
    summary = page.locator(".errorsummary li")
    assert summary.count() == 2, summary.all_inner_texts()
    v.check_a11y("rules of the year with errors")
    v.logout()


def test_audit_log_and_password_pages_are_accessible(visit: Visit, demo: Demo) -> None:
    v = visit()
    page = v.login("mic.staff")
    v.goto("/audit/")
    v.check_a11y("audit log")
    rows = page.locator("[data-testid=audit-list] tbody a")
    assert rows.count() > 0, "the demo world has no audit event"
    with page.expect_navigation():
        rows.first.click()
    assert page.locator("[data-testid=audit-changes]").count() == 1
    v.check_a11y("audit event")
    # the chain's integrity: checked on the page, then a full verification asked for and recorded
    v.goto("/audit/chain/")
    assert page.locator("[data-testid=chain-state]").count() == 1
    v.check_a11y("integrity of the audit log")
    with page.expect_navigation():
        page.click("[data-testid=chain-verify] button[type=submit]")
    if page.locator("[data-testid=confirm-yes]").count():  # a long log asks first
        with page.expect_navigation():
            page.click("[data-testid=confirm-yes]")
    assert page.locator("[data-testid=chain-broken]").count() == 0
    recorded = page.locator("[data-testid=chain-verifications] tbody tr")
    assert recorded.count() == 1 and recorded.locator("td[colspan]").count() == 0
    v.check_a11y("integrity of the audit log, verified")
    v.goto("/accounts/password/change/")
    v.check_a11y("password change")
    v.logout()


# --- 6. Content-Security-Policy: no violation, no other host -------------------------------------------


def test_pages_respect_the_content_security_policy(visit: Visit, demo: Demo) -> None:
    v = visit()
    response = v.page.goto(demo("/accounts/login/"))
    assert response is not None
    csp = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp and "script-src 'self'" in csp, csp
    v.login("mission.admin")
    for path in ("/", "/organisations/", "/people/", "/calendar/", "/audit/", "/accounts/password/change/"):
        v.goto(path)  # waits for the load event: the page's scripts, styles and images have come
    v.logout()
    assert v.watch.csp_errors == []
    assert v.watch.foreign_requests == []


# --- screenshots of the home page (looked at by a person; not compared) ------------------------------------


def test_home_screenshots(visit: Visit, demo: Demo) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for username, language in (("mic.staff", "ja"), ("mission.staff", "en")):
        original = User.objects.get(username=username).language
        User.objects.filter(username=username).update(language=language)
        try:
            for width, height in ((1280, 800), (390, 844)):
                v = visit(viewport={"width": width, "height": height})
                v.login(username)
                assert html_lang(v) == language
                shot = SHOTS / f"home-{username}-{language}-{width}x{height}.png"
                v.page.screenshot(path=str(shot), full_page=True)
                v.check_a11y(f"home of {username} at {width}px")
                v.logout()
        finally:
            User.objects.filter(username=username).update(language=original)


# --- the TOTP second factor -----------------------------------------------------------------------------


def test_second_factor_set_up_and_asked_at_login(visit: Visit, demo: Demo) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def code(device: TOTPDevice, drift: int = 0) -> str:
        return (
            f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"
        )

    v = visit()
    page = v.login("mext.staff")
    try:
        with page.expect_navigation():
            page.click("header a[href='/accounts/second-factor/']")
        assert page.locator("[data-testid=totp-qr]").is_visible()
        v.check_a11y("second factor set-up")
        device = TOTPDevice.objects.get(user__username="mext.staff", confirmed=False)
        page.fill("input[name=token]", code(device))
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert urlsplit(page.url).path == "/"
        v.logout()
        page = v.login("mext.staff")
        assert urlsplit(page.url).path == "/accounts/second-factor/verify/"
        v.check_a11y("second factor code")
        device.refresh_from_db()
        page.fill("input[name=token]", code(device, drift=1))  # the enrolment's code cannot be replayed
        with page.expect_navigation():
            page.click("main form button.primary")
        assert urlsplit(page.url).path == "/"
        assert page.locator("[data-testid=username]").inner_text() == "mext.staff"
        v.logout()
    finally:
        TOTPDevice.objects.filter(user__username="mext.staff").delete()
