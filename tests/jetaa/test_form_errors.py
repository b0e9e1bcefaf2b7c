"""The project line's and the report's forms: the line's currency chosen from the list (never typed, nothing
chosen for the person on a new line), and every error of a form named in one answer (a date that is none
besides the service's rules on the other fields), nothing written while any remains."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jetpm.core.errors import DomainError, FieldErrors
from jetpm.jetaa import services
from jetpm.jetaa.models import ChapterPlan, ProjectLine, ProjectReport, ReportPhoto
from tests.jetaa.helpers import (
    PNG_1PX,
    approved_year,
    client_of,
    line_form,
    line_values,
    link_chapters,
    plan_with_line,
    submitted_to_hq,
    text_of,
)
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(world: World) -> World:
    link_chapters(world)
    approved_year(world)
    return world


def _plan(w: World) -> ChapterPlan:
    plan, _line = plan_with_line(w)
    return plan


def test_the_currency_of_a_line_is_chosen_from_the_list(cycle: World) -> None:
    plan = _plan(cycle)
    officer = client_of(cycle, "chapter_a.officer")
    page = text_of(officer.get(f"/jetaa/plans/{plan.pk}/lines/new/"))
    assert '<select name="currency"' in page and "USD – US dollar" in page
    assert '<option value="" selected>Choose…</option>' in page  # nothing chosen for the person
    refused = officer.post(f"/jetaa/plans/{plan.pk}/lines/new/", line_form(currency="XYZ"))
    assert refused.status_code == 422
    assert ">Currency</a>: Choose the currency from the list." in text_of(refused)
    unchosen = officer.post(f"/jetaa/plans/{plan.pk}/lines/new/", line_form(currency=""))
    assert unchosen.status_code == 422
    assert ">Currency</a>: Choose the currency from the list." in text_of(unchosen)
    assert plan.lines.count() == 1
    # a line that exists shows its own currency
    edit = text_of(officer.get(f"/jetaa/lines/{plan.lines.get().pk}/edit/"))
    assert '<option value="USD" selected>USD – US dollar</option>' in edit


def test_the_service_refuses_a_currency_off_the_list(cycle: World) -> None:
    plan = _plan(cycle)
    with pytest.raises(DomainError) as caught:
        services.add_line(
            actor=cycle.users["chapter_a.officer"], plan_id=plan.pk, **line_values(currency="xyz")
        )
    error = caught.value
    fields = [field for field, _m in error.errors] if isinstance(error, FieldErrors) else [error.field]
    assert fields == ["currency"]
    assert plan.lines.count() == 1
    # left out, a line is in yen (at the rate 1)
    values = {k: v for k, v in line_values(amount_local=1000).items() if k not in ("currency", "rate_to_yen")}
    line = services.add_line(actor=cycle.users["chapter_a.officer"], plan_id=plan.pk, **values)
    assert (line.currency, line.requested_yen) == ("JPY", 1000)


def test_every_bad_field_of_a_line_is_named_in_one_answer(cycle: World) -> None:
    plan = _plan(cycle)
    response = client_of(cycle, "chapter_a.officer").post(
        f"/jetaa/plans/{plan.pk}/lines/new/",
        line_form(starts_on="2026-02-31", title="", currency="XYZ", amount_local="abc"),
    )
    assert response.status_code == 422
    page = text_of(response)
    assert ">Starts on</a>: Enter a valid date." in page
    assert ">Title</a>: Give the project a title." in page
    assert ">Currency</a>: Choose the currency from the list." in page
    assert ">Amount asked (in that currency)</a>: The amount must be a number." in page
    assert plan.lines.count() == 1


def test_an_amount_and_a_count_with_thousands_separators_are_read(cycle: World) -> None:
    plan = _plan(cycle)
    response = client_of(cycle, "chapter_a.officer").post(
        f"/jetaa/plans/{plan.pk}/lines/new/",
        line_form(title="Big night", amount_local="1,000", expected_participants="1,200"),
    )
    assert response.status_code == 302
    line = plan.lines.get(title="Big night")
    assert (line.requested_yen, line.expected_participants) == (150_000, 1200)


@pytest.fixture
def reportable(cycle: World) -> ProjectLine:
    """An approved line whose mission's year is assessed: its report may be sent."""
    line = submitted_to_hq(cycle)
    services.assess_line(actor=cycle.users["mofa.staff"], line_id=line.pk, decision="approve")
    line.refresh_from_db()
    services.complete_assessment(actor=cycle.users["mofa.staff"], plan_id=line.plan.execution_plan_id)
    line.refresh_from_db()
    return line


def test_every_bad_field_of_a_report_is_named_in_one_answer(cycle: World, reportable: ProjectLine) -> None:
    response = client_of(cycle, "chapter_a.officer").post(
        f"/jetaa/lines/{reportable.pk}/report/",
        {
            "held_on": "not a date",
            "participants": "-3",
            "impressions": "",
            "expenses_yen": "1,5",
            "photos": [
                SimpleUploadedFile("night.png", PNG_1PX, content_type="image/png"),
                SimpleUploadedFile("notes.png", b"not an image at all", content_type="image/png"),
            ],
        },
    )
    assert response.status_code == 422
    page = text_of(response)
    assert ">Held on</a>: Enter a valid date." in page
    assert ">Participants</a>: The number of participants cannot be negative." in page
    assert ">Participants&#x27; impressions</a>: Tell the participants&#x27; impressions." in page
    assert ">Expenses (yen)</a>: The expenses must be a whole number of yen." in page
    assert "notes.png" in page and "its content was checked" in page
    assert ">This report is final</a>: Confirm that the report is final" in page
    assert not ProjectReport.objects.exists() and not ReportPhoto.objects.exists()


def test_a_good_report_keeps_its_photos_read_twice(cycle: World, reportable: ProjectLine) -> None:
    """The photos are read for the checks and again to be saved: both from their start."""
    response = client_of(cycle, "chapter_a.officer").post(
        f"/jetaa/lines/{reportable.pk}/report/",
        {
            "held_on": reportable.starts_on.isoformat(),
            "participants": "1,038",
            "impressions": "Great",
            "expenses_yen": "250,000",
            "photos": [SimpleUploadedFile("night.png", PNG_1PX, content_type="image/png")],
            "final": "on",
        },
    )
    assert response.status_code == 302
    report = ProjectReport.objects.get(line=reportable)
    assert (report.participants, report.expenses_yen) == (1038, 250_000)
    assert report.photos.get().size == len(PNG_1PX)


def test_a_change_during_the_year_names_every_error_at_once(cycle: World, reportable: ProjectLine) -> None:
    officer = client_of(cycle, "chapter_a.officer")
    page = text_of(officer.get(f"/jetaa/lines/{reportable.pk}/revise/"))
    assert '<option value="USD" selected>USD – US dollar</option>' in page  # the line's own currency
    posted = line_form(amount_local="2400")
    refused = officer.post(
        f"/jetaa/lines/{reportable.pk}/revise/", {**posted, "ends_on": "someday", "currency": "XYZ"}
    )
    assert refused.status_code == 422
    text = text_of(refused)
    assert ">Ends on</a>: Enter a valid date." in text
    assert ">Currency</a>: Choose the currency from the list." in text
    assert ">What changed and why</a>: Say what changed and why." in text
    assert not ProjectLine.objects.filter(previous=reportable).exists()
    done = officer.post(
        f"/jetaa/lines/{reportable.pk}/revise/", {**posted, "change_reason": "A bigger venue."}
    )
    assert done.status_code == 302
    assert ProjectLine.objects.get(previous=reportable).requested_yen == 360_000
