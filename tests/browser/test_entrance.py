"""The entrance in a real browser, end to end, once in English and once in Japanese: a new applicant
registers (the language chosen at registration), confirms the e-mail address, fills every step, uploads
the documents (a text file renamed .pdf is refused), invites two referees — a referee uploads a letter
through the one-time link, which then says it was used — submits, downloads the receipt, and cannot open a
second application for the year; the mission's staff marks it eligible, creates a panel with the demo's
panelist and assigns it; the panelist scores the documents (then cannot change the review) and is refused
(404) an application of another panel and one they declared a conflict with; the staff passes the stage,
schedules the interview, the panelist scores it, the staff recommends and submits the report to HQ; MOFA
sees plan, recommended and selected side by side, prepares and proposes the GB ALT list, the Council
approves it, MOFA publishes; the applicant sees the notice, accepts the offer with the reply form and
uploads the certificates; the mission marks the candidate cleared. Links and buttons are clicked and forms
filled (no direct POST); axe-core runs on every page visited."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise

from jetpm.applications.models import Application, Referee
from jetpm.applications.states import ApplicationStatus
from jetpm.core.models import Country, Organisation, Prefecture, User
from jetpm.core.selectors import arrival_date
from jetpm.screening.models import Conflict, Review
from jetpm.screening.states import ReviewStatus
from jetpm.selection.models import Offer
from jetpm.selection.states import ListStatus
from tests.browser.conftest import Demo, Visitor
from tests.browser.entrance_support import (
    LONDON,
    YEAR,
    Files,
    approved_plan_with_gb_alt,
    criteria,
    fresh_gb_alt_list,
    last_mail_to,
    link_in,
    open_intake_today,
    other_panels_application,
    own_panels_application,
    write_files,
)
from tests.browser.test_planning import click, fy, html_lang, login_in, messages, t

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]

PASSWORD = "Sakura-Momiji-2026!"
STAFF = ("mission.staff", "panelist", "mofa.staff", "council.approver")
LANGUAGES = ("en", "ja")
LOCALES = {"en": "en-GB", "ja": "ja-JP"}


@pytest.fixture
def languages_restored(demo: Demo) -> Iterator[None]:
    before = dict(User.objects.filter(username__in=STAFF).values_list("username", "language"))
    yield
    for username, language in before.items():
        User.objects.filter(username=username).update(language=language)


@pytest.fixture
def entrance(demo: Demo, tmp_path: Path) -> Files:
    open_intake_today()
    approved_plan_with_gb_alt()
    fresh_gb_alt_list()
    return write_files(tmp_path)


def status_shown(v: Visitor, testid: str) -> str:
    return v.page.get_by_test_id(testid).first.inner_text().strip()


def shown(lang: str, text: Promise) -> str:
    """A lazily translated label (a status) as the page shows it in ``lang``."""
    with translation.override(lang):
        return str(text)


def label(lang: str, status: str) -> str:
    return shown(lang, dict(ApplicationStatus.choices)[status])


# --- 1. the applicant --------------------------------------------------------------------------------------


def applicant_registers(visit: Visit, lang: str, email: str, family: str) -> Visitor:
    v = visit(locale=LOCALES[lang])
    page = v.goto("/accounts/login/")
    assert html_lang(v) == lang
    v.check_a11y(f"login ({lang})")
    click(v, "[data-testid=register-link]")
    assert page.locator("h1").inner_text().strip() == t(lang, "Create an applicant account")
    v.check_a11y(f"registration ({lang})")
    form = page.locator("main form")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD + "x")
    form.locator("input[name=family_name]").fill(family)
    form.locator("input[name=given_name]").fill("Robin")
    form.locator("input[name=birth_date]").fill("1998-05-04")
    form.locator("select[name=nationality]").select_option(str(Country.objects.get(code="GB").pk))
    form.locator("select[name=language]").select_option(lang)
    # The two passwords differ: refused on the field, nothing created.
    click(v, "main form button[type=submit]")
    assert t(lang, "The two passwords differ.") in page.locator(".field.has-error").inner_text()
    v.check_a11y(f"registration with an error ({lang})")
    assert not User.objects.filter(username=email).exists()
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    click(v, "main form button[type=submit]")
    assert page.get_by_test_id("sent").is_visible()
    v.check_a11y(f"registration mail sent ({lang})")
    user = User.objects.get(username=email)
    assert not user.is_active and user.language == lang

    # Logging in before confirming: told what to do.
    v.login(email, PASSWORD)
    unconfirmed = page.get_by_test_id("login-unconfirmed").inner_text()
    assert t(lang, "Send the confirmation link again") in unconfirmed
    v.check_a11y(f"login before confirming ({lang})")

    mail = last_mail_to(email)
    assert mail.subject == t(lang, "Confirm your e-mail address (JET Programme)")
    v.goto(link_in(mail, "/applications/register/verify/"))
    assert v.page.url.endswith("/applications/portal/")
    assert t(lang, "Your e-mail address is confirmed. Welcome!") in messages(v)
    assert html_lang(v) == lang
    v.check_a11y(f"portal home ({lang})")
    return v


def applicant_starts(v: Visitor, lang: str, email: str) -> Application:
    page = v.page
    london = Organisation.objects.get(code=LONDON)
    start = page.get_by_test_id(f"start-{YEAR}")
    assert fy(lang, YEAR) in start.inner_text()
    # A second tab on the same page: its start form is used after the first one (below).
    second = v.new_page()
    second.goto(v.demo("/applications/portal/"))
    if start.locator("select[name=mission]").count():
        start.locator("select[name=mission]").select_option(str(london.pk))
        second.get_by_test_id(f"start-{YEAR}").locator("select[name=mission]").select_option(str(london.pk))
    click(v, f"[data-testid=start-{YEAR}] button[type=submit]")
    application = Application.objects.get(person__user__username=email, intake_year=YEAR)
    assert t(lang, "Your application %(ref)s was opened.") % {"ref": application.reference} in messages(v)
    assert application.mission_id == london.pk
    # The second application of the year, from the other tab: refused.
    with second.expect_navigation():
        second.get_by_test_id(f"start-{YEAR}").locator("button[type=submit]").click()
    refused = t(lang, "You already have an application for %(year)s: one application per person and year.")
    assert refused % {"year": fy(lang, YEAR)} in second.locator("main ul.messages").inner_text()
    assert second.get_by_test_id(f"start-{YEAR}").count() == 0
    second.close()
    assert Application.objects.filter(person__user__username=email, intake_year=YEAR).count() == 1
    return application


def save_and_continue(v: Visitor, lang: str, step: str) -> None:
    click(v, "main form button[name=go][value=next]")
    assert t(lang, "Saved.") in messages(v), f"step {step}: {messages(v)}"
    assert v.page.get_by_test_id(f"step-{step}").inner_text().strip() == t(lang, "done")


def applicant_fills_the_form(v: Visitor, lang: str, application: Application, family: str) -> None:
    page = v.page
    # personal data: taken from the registration, completed here
    assert page.locator("input[name=passport_family_name]").input_value() == family
    v.check_a11y(f"step personal ({lang})")
    page.locator("input[name=passport_given_names]").fill("Robin Alex")
    page.locator("select[name=sex]").select_option("X")
    page.locator("select[name=job_type]").select_option("ALT")
    save_and_continue(v, lang, "personal")
    # contact
    page.locator("input[name=phone]").fill("+44 20 7946 0000")
    page.locator("textarea[name=address]").fill("1 Browser Street\nLondon SW1A 1AA")
    v.check_a11y(f"step contact ({lang})")
    save_and_continue(v, lang, "contact")
    # education
    page.locator("select[name=degree]").select_option("bachelor")
    page.locator("input[name=degree_subject]").fill("Modern Languages")
    page.locator("input[name=institution]").fill("University of Leeds")
    page.locator("input[name=degree_date]").fill("2024-06-30")
    v.check_a11y(f"step education ({lang})")
    save_and_continue(v, lang, "education")
    # languages
    page.locator("select[name=language_ability]").select_option("native")
    v.check_a11y(f"step languages ({lang})")
    save_and_continue(v, lang, "languages")
    # qualifications and experience
    page.locator("textarea[name=teaching_qualifications]").fill("CELTA (2025)")
    page.locator("textarea[name=experience]").fill("Two years of tutoring English to adults.")
    save_and_continue(v, lang, "experience")
    # prior participation
    page.locator("input[name=years_in_japan_last_10]").fill("0")
    v.check_a11y(f"step history ({lang})")
    save_and_continue(v, lang, "history")
    # placement preferences
    prefectures = list(Prefecture.objects.order_by("code").values_list("pk", flat=True)[:3])
    for i, pk in enumerate(prefectures, start=1):
        page.locator(f"select[name=preference_{i}]").select_option(str(pk))
    page.locator("textarea[name=preference_reasons]").fill("Mountains and small schools.")
    v.check_a11y(f"step preferences ({lang})")
    save_and_continue(v, lang, "preferences")
    # partner: nobody
    save_and_continue(v, lang, "partner")
    # medical self-report
    page.locator("input[name=medical_fit]").check()
    save_and_continue(v, lang, "medical")
    # statement of purpose
    statement = " ".join(["I want to teach English in a Japanese school and learn from my pupils."] * 6)
    page.get_by_test_id("statement").fill(statement)
    v.check_a11y(f"step statement ({lang})")
    click(v, "main form button[name=go][value=next]")
    assert v.page.url.endswith(f"/applications/portal/{application.pk}/documents/"), v.page.url


def applicant_uploads_documents(v: Visitor, lang: str, files: Files) -> None:
    page = v.page
    v.check_a11y(f"documents ({lang})")

    def upload(kind: str, path: Path) -> None:
        page.locator("main form select[name=kind]").select_option(kind)
        page.locator("main form input[name=file]").set_input_files(str(path))
        click(v, "main form[enctype='multipart/form-data'] button[type=submit]")

    # A text file named .pdf: refused by its content, named in the message, nothing stored.
    upload("degree", files.fake_pdf)
    refused = t(lang, "“%(name)s” is not a PDF, JPEG or PNG file (its content was checked, not its name).")
    assert refused % {"name": files.fake_pdf.name} in page.locator(".field.has-error").inner_text()
    v.check_a11y(f"documents with a refused file ({lang})")
    assert page.get_by_test_id("document-list").locator("tbody tr").inner_text().strip() == t(
        lang, "No document uploaded yet."
    )
    upload("transcript", files.pdf)
    assert t(lang, "“%(name)s” was uploaded.") % {"name": files.pdf.name} in messages(v)
    upload("degree", files.pdf)
    upload("nationality", files.png)
    assert t(lang, "“%(name)s” was uploaded.") % {"name": files.png.name} in messages(v)
    rows = page.get_by_test_id("document-list").locator("tbody tr")
    assert rows.count() == 3
    v.check_a11y(f"documents uploaded ({lang})")
    click(v, "main section a:has-text('" + t(lang, "Next step") + "')")


def applicant_invites_referees(v: Visitor, lang: str, application: Application, tag: str) -> list[str]:
    page = v.page
    assert page.url.endswith(f"/applications/portal/{application.pk}/referees/")
    v.check_a11y(f"referees ({lang})")
    addresses = []
    for order, (name, relation) in enumerate(
        [("Dr Ada Lovelace", "Dissertation supervisor"), ("Mr Charles Babbage", "Employer")], start=1
    ):
        email = f"referee{order}.{tag}@example.org"
        addresses.append(email)
        form = page.get_by_test_id(f"referee-{order}")
        form.locator(f"input[name=r{order}-name]").fill(name)
        form.locator(f"input[name=r{order}-email]").fill(email)
        form.locator(f"input[name=r{order}-relationship]").fill(relation)
        click(v, f"[data-testid=referee-{order}] button[name=invite]")
        assert t(lang, "Referee %(n)s was invited by e-mail.") % {"n": order} in messages(v)
    assert page.get_by_test_id("referee-2-state").is_visible()
    v.check_a11y(f"referees invited ({lang})")
    return addresses


def referee_uploads_a_letter(visit: Visit, lang: str, address: str, files: Files) -> None:
    link = link_in(last_mail_to(address), "/applications/reference/")
    r = visit(locale=LOCALES[lang])
    page = r.goto(link)
    assert page.locator("h1").inner_text().strip() == t(lang, "Letter of reference")
    r.check_a11y(f"referee's upload page ({lang})")
    page.locator("main form input[name=file]").set_input_files(str(files.pdf))
    click(r, "main form button[type=submit]")
    assert page.get_by_test_id("link-message").inner_text().strip() == t(
        lang, "Your letter was received. The link can no longer be used."
    )
    r.check_a11y(f"referee's thanks ({lang})")
    # The one-time link a second time: already used.
    r.goto(link, status=410)
    assert page.locator("h1").inner_text().strip() == t(lang, "This link has already been used")
    r.check_a11y(f"referee's link used ({lang})")
    assert Referee.objects.get(email=address).letter_id is not None


def applicant_submits(v: Visitor, lang: str, application: Application) -> None:
    page = v.page
    v.goto(f"/applications/portal/{application.pk}/declarations/")
    page.locator("input[name=declaration_true]").check()
    page.locator("input[name=declaration_consent]").check()
    v.check_a11y(f"declarations ({lang})")
    click(v, "main form button[name=go][value=next]")
    assert t(lang, "Saved.") in messages(v)
    click(v, f"[data-testid=step-list] a[href='/applications/portal/{application.pk}/']")
    assert page.get_by_test_id("missing").count() == 0, page.get_by_test_id("missing").inner_text()
    assert page.get_by_test_id("eligibility-failures").count() == 0
    referees = page.get_by_test_id("summary-referees").inner_text()
    assert t(lang, "not invited yet") not in referees
    assert all(r.received_at for r in Referee.objects.filter(application=application)), referees
    v.check_a11y(f"review before submission ({lang})")
    click(v, "[data-testid=submit]")
    assert t(lang, "Your application %(ref)s was submitted.") % {"ref": application.reference} in messages(v)
    assert status_shown(v, "application-status") == label(lang, ApplicationStatus.SUBMITTED)
    assert page.get_by_test_id("notice").count() >= 1
    assert page.locator("input[name=passport_family_name]").count() == 0  # only the contact details now
    v.check_a11y(f"submitted application ({lang})")
    with page.expect_download() as info:
        page.get_by_test_id("receipt").click()
    receipt = Path(info.value.path()).read_bytes()
    assert receipt.startswith(b"%PDF"), receipt[:20]
    assert info.value.suggested_filename == f"receipt-{application.reference}.pdf"
    # The form cannot be opened any more: the step page leads back to the application.
    v.goto(f"/applications/portal/{application.pk}/statement/")
    assert page.url.endswith(f"/applications/portal/{application.pk}/")


# --- 2. the mission's intake -------------------------------------------------------------------------------


def mission_marks_eligible(visit: Visit, lang: str, application: Application) -> Visitor:
    v = login_in(visit, "mission.staff", lang)
    page = v.page
    v.goto("/applications/intake/")
    v.check_a11y(f"intake list ({lang})")
    filters = page.get_by_test_id("intake-filters")
    if filters.locator("select[name=year]").count():
        filters.locator("select[name=year]").select_option(str(YEAR))
    filters.locator("input[name=q]").fill(application.reference)
    click(v, "[data-testid=intake-filters] button[type=submit]")
    rows = page.get_by_test_id("intake-row")
    assert rows.count() == 1, rows.all_inner_texts()
    assert label(lang, ApplicationStatus.SUBMITTED) in rows.inner_text()
    v.check_a11y(f"intake list filtered ({lang})")
    click(v, f"[data-testid=intake-list] a[href='/applications/intake/{application.pk}/']")
    assert page.get_by_test_id("eligibility").inner_text().strip() == t(lang, "No eligibility rule failed.")
    assert page.get_by_test_id("referees").locator("tbody tr").count() == 2
    v.check_a11y(f"intake detail ({lang})")
    click(v, "[data-testid=action-eligible] button[type=submit]")
    shown = t(lang, "The application is now “%(status)s”.") % {"status": label(lang, "eligible")}
    assert shown in messages(v)
    assert status_shown(v, "status") == label(lang, ApplicationStatus.ELIGIBLE)
    v.check_a11y(f"intake detail, eligible ({lang})")
    return v


# --- 3. screening ------------------------------------------------------------------------------------------


def mission_makes_a_panel(v: Visitor, lang: str, application: Application, panelist: User) -> int:
    page = v.page
    v.goto("/screening/")
    v.check_a11y(f"screening home ({lang})")
    form = page.get_by_test_id("panel-create")
    form.locator("input[name=intake_year]").fill(str(YEAR))
    form.locator("input[name=name]").fill(f"London ALT panel, browser test ({lang})")
    form.locator("select[name=job_type]").select_option("ALT")
    click(v, "[data-testid=panel-create] button[type=submit]")
    assert t(lang, "The panel was created.") in messages(v)
    panel_id = int(page.url.rstrip("/").rsplit("/", 1)[-1])
    add = page.get_by_test_id("member-add")
    add.locator("select[name=user]").select_option(str(panelist.pk))
    click(v, "[data-testid=member-add] button[type=submit]")
    assert t(lang, "The member was added.") in messages(v)
    v.check_a11y(f"panel with a member ({lang})")
    row = page.get_by_test_id("assignable").locator("tbody tr", has_text=application.reference)
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    assert t(lang, "The application was assigned to the panel.") in messages(v)
    assert page.get_by_test_id("assignable").locator("tbody tr", has_text=application.reference).count() == 0
    v.check_a11y(f"panel with the application ({lang})")
    return panel_id


def panelist_scores(v: Visitor, lang: str, application: Application, stage: str) -> None:
    page = v.page
    v.goto("/screening/")
    click(v, "[data-testid=queue-link]")
    v.check_a11y(f"panelist's queue, {stage} ({lang})")
    click(v, f"[data-testid=queue] a[href='/screening/applications/{application.pk}/']")
    v.check_a11y(f"application to score, {stage} ({lang})")
    form = page.get_by_test_id("review-form")
    for c in criteria(stage):
        form.locator(f"input[name=score_{c.code}]").fill(str(c.scale_max))
    form.locator("textarea[name=comment]").fill(f"Clear and convincing ({stage}).")
    click(v, "[data-testid=review-form] button[name=submit]")
    assert t(lang, "Your review was submitted.") in messages(v)
    assert page.get_by_test_id("review-locked").is_visible()
    assert page.get_by_test_id("review-form").count() == 0  # submitted: nothing left to change
    v.check_a11y(f"review submitted, {stage} ({lang})")
    review = Review.objects.get(application=application, stage=stage, reviewer__username="panelist")
    assert review.status == ReviewStatus.SUBMITTED


def panelist_is_refused(v: Visitor, lang: str, application: Application, panelist: User) -> None:
    page = v.page
    elsewhere = other_panels_application(panelist)
    v.goto(f"/screening/applications/{elsewhere.pk}/", status=404)
    v.check_a11y(f"another panel's application ({lang})")
    mine = own_panels_application(panelist, besides=application.pk)
    v.goto(f"/screening/applications/{mine.pk}/")
    form = page.get_by_test_id("conflict-form")
    form.locator("input[name=reason]").fill("I taught this applicant at university.")
    click(v, "[data-testid=conflict-form] button[type=submit]")
    assert t(lang, "Your conflict of interest was recorded: the application is no longer shown to you.") in (
        messages(v)
    )
    assert Conflict.objects.filter(application=mine, user=panelist).exists()
    v.check_a11y(f"queue after declaring a conflict ({lang})")
    v.goto(f"/screening/applications/{mine.pk}/", status=404)
    v.check_a11y(f"application with a conflict ({lang})")


def mission_decides(v: Visitor, lang: str, application: Application, to: str) -> None:
    page = v.page
    v.goto(f"/screening/applications/{application.pk}/")
    v.check_a11y(f"mission's screening page before {to} ({lang})")
    page.get_by_test_id("decision-form").locator("select[name=passed]").select_option("1")
    click(v, "[data-testid=decision-form] button[type=submit]")
    assert t(lang, "The decision was recorded.") in messages(v)
    assert status_shown(v, "app-status") == label(lang, to)


def mission_schedules_the_interview(v: Visitor, lang: str) -> None:
    page = v.page
    form = page.get_by_test_id("schedule-form")
    when = timezone.localdate() + timedelta(days=10)
    form.locator("input[name=starts_at]").fill(f"{when.isoformat()}T10:30")
    form.locator("input[name=minutes]").fill("30")
    form.locator("select[name=mode]").select_option("online")
    form.locator("input[name=place]").fill("https://meet.example.org/jet-london")
    form.locator("textarea[name=message]").fill("Please join five minutes early.")
    v.check_a11y(f"scheduling the interview ({lang})")
    click(v, "[data-testid=schedule-form] button[type=submit]")
    assert t(lang, "The interview was scheduled and the applicant invited.") in messages(v)
    assert status_shown(v, "app-status") == label(lang, ApplicationStatus.INTERVIEW)
    assert page.get_by_test_id("interview").is_visible()
    v.check_a11y(f"interview scheduled ({lang})")


def mission_submits_the_report(v: Visitor, lang: str, application: Application) -> None:
    page = v.page
    v.goto("/screening/")
    click(v, "main a[href='/screening/reports/']")
    v.check_a11y(f"reports ({lang})")
    page.get_by_test_id("report-build").locator("input[name=intake_year]").fill(str(YEAR))
    click(v, "[data-testid=report-build] button[type=submit]")
    assert t(lang, "The report was built from the recommended candidates.") in messages(v)
    assert application.reference in page.get_by_test_id("report-entries").inner_text()
    v.check_a11y(f"draft report ({lang})")
    click(v, "[data-testid=report-submit] button[type=submit]")
    assert t(lang, "The report was submitted to HQ.") in messages(v)
    assert page.get_by_test_id("report-submit").count() == 0
    v.check_a11y(f"submitted report ({lang})")


# --- 4. HQ and the Council ---------------------------------------------------------------------------------


def hq_prepares_and_proposes(visit: Visit, lang: str, application: Application) -> int:
    v = login_in(visit, "mofa.staff", lang)
    page = v.page
    v.goto(f"/selection/?year={YEAR}")
    row = page.get_by_test_id("row-GB-ALT")
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert int(cells[1]) >= 1 and int(cells[2]) >= 1, cells  # seats in the plan, recommended
    assert cells[5] == t(lang, "not prepared"), cells
    v.check_a11y(f"selection side by side ({lang})")
    form = page.get_by_test_id("selection-prepare")
    form.locator("select[name=country]").select_option(str(Country.objects.get(code="GB").pk))
    form.locator("select[name=job_type]").select_option("ALT")
    click(v, "[data-testid=selection-prepare] button[type=submit]")
    assert t(lang, "The proposal was prepared from the missions' recommendations.") in messages(v)
    entry = page.get_by_test_id(f"entry-{application.reference}")
    assert t(lang, "Short-listed") in entry.inner_text()
    v.check_a11y(f"draft selection list ({lang})")
    selection_id = int(page.url.rstrip("/").rsplit("/", 1)[-1])
    click(v, "[data-testid=list-propose] button[type=submit]")
    assert t(lang, "The list was proposed to the Council.") in messages(v)
    assert status_shown(v, "list-status") == shown(lang, ListStatus.PROPOSED.label)
    v.check_a11y(f"proposed selection list ({lang})")
    v.goto(f"/selection/?year={YEAR}")
    cells = [c.strip() for c in page.get_by_test_id("row-GB-ALT").locator("td").all_inner_texts()]
    assert int(cells[3]) >= 1, cells  # short-listed
    v.logout()
    return selection_id


def council_approves(visit: Visit, lang: str, selection_id: int) -> None:
    v = login_in(visit, "council.approver", lang)
    page = v.page
    v.goto(f"/selection/?year={YEAR}")
    v.check_a11y(f"selection seen by the Council ({lang})")
    click(v, f"[data-testid=selection-proposed] a[href='/selection/lists/{selection_id}/']")
    assert page.get_by_test_id("list-propose").count() == 0
    v.check_a11y(f"list to approve ({lang})")
    click(v, "[data-testid=list-approve] button[type=submit]")
    v.check_a11y(f"approval confirmation ({lang})")
    click(v, "[data-testid=confirm-yes]")  # the confirmation page says what becomes final
    assert t(
        lang, "The list was approved. It will be published with the other lists of the year."
    ) in messages(v)
    assert status_shown(v, "list-status") == shown(lang, ListStatus.APPROVED.label)
    v.check_a11y(f"approved list ({lang})")
    v.logout()


def hq_publishes(visit: Visit, lang: str) -> date:
    v = login_in(visit, "mofa.staff", lang)
    page = v.page
    v.goto(f"/selection/?year={YEAR}")
    deadline = timezone.localdate() + timedelta(days=14)
    page.get_by_test_id("selection-publish").locator("input[name=deadline]").fill(deadline.isoformat())
    click(v, "[data-testid=selection-publish] button[type=submit]")
    assert page.get_by_test_id("confirm").count() == 1  # nothing is sent before the confirmation
    click(v, "[data-testid=confirm-yes]")
    assert t(lang, "%(n)s lists were published; the candidates have been notified.") % {"n": 1} in messages(v)
    v.check_a11y(f"selection published ({lang})")
    v.logout()
    return deadline


# --- 5. the offer ------------------------------------------------------------------------------------------


def applicant_accepts(v: Visitor, lang: str, application: Application, files: Files) -> Offer:
    page = v.page
    v.goto("/applications/portal/")
    click(v, f"[data-testid=application-list] a[href='/applications/portal/{application.pk}/']")
    assert status_shown(v, "application-status") == label(lang, ApplicationStatus.SHORTLISTED)
    steps = page.get_by_test_id("next-steps")
    assert steps.get_by_test_id("interview-ics").is_visible()  # the interview was shown to them
    subject = t(lang, "JET Programme %(year)s: you have been short-listed") % {"year": fy(lang, YEAR)}
    assert subject in page.get_by_test_id("notice").first.inner_text()
    assert last_mail_to(application.email).subject == subject
    v.check_a11y(f"short-listed application ({lang})")
    click(v, "[data-testid=offer-link]")
    offer = Offer.objects.get(application=application)
    assert page.get_by_test_id("offer-deadline").inner_text().strip()
    v.check_a11y(f"offer ({lang})")
    form = page.get_by_test_id("offer-accept")
    form.locator("input[name=departure_airport]").fill("London Heathrow (LHR)")
    form.locator("input[name=passport_number]").fill("123456789")
    # A passport that expires before the arrival: refused on its field, the offer still open.
    arrival = arrival_date(YEAR)
    form.locator("input[name=passport_expires_on]").fill((arrival - timedelta(days=1)).isoformat())
    click(v, "[data-testid=offer-accept] button[type=submit]")
    with translation.override(lang):
        refused = t(lang, "Your passport must be valid after your arrival in Japan (%(date)s).") % {
            "date": date_format(arrival)
        }
    assert refused in page.get_by_test_id("offer-accept").locator(".field.has-error").inner_text()
    v.check_a11y(f"offer with a refused reply ({lang})")
    offer.refresh_from_db()
    assert offer.status == "open"
    form = page.get_by_test_id("offer-accept")
    assert form.locator("input[name=departure_airport]").input_value() == "London Heathrow (LHR)"
    form.locator("input[name=passport_expires_on]").fill("2035-01-31")
    click(v, "[data-testid=offer-accept] button[type=submit]")
    assert t(lang, "Thank you: you have accepted the offer. Please upload the two certificates.") in messages(
        v
    )
    assert page.get_by_test_id("offer-accept").count() == 0
    v.check_a11y(f"offer accepted ({lang})")
    for kind in ("health", "criminal_record"):
        upload = page.get_by_test_id("certificate-upload")
        upload.locator("select[name=kind]").select_option(kind)
        upload.locator("input[name=file]").set_input_files(str(files.pdf))
        click(v, "[data-testid=certificate-upload] button[type=submit]")
        assert t(lang, "The document was uploaded.") in messages(v)
    assert page.get_by_test_id("certificates").locator("li").count() == 2
    assert page.get_by_test_id("certificates-missing").count() == 0
    v.check_a11y(f"certificates uploaded ({lang})")
    return offer


def mission_clears(visit: Visit, lang: str, offer: Offer) -> None:
    v = login_in(visit, "mission.staff", lang)
    page = v.page
    v.goto(f"/selection/offers/{offer.pk}/")
    v.check_a11y(f"offer seen by the mission ({lang})")
    click(v, "[data-testid=offer-clear] button[type=submit]")
    assert t(lang, "The candidate is cleared for placement.") in messages(v)
    assert label(lang, ApplicationStatus.CLEARED) in status_shown(v, "offer-status")
    assert page.get_by_test_id("offer-clear").count() == 0
    v.check_a11y(f"cleared ({lang})")
    v.logout()


# --- the path ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entrance_from_registration_to_clearance(
    visit: Visit, lang: str, entrance: Files, languages_restored: None
) -> None:
    files = entrance
    tag = f"{lang}{timezone.now():%H%M%S}"
    email = f"robin.{tag}@example.org"
    family = f"Browserfield-{lang.upper()}"
    panelist = User.objects.get(username="panelist")

    applicant = applicant_registers(visit, lang, email, family)
    application = applicant_starts(applicant, lang, email)
    applicant_fills_the_form(applicant, lang, application, family)
    applicant_uploads_documents(applicant, lang, files)
    referees = applicant_invites_referees(applicant, lang, application, tag)
    referee_uploads_a_letter(visit, lang, referees[0], files)
    referee_uploads_a_letter(visit, lang, referees[1], files)
    applicant_submits(applicant, lang, application)

    staff = mission_marks_eligible(visit, lang, application)
    mission_makes_a_panel(staff, lang, application, panelist)

    member = login_in(visit, "panelist", lang)
    panelist_scores(member, lang, application, "documents")
    panelist_is_refused(member, lang, application, panelist)

    mission_decides(staff, lang, application, ApplicationStatus.DOCUMENT_SCREENED)
    mission_schedules_the_interview(staff, lang)
    panelist_scores(member, lang, application, "interview")
    member.logout()
    mission_decides(staff, lang, application, ApplicationStatus.RECOMMENDED)
    mission_submits_the_report(staff, lang, application)
    staff.logout()

    selection_id = hq_prepares_and_proposes(visit, lang, application)
    council_approves(visit, lang, selection_id)
    hq_publishes(visit, lang)

    offer = applicant_accepts(applicant, lang, application, files)
    applicant.logout()
    mission_clears(visit, lang, offer)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CLEARED
