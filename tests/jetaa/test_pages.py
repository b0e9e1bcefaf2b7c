"""JETAA support's pages: the cycle through the pages of each role (the chapter's plan, the mission's
execution plan, HQ's assessment with its confirmation, support, report, evaluation, the evaluations side by
side, next year's line showing last year's evaluation), bad input refused with the rule named, records of
another chapter or mission answering 404, and the downloads (audited, formula-like text neutralised)."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jetpm.core.models import AuditEvent
from jetpm.jetaa import services, services_support
from jetpm.jetaa.models import (
    ChapterPlan,
    ExecutionPlan,
    MissionEvaluation,
    ProjectLine,
    ProjectReport,
    SupportYear,
)
from jetpm.jetaa.states import ChapterPlanStatus, ExecutionPlanStatus, LineStatus, PolicyStatus
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
    this_year,
)
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(world: World) -> World:
    link_chapters(world)
    approved_year(world)
    return world


def test_a_chapter_starts_fills_and_submits_its_plan(cycle: World) -> None:
    officer = client_of(cycle, "chapter_a.officer")
    home = officer.get("/jetaa/")
    assert home.status_code == 200 and "/jetaa/plans/new/" in text_of(home)
    response = officer.post("/jetaa/plans/new/", {"fiscal_year": this_year(), "notes": "Our year"})
    plan = ChapterPlan.objects.get(chapter=cycle.orgs["chapter_a"])
    assert response.status_code == 302 and response["Location"] == f"/jetaa/plans/{plan.pk}/"
    # a negative amount, a missing title: both refused at once, nothing written
    bad = officer.post(f"/jetaa/plans/{plan.pk}/lines/new/", line_form(title="", amount_local="-5"))
    assert bad.status_code == 422
    assert "Give the project a title." in text_of(bad)
    assert "The amount asked must be more than zero." in text_of(bad)
    assert not ProjectLine.objects.filter(plan=plan).exists()
    ok = officer.post(f"/jetaa/plans/{plan.pk}/lines/new/", line_form())
    assert ok.status_code == 302
    assert ProjectLine.objects.filter(plan=plan, requested_yen=300_000).exists()
    page = officer.get(f"/jetaa/plans/{plan.pk}/")
    assert "Career night" in text_of(page) and "③ Career-up seminars and workshops" in text_of(page)
    # submitting asks first, and says to whom the plan goes
    asked = officer.post(f"/jetaa/plans/{plan.pk}/submit/")
    assert asked.status_code == 200 and 'data-testid="confirm"' in text_of(asked)
    assert str(cycle.orgs["mission_a"]) in text_of(asked)
    plan.refresh_from_db()
    assert plan.status == ChapterPlanStatus.DRAFT
    officer.post(f"/jetaa/plans/{plan.pk}/submit/", {"confirmed": "yes"})
    plan.refresh_from_db()
    assert plan.status == ChapterPlanStatus.SUBMITTED


def test_an_amount_over_the_envelope_is_refused_on_the_page(cycle: World) -> None:
    services.set_envelope(
        actor=cycle.users["mofa.staff"],
        mission_id=cycle.orgs["mission_a"].pk,
        fiscal_year=this_year(),
        amount_yen=100_000,
    )
    plan, _line = plan_with_line(cycle, amount_local="100", rate_to_yen="150")
    response = client_of(cycle, "chapter_a.officer").post(f"/jetaa/plans/{plan.pk}/lines/new/", line_form())
    assert response.status_code == 422
    body = text_of(response)
    assert "Over the mission&#x27;s envelope" in body or "Over the mission's envelope" in body
    assert ProjectLine.objects.filter(plan=plan).count() == 1


def test_a_plan_after_the_window_is_refused_with_the_window_named(world: World) -> None:
    link_chapters(world)
    approved_year(world, open_today=False)
    response = client_of(world, "chapter_a.officer").post("/jetaa/plans/new/", {"fiscal_year": this_year()})
    assert response.status_code == 422
    assert "Outside the window for chapters" in text_of(response)
    assert not ChapterPlan.objects.exists()


def test_the_mission_builds_and_submits_its_execution_plan(cycle: World) -> None:
    plan, _line = plan_with_line(cycle)
    services.submit_chapter_plan(actor=cycle.users["chapter_a.officer"], plan_id=plan.pk)
    staff = client_of(cycle, "mission_a.staff")
    assert "JETAA Sydney" not in text_of(staff.get(f"/jetaa/?fy={this_year()}"))
    response = staff.post(f"/jetaa/plans/{plan.pk}/include/")
    execution = ExecutionPlan.objects.get(mission=cycle.orgs["mission_a"])
    assert response["Location"] == f"/jetaa/execution/{execution.pk}/"
    staff.post(
        f"/jetaa/execution/{execution.pk}/edit/",
        {"requests_to_jetaa": "Two alumni at the info sessions", "contact_arrangements": "Monthly call"},
    )
    page = text_of(staff.get(f"/jetaa/execution/{execution.pk}/"))
    assert "Two alumni at the info sessions" in page and "Career night" in page
    asked = staff.post(f"/jetaa/execution/{execution.pk}/submit/")
    assert 'data-testid="confirm"' in text_of(asked)
    staff.post(f"/jetaa/execution/{execution.pk}/submit/", {"confirmed": "yes"})
    execution.refresh_from_db()
    assert execution.status == ExecutionPlanStatus.SUBMITTED


def test_hq_reduces_a_line_only_with_a_reason_and_after_confirming(cycle: World) -> None:
    line = submitted_to_hq(cycle)
    hq = client_of(cycle, "mofa.staff")
    assert 'data-testid="assess"' in text_of(hq.get(f"/jetaa/lines/{line.pk}/"))
    refused = hq.post(f"/jetaa/lines/{line.pk}/assess/", {"decision": "reduce"})
    assert refused.status_code == 422
    assert "Say why the amount is reduced." in text_of(refused)
    assert "Give the amount approved." in text_of(refused)
    asked = hq.post(
        f"/jetaa/lines/{line.pk}/assess/", {"decision": "reduce", "approved_yen": "200000", "reason": "Venue"}
    )
    assert 'data-testid="confirm"' in text_of(asked) and "¥200,000" in text_of(asked)
    line.refresh_from_db()
    assert line.status == LineStatus.PENDING
    done = hq.post(
        f"/jetaa/lines/{line.pk}/assess/",
        {"decision": "reduce", "approved_yen": "200000", "reason": "Venue", "confirmed": "yes"},
    )
    assert done.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.approved_yen) == (LineStatus.REDUCED, 200_000)
    assert "Venue" in text_of(client_of(cycle, "chapter_a.officer").get(f"/jetaa/lines/{line.pk}/"))


def test_support_report_and_evaluation_through_the_pages(cycle: World) -> None:
    line = submitted_to_hq(cycle, title="=SUM(A1)")
    hq = cycle.users["mofa.staff"]
    services.assess_line(actor=hq, line_id=line.pk, decision="approve")
    services.complete_assessment(actor=hq, plan_id=line.plan.execution_plan_id)
    staff = client_of(cycle, "mission_a.staff")
    today = timezone.localdate().isoformat()
    over = staff.post(f"/jetaa/lines/{line.pk}/commit/", {"amount_yen": "400000", "committed_on": today})
    assert over.status_code == 422 and "Over the approved amount" in text_of(over)
    staff.post(f"/jetaa/lines/{line.pk}/commit/", {"amount_yen": "250000", "committed_on": today})
    commitment = line.commitments.get()
    staff.post(
        f"/jetaa/lines/{line.pk}/pay/",
        {
            "commitment_id": commitment.pk,
            "amount_yen": "250000",
            "paid_on": today,
            "receipt_reference": "R-1",
        },
    )
    assert "R-1" in text_of(staff.get(f"/jetaa/lines/{line.pk}/"))
    officer = client_of(cycle, "chapter_a.officer")
    held = line.starts_on.isoformat()
    officer.post(
        f"/jetaa/lines/{line.pk}/report/",
        {
            "held_on": held,
            "participants": "38",
            "impressions": "=Great night",
            "expenses_yen": "250000",
            "photos": [SimpleUploadedFile("night.png", PNG_1PX, content_type="image/png")],
            "final": "on",
        },
    )
    report = ProjectReport.objects.get(line=line, participants=38)
    photo = report.photos.get()
    assert officer.get(f"/jetaa/photos/{photo.pk}/")["Content-Type"] == "image/png"
    assert client_of(cycle, "chapter_b.officer").get(f"/jetaa/photos/{photo.pk}/").status_code == 404
    refused = staff.post(f"/jetaa/lines/{line.pk}/evaluate/", {"effect": "high", "support_next_year": "yes"})
    assert refused.status_code == 422 and "Give the reason" in text_of(refused)
    evaluation = {"effect": "high", "support_next_year": "yes", "reason": "Forty came"}
    asked = text_of(staff.post(f"/jetaa/lines/{line.pk}/evaluate/", evaluation))
    assert 'data-testid="confirm"' in asked and line.title in asked
    assert not MissionEvaluation.objects.filter(line=line).exists()
    staff.post(f"/jetaa/lines/{line.pk}/evaluate/", {**evaluation, "confirmed": "yes"})
    side = text_of(client_of(cycle, "mofa.staff").get(f"/jetaa/evaluations/?fy={this_year()}"))
    assert "Forty came" in side and str(cycle.orgs["mission_a"]) in side and "=SUM(A1)" in side
    # the missions' sheet: formula-like text neutralised, the download audited
    before = AuditEvent.objects.filter(action="stats.export").count()
    sheet = client_of(cycle, "mofa.staff").get(
        f"/stats/jetaa-support/?fy={this_year()}&format=csv&table=lines"
    )
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert rows[1][2] == "'=SUM(A1)" and rows[1][-4:-2] == ["38", "250000"]
    assert AuditEvent.objects.filter(action="stats.export").count() == before + 1


def test_a_report_for_an_unapproved_project_is_refused(cycle: World) -> None:
    line = submitted_to_hq(cycle)
    services.assess_line(
        actor=cycle.users["mofa.staff"], line_id=line.pk, decision="reject", reason="Out of scope"
    )
    response = client_of(cycle, "chapter_a.officer").post(
        f"/jetaa/lines/{line.pk}/report/",
        {"held_on": line.starts_on.isoformat(), "participants": "5", "impressions": "x", "expenses_yen": "1"},
    )
    assert response.status_code == 422
    assert "only for a project HQ approved" in text_of(response)
    assert not ProjectReport.objects.exists()


def test_next_years_line_shows_last_years_evaluation(cycle: World) -> None:
    line = submitted_to_hq(cycle)
    hq = cycle.users["mofa.staff"]
    services.assess_line(actor=hq, line_id=line.pk, decision="approve")
    services_support.submit_report(
        actor=cycle.users["chapter_a.officer"],
        line_id=line.pk,
        held_on=line.starts_on,
        participants=40,
        impressions="Good",
        expenses_yen=300_000,
    )
    services_support.evaluate_project(
        actor=cycle.users["mission_a.staff"],
        line_id=line.pk,
        effect="high",
        support_next_year=True,
        reason="Keep it",
    )
    later = ProjectLine.objects.create(
        plan=ChapterPlan.objects.create(
            chapter=cycle.orgs["chapter_a"], mission=cycle.orgs["mission_a"], fiscal_year=this_year() + 1
        ),
        carried_from=line,
        **{
            **line_values(),
            "starts_on": line.starts_on + timedelta(days=366),
            "ends_on": line.ends_on + timedelta(days=366),
            "requested_yen": 300_000,
        },
    )
    page = text_of(client_of(cycle, "chapter_a.officer").get(f"/jetaa/plans/{later.plan_id}/"))
    assert 'data-testid="last-year-evaluation"' in page and "Keep it" in page


def test_another_chapters_or_missions_records_answer_404(cycle: World) -> None:
    line = submitted_to_hq(cycle)
    other_officer = client_of(cycle, "chapter_b.officer")
    other_mission = client_of(cycle, "mission_b.staff")
    assert other_officer.get(f"/jetaa/plans/{line.plan_id}/").status_code == 404
    assert other_officer.get(f"/jetaa/lines/{line.pk}/").status_code == 404
    assert other_mission.get(f"/jetaa/execution/{line.plan.execution_plan_id}/").status_code == 404
    assert other_mission.post(f"/jetaa/lines/{line.pk}/commit/", {"amount_yen": "1"}).status_code == 404
    # a chapter's officer does not assess
    assert client_of(cycle, "chapter_a.officer").post(f"/jetaa/lines/{line.pk}/assess/").status_code == 404


def test_the_dashboard_and_hqs_workbook(cycle: World) -> None:
    submitted_to_hq(cycle)
    hq = client_of(cycle, "mofa.staff")
    page = hq.get(f"/stats/jetaa-support/?fy={this_year()}")
    assert page.status_code == 200 and "<svg" in text_of(page)
    book = hq.get(f"/stats/jetaa-support/?fy={this_year()}&format=xlsx")
    assert book["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_of(cycle, "chapter_a.officer").get("/stats/jetaa-support/").status_code == 404


@pytest.mark.parametrize("username", ["mofa.staff", "mission_a.staff", "chapter_a.officer"])
def test_the_pages_answer_in_both_languages(cycle: World, username: str) -> None:
    line = submitted_to_hq(cycle)
    client = client_of(cycle, username)
    for lang in ("ja", "en"):
        client.post("/language/", {"language": lang, "next": "/"})
        for path in (
            f"/jetaa/?fy={this_year()}",
            f"/jetaa/plans/{line.plan_id}/",
            f"/jetaa/lines/{line.pk}/",
            f"/jetaa/policy/?fy={this_year()}",
        ):
            response = client.get(path)
            assert response.status_code == 200, (lang, path)
            assert f'lang="{lang}"' in text_of(response)


def test_hq_drafts_next_years_policy_and_the_approver_puts_it_in_force(cycle: World) -> None:
    year = SupportYear.objects.get(fiscal_year=this_year(), status=PolicyStatus.APPROVED)
    hq = client_of(cycle, "mofa.staff")
    page = hq.get(f"/jetaa/policy/?fy={this_year()}")
    assert 'data-testid="next-year"' in text_of(page)
    refused = hq.post(f"/jetaa/policy/{year.pk}/next-year/", {"fiscal_year": this_year() + 1})
    assert refused.status_code == 422 and "Say what changed from last year." in text_of(refused)
    done = hq.post(
        f"/jetaa/policy/{year.pk}/next-year/",
        {
            "fiscal_year": this_year() + 1,
            "revision_note": "Recruitment cooperation first",
            "national_budget_yen": "12000000",
            **{
                name: getattr(year, name).replace(year=getattr(year, name).year + 1).isoformat()
                for name in services.WINDOW_FIELDS
            },
        },
    )
    assert done.status_code == 302
    draft = SupportYear.objects.get(fiscal_year=this_year() + 1)
    assert (draft.status, draft.national_budget_yen) == (PolicyStatus.DRAFT, 12_000_000)
    # MOFA's staff do not approve; the approver does, after confirming
    assert 'data-testid="approve-policy"' not in text_of(hq.get(f"/jetaa/policy/?fy={this_year() + 1}"))
    admin = client_of(cycle, "superuser")
    assert 'data-testid="confirm"' in text_of(admin.post(f"/jetaa/policy/{draft.pk}/approve/"))
    admin.post(f"/jetaa/policy/{draft.pk}/approve/", {"confirmed": "yes"})
    draft.refresh_from_db()
    assert draft.status == PolicyStatus.APPROVED
    # a chapter sees the approved policy, never a draft
    assert "Recruitment cooperation first" in text_of(
        client_of(cycle, "chapter_a.officer").get(f"/jetaa/policy/?fy={this_year() + 1}")
    )


def test_hq_completes_the_assessment_and_evaluates_the_missions_year(cycle: World) -> None:
    line = submitted_to_hq(cycle)
    hq_user = cycle.users["mofa.staff"]
    services.assess_line(actor=hq_user, line_id=line.pk, decision="approve")
    hq = client_of(cycle, "mofa.staff")
    execution = line.plan.execution_plan
    assert 'data-testid="confirm"' in text_of(hq.post(f"/jetaa/execution/{execution.pk}/complete/"))
    hq.post(f"/jetaa/execution/{execution.pk}/complete/", {"confirmed": "yes"})
    execution.refresh_from_db()
    assert execution.status == ExecutionPlanStatus.ASSESSED
    refused = hq.post(f"/jetaa/execution/{execution.pk}/evaluate/", {"effectiveness": "good"})
    assert refused.status_code == 422
    assert "Choose a rating." in text_of(refused) and "Write HQ&#x27;s evaluation." in text_of(refused)
    evaluation = {"effectiveness": "good", "efficiency": "fair", "comment": "Good reach, costly venues"}
    asked = text_of(hq.post(f"/jetaa/execution/{execution.pk}/evaluate/", evaluation))
    assert 'data-testid="confirm"' in asked and str(execution.mission) in asked
    hq.post(f"/jetaa/execution/{execution.pk}/evaluate/", {**evaluation, "confirmed": "yes"})
    assert "Good reach, costly venues" in text_of(
        client_of(cycle, "mission_a.staff").get(f"/jetaa/execution/{execution.pk}/")
    )


def test_the_dashboard_shows_the_figures_of_jetpm_stats(cycle: World) -> None:
    """The dashboard's table by mission carries the figures of ``jetpm stats jetaa-support``."""
    from jetpm.jetaa.selectors_figures import support_rows

    line = submitted_to_hq(cycle)
    hq_user = cycle.users["mofa.staff"]
    services.assess_line(
        actor=hq_user, line_id=line.pk, decision="reduce", approved_yen=250_000, reason="Venue"
    )
    staff = cycle.users["mission_a.staff"]
    commitment = services_support.record_commitment(
        actor=staff, line_id=line.pk, amount_yen=200_000, committed_on=timezone.localdate()
    )
    services_support.record_payment(
        actor=staff, commitment_id=commitment.pk, amount_yen=150_000, paid_on=timezone.localdate()
    )
    sheet = client_of(cycle, "mofa.staff").get(
        f"/stats/jetaa-support/?fy={this_year()}&format=csv&table=missions"
    )
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    header, mission = rows[0], rows[1]
    cells = dict(zip(header, mission, strict=True))
    (expected,) = [r for r in support_rows(this_year()) if r.mission == cycle.orgs["mission_a"].code]
    assert cells["Chapters"] == str(expected.chapters) == "1"
    assert cells["Projects"] == str(expected.projects) == "1"
    assert cells["Requested (yen)"] == str(expected.requested_yen) == "300000"
    assert cells["Approved (yen)"] == str(expected.approved_yen) == "250000"
    assert cells["Committed (yen)"] == "200000"
    assert cells["Spent (yen)"] == str(expected.spent_yen) == "150000"
    assert cells["Envelope left to approve (yen)"] == "4750000"  # the envelope of ¥5,000,000 less approved
    assert cells["Approved, not yet spent (yen)"] == "100000"


def test_hq_sets_the_missions_envelopes_on_the_policy_page(cycle: World) -> None:
    from jetpm.jetaa.models import MissionEnvelope

    hq = client_of(cycle, "mofa.staff")
    fy = this_year()
    page = text_of(hq.get(f"/jetaa/policy/?fy={fy}"))
    assert 'data-testid="envelope-form"' in page
    mission = cycle.orgs["mission_a"]
    url = f"/jetaa/policy/envelopes/?fy={fy}"
    # nothing chosen, and an amount over the national budget (¥10,000,000): each refused, nothing written
    refused = hq.post(url, {"mission": "", "amount_yen": "5000"})
    assert refused.status_code == 422 and "Choose the mission." in text_of(refused)
    both = text_of(hq.post(url, {"mission": "", "amount_yen": "-5"}))  # every error at once
    assert "Choose the mission." in both and "The envelope cannot be negative." in both
    over = hq.post(url, {"mission": mission.pk, "amount_yen": "10000001"})
    assert over.status_code == 422 and "Over the national budget" in text_of(over)
    negative = hq.post(url, {"mission": mission.pk, "amount_yen": "-5"})
    assert negative.status_code == 422
    assert not MissionEnvelope.objects.filter(mission=mission, fiscal_year=fy).exists()
    saved = hq.post(url, {"mission": mission.pk, "amount_yen": "2500000"})
    assert saved.status_code == 302
    envelope = MissionEnvelope.objects.get(mission=mission, fiscal_year=fy)
    assert envelope.amount_yen == 2_500_000
    assert AuditEvent.objects.filter(action="jetaa_envelope.set", object_id=str(envelope.pk)).exists()
    listed = text_of(hq.get(f"/jetaa/policy/?fy={fy}"))
    assert "2,500,000" in listed and str(mission) in listed
    # a mission and a chapter officer see no form and may not post one (404)
    for username in ("mission_a.staff", "chapter_a.officer"):
        other = client_of(cycle, username)
        assert 'data-testid="envelope-form"' not in text_of(other.get(f"/jetaa/policy/?fy={fy}"))
        assert other.post(url, {"mission": mission.pk, "amount_yen": "1"}).status_code == 404
    assert MissionEnvelope.objects.get(pk=envelope.pk).amount_yen == 2_500_000


def test_a_chapter_is_shown_no_link_to_the_missions_pages(cycle: World) -> None:
    """A chapter's officer does not see the execution plans or the evaluations side by side: its pages do
    not link to them (a link that answers 404); the execution plan is named, not linked."""

    line = submitted_to_hq(cycle)
    officer = client_of(cycle, "chapter_a.officer")
    execution = line.plan.execution_plan
    assert execution is not None
    assert officer.get(f"/jetaa/execution/{execution.pk}/").status_code == 404
    for page in ("/jetaa/", f"/jetaa/plans/{line.plan_id}/", f"/jetaa/lines/{line.pk}/"):
        html = text_of(officer.get(page))
        links = set(re.findall(r'href="(/jetaa/(?:execution|evaluations)[^"]*)"', html))
        assert not links, (page, links)
    assert str(execution) in text_of(officer.get(f"/jetaa/plans/{line.plan_id}/"))
    # the mission's staff keep their links
    staff = text_of(client_of(cycle, "mission_a.staff").get(f"/jetaa/lines/{line.pk}/"))
    assert f'href="/jetaa/execution/{execution.pk}/"' in staff


def _scrolling_tables(html: str) -> list[str]:
    """The tables inside a sideways-scrolling box (a focusable region named by its heading)."""
    return re.findall(
        r'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="h-[\w-]+"[^>]*>'
        r"\s*(<table\b.*?</table>)\s*</div>",
        html,
        re.S,
    )


def test_wide_tables_scroll_in_their_card_and_amounts_are_right_aligned(cycle: World) -> None:
    """A table of 8 columns or more sits in a .table-scroll box (the card never overflows; its columns keep
    their widths); the yen amounts are numeric cells (right-aligned, equal-width digits)."""
    line = submitted_to_hq(cycle)
    hq = client_of(cycle, "mofa.staff")
    execution = ExecutionPlan.objects.get(mission=cycle.orgs["mission_a"])
    pages = {
        "execution": text_of(hq.get(f"/jetaa/execution/{execution.pk}/")),
        "evaluations": text_of(hq.get(f"/jetaa/evaluations/?fy={this_year()}")),
        "chapter plan": text_of(hq.get(f"/jetaa/plans/{line.plan_id}/")),
        "home": text_of(hq.get(f"/jetaa/?fy={this_year()}")),
        "stats": text_of(hq.get(f"/stats/jetaa-support/?fy={this_year()}")),
    }
    wrapped = {name: _scrolling_tables(html) for name, html in pages.items()}
    assert any('data-testid="execution-lines"' in t for t in wrapped["execution"])
    assert len(wrapped["evaluations"]) == 2 and len(wrapped["stats"]) == 3
    assert any('data-testid="plan-lines"' in t for t in wrapped["chapter plan"])
    assert wrapped["home"]
    for name, html in pages.items():
        assert '<th scope="col" class="num">Approved (yen)</th>' in html, name
    execution_table = wrapped["execution"][0]
    assert 'class="wide">Last year' in execution_table
    assert f'<td class="num">{line.requested_yen:,}</td>' in execution_table
    assert '<td class="num" data-testid="line-asked">' in pages["chapter plan"]
    services.assess_line(actor=cycle.users["mofa.staff"], line_id=line.pk, decision="approve")
    committed = text_of(hq.get(f"/jetaa/lines/{line.pk}/"))
    assert '<th scope="col" class="num">Amount committed (yen)</th>' in committed


def test_the_stylesheet_defines_the_scroll_box_and_numeric_cells() -> None:
    from pathlib import Path

    import jetpm

    css = (Path(jetpm.__file__).parent / "static" / "jetpm" / "jetpm.css").read_text()
    assert re.search(r"\.table-scroll \{[^}]*overflow-x: auto", css)
    assert re.search(r"th\.num, td\.num \{[^}]*text-align: right", css)
