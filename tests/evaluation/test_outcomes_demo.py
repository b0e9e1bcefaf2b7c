"""On the demo world: ``jetpm stats outcomes`` sums to the finished intake's submitted applications and
selected candidates and agrees with the pages; the severe panel is flagged and calibration's effect shown;
the pages are national views only.

The demo's complete entrance is the intake PUBLISHED_YEAR (FY2026: applied and screened during FY2025); of the
intake FY2025 it holds compact records (applications, panels' results, lists, placements: the FY2025 cohort);
the demo holds no application of intake FY2024, whose row is all zeros (tested too)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from jetpm.applications.models import Application
from jetpm.core.models import User
from jetpm.demo.world.core import PUBLISHED_YEAR
from jetpm.selection.models import SelectionEntry
from jetpm.selection.states import ListStatus, Result

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
YEAR = PUBLISHED_YEAR


def stats_csv(*args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("stats", "outcomes", *args, "--format", "csv", stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_by_country_sums_to_the_records_and_agrees_with_the_page(demo_world: None) -> None:
    rows = stats_csv("--fy", str(YEAR), "--by", "country")
    assert list(rows[0]) == [
        "fiscal_year",
        "by",
        "group",
        "applicants",
        "eligible",
        "interviewed",
        "selected",
        "alternates",
        "placed",
        "selection_rate_pct",
    ]
    body, total = rows[:-1], rows[-1]
    assert total["group"] == "total" and [r["group"] for r in body] == sorted(r["group"] for r in body)
    submitted = Application.objects.filter(intake_year=YEAR, submitted_at__isnull=False).count()
    selected = SelectionEntry.objects.filter(
        selection__intake_year=YEAR,
        selection__status__in=[ListStatus.APPROVED, ListStatus.PUBLISHED],
        result=Result.SHORTLISTED,
    ).count()
    assert submitted > 500 and selected > 100
    assert int(total["applicants"]) == submitted == sum(int(r["applicants"]) for r in body)
    assert int(total["selected"]) == selected == sum(int(r["selected"]) for r in body)
    for column in ("eligible", "interviewed", "alternates", "placed"):
        assert int(total[column]) == sum(int(r[column]) for r in body)
    assert int(total["applicants"]) >= int(total["eligible"]) >= int(total["interviewed"])
    assert int(total["interviewed"]) >= int(total["selected"]) > 0 and int(total["placed"]) > 0
    # the page shows the same numbers, per country and in total
    page = client_of("mofa.staff").get("/evaluation/outcomes/", {"fy": str(YEAR), "by": "country"})
    assert page.status_code == 200
    html = page.content.decode()
    foot = re.search(r'data-testid="outcomes-total">(.*?)</tr>', html, re.S)
    assert foot is not None
    cells = [c.replace(",", "") for c in re.findall(r"<td>([^<]*)</td>", foot.group(1))]
    expected = [
        total[c] for c in ("applicants", "eligible", "interviewed", "selected", "alternates", "placed")
    ]
    assert cells[:6] == expected and cells[6] == f"{total['selection_rate_pct']}%"
    # the page's CSV is the command's
    download = client_of("mofa.staff").get(
        "/evaluation/outcomes/", {"fy": str(YEAR), "by": "country", "format": "csv"}
    )
    lines = download.content.decode("utf-8-sig").splitlines()
    assert list(csv.DictReader(lines)) == rows


def test_every_breakdown_has_the_same_total(demo_world: None) -> None:
    totals = {
        by: stats_csv("--fy", str(YEAR), "--by", by)[-1]
        for by in ("country", "gender", "age_band", "mission", "panel")
    }
    figures = {tuple(v for k, v in t.items() if k != "by") for t in totals.values()}
    assert len(figures) == 1
    bands = [r["group"] for r in stats_csv("--fy", str(YEAR), "--by", "age_band")[:-1]]
    assert set(bands) <= {"-24", "25-29", "30-34", "35-39", "40-", "unknown"}


def test_the_fy2025_intake_sums_to_its_applications_and_selected_and_agrees_with_the_page(
    demo_world: None,
) -> None:
    """The demo's FY2025 intake (compact records: jetpm.demo.world.earlier_intake): the command's total row is
    the intake's submitted applications and short-listed candidates, its placed are the FY2025 cohort, and
    the outcomes page shows the same totals."""
    from jetpm.appointments.models import Participant

    year = PUBLISHED_YEAR - 1
    rows = stats_csv("--fy", str(year), "--by", "country")
    body, total = rows[:-1], rows[-1]
    submitted = Application.objects.filter(intake_year=year, submitted_at__isnull=False).count()
    selected = SelectionEntry.objects.filter(
        selection__intake_year=year,
        selection__status__in=[ListStatus.APPROVED, ListStatus.PUBLISHED],
        result=Result.SHORTLISTED,
    ).count()
    cohort = Participant.objects.filter(cohort_year=year).count()
    assert cohort > 50 and selected >= cohort and submitted > 4 * cohort
    assert total["group"] == "total" and int(total["applicants"]) == submitted
    assert int(total["selected"]) == selected and int(total["placed"]) == cohort
    for column in ("applicants", "eligible", "interviewed", "selected", "alternates", "placed"):
        assert int(total[column]) == sum(int(r[column]) for r in body)
    assert int(total["applicants"]) > int(total["eligible"]) > int(total["interviewed"])
    assert int(total["interviewed"]) > int(total["selected"]) + int(total["alternates"])
    assert int(total["alternates"]) > 0 and int(total["selected"]) > int(total["placed"])
    # the short-listed got offers: the placed accepted, the others declined
    from jetpm.selection.models import Offer

    offers = Offer.objects.filter(application__intake_year=year)
    assert offers.count() == selected and offers.filter(status="accepted").count() == cohort
    # every placed applicant is one of the cohort's participants, by country
    by_country = {r["group"]: int(r["placed"]) for r in body}
    per_country: dict[str, int] = {}
    for code in Participant.objects.filter(cohort_year=year).values_list("country__code", flat=True):
        per_country[code] = per_country.get(code, 0) + 1
    assert {k: v for k, v in by_country.items() if v} == per_country
    # the page shows the same totals
    html = client_of("council.approver").get("/evaluation/outcomes/", {"fy": str(year), "by": "country"})
    foot = re.search(r'data-testid="outcomes-total">(.*?)</tr>', html.content.decode(), re.S)
    assert foot is not None
    cells = [c.replace(",", "") for c in re.findall(r"<td>([^<]*)</td>", foot.group(1))]
    expected = [
        total[c] for c in ("applicants", "eligible", "interviewed", "selected", "alternates", "placed")
    ]
    assert cells[:6] == expected and cells[6] == f"{total['selection_rate_pct']}%"


def test_a_year_without_records_is_zeros(demo_world: None) -> None:
    rows = stats_csv("--fy", "2024", "--by", "country")
    assert [list(r.values()) for r in rows] == [
        ["2024", "country", "total", "0", "0", "0", "0", "0", "0", ""]
    ]


def test_bad_arguments_are_refused_naming_them(demo_world: None) -> None:
    """(At the command line the refusal exits 2: the stats command's parser, tested with the command.)"""
    from django.core.management import CommandError

    for args, named in (
        (["--fy", "1986", "--by", "country"], "--fy"),
        (["--fy", "2026", "--by", "colour"], "--by"),
        (["--fy", "x", "--by", "country"], "--fy"),
    ):
        with pytest.raises(CommandError, match=named):
            call_command("stats", "outcomes", *args, stdout=io.StringIO(), stderr=io.StringIO())


def test_the_fairness_view_flags_the_severe_panel_and_calibrations_effect(demo_world: None) -> None:
    from jetpm.core.scoping import OPERATOR
    from jetpm.evaluation.fairness import selectors, stats

    panels = stats.panels(selectors.scored(OPERATOR, fiscal_year=YEAR))
    severe = [
        p for p in panels if p.stage == "interview" and p.verdict == "severe" and p.offset_before < -1.2
    ]
    assert len(severe) == 1, [(p.panel, p.offset_before) for p in panels if p.verdict]
    panel = severe[0]
    assert panel.offset_after is not None and abs(panel.offset_after) < 0.01
    effect = stats.calibration_effect(selectors.selection_lists(OPERATOR, fiscal_year=YEAR))
    mine = next(e for e in effect.by_panel if e.panel == panel.panel)
    assert mine.gained >= 3 and effect.changed >= mine.gained
    from jetpm.core.models import Organisation

    code, name = panel.panel.split("/")
    mission = Organisation.objects.get(code=code)
    html = client_of("council.approver").get("/evaluation/fairness/", {"fy": str(YEAR)}).content.decode()
    flagged = re.search(r'data-testid="fairness-flagged">(.*?)</ul>', html, re.S)
    assert flagged is not None and name in flagged.group(1)
    assert mission.name_ja in flagged.group(1) or mission.name_en in flagged.group(1)
    assert f">{effect.changed}<" in html or f" {effect.changed} " in html


@pytest.mark.parametrize("username", ["mic.staff", "mofa.staff", "clair.staff", "council.approver", "admin"])
def test_national_views_see_the_pages(demo_world: None, username: str) -> None:
    client = client_of(username)
    for path in ("/evaluation/outcomes/", "/evaluation/fairness/"):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("username", ["mission.staff", "panelist", "co.coordinator", "applicant"])
def test_others_get_404(demo_world: None, username: str) -> None:
    client = client_of(username)
    for path in ("/evaluation/outcomes/", "/evaluation/fairness/", "/evaluation/outcomes/?format=csv"):
        assert client.get(path).status_code == 404


def test_downloads_are_audited_and_the_xlsx_has_every_breakdown(demo_world: None) -> None:
    from openpyxl import load_workbook

    from jetpm.core.models import AuditEvent

    before = AuditEvent.objects.filter(action="evaluation.export").count()
    response = client_of("mic.staff").get("/evaluation/outcomes/", {"fy": str(YEAR), "format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 6
    assert AuditEvent.objects.filter(action="evaluation.export").count() == before + 1
