"""The planning and outreach path in a real browser, as each role would walk it: a contracting organisation
submits its request, the host organisation forwards it, MIC sees the national demand and drills down to it,
a planner computes and edits the country plan and proposes it, the Council approves it, a mission records an
activity and submits its self-evaluation, MOFA reviews it. Links and buttons are clicked and forms filled
(no direct POST); axe-core runs on every page visited. The contracting organisation, the host organisation,
MIC's demand view and MOFA's review are walked in Japanese, the plan and the mission in English (each user
switches with the header's language button; the accounts' languages are restored afterwards)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone, translation

from jetpm.core.calendar import fiscal_year_label, fiscal_year_of
from jetpm.core.models import Organisation, User
from jetpm.outreach.models import OutreachActivity, SelfEvaluation
from jetpm.outreach.states import EvaluationStatus
from jetpm.planning.models import CountryPlan, PlacementRequest, PlanLine
from jetpm.planning.selectors.demand import demand_summary
from jetpm.planning.states import PlanStatus, RequestStatus
from tests.browser.conftest import Demo, Visitor

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]

GIFU_CO = "co-210005"
YEAR = 2028  # the intake whose requests window is open on the demo's today
EVALUATION_YEAR = 2026  # the UK mission's draft self-evaluation
USERS = (
    "co.coordinator",
    "host.coordinator",
    "mic.staff",
    "council.approver",
    "mission.staff",
    "mission.approver",
    "mofa.staff",
)


# --- helpers ------------------------------------------------------------------------------------------------


def t(language: str, text: str) -> str:
    """The text as the page shows it in ``language`` (the catalog's translation, or the English while the
    catalog lacks it)."""
    with translation.override(language):
        return translation.gettext(text)


def fy(language: str, year: int) -> str:
    return fiscal_year_label(year, language)


def html_lang(v: Visitor) -> str:
    return v.page.get_attribute("html", "lang") or ""


def click(v: Visitor, selector: str) -> None:
    """Click a link or a submit button and wait for the page it leads to."""
    with v.page.expect_navigation():
        v.page.locator(selector).click()


def nav(v: Visitor, href: str) -> None:
    """Follow an entry of the header's main menu."""
    click(v, f"header nav.mainnav a[href='{href}']")


def messages(v: Visitor) -> str:
    box = v.page.locator("main ul.messages")
    return box.inner_text() if box.count() else ""


def login_in(visit: Visit, username: str, language: str) -> Visitor:
    """Log in and, if the account's language is another one, switch with the header's button."""
    v = visit()
    v.login(username)
    if html_lang(v) != language:
        click(v, "[data-testid=lang-switch]")
    assert html_lang(v) == language, f"{username}: the page is in {html_lang(v)!r}, not {language!r}"
    v.check_a11y(f"home of {username} ({language})")
    return v


def status_tag(v: Visitor, scope: str) -> str:
    return v.page.locator(f"{scope} .tag").first.inner_text().strip()


@pytest.fixture
def languages_restored(demo: Demo) -> Iterator[None]:
    """The language button saves the choice on the account: put the demo accounts back as they were."""
    before = dict(User.objects.filter(username__in=USERS).values_list("username", "language"))
    yield
    for username, language in before.items():
        User.objects.filter(username=username).update(language=language)


# --- the path -----------------------------------------------------------------------------------------------


def co_submits_the_request(visit: Visit, req: PlacementRequest) -> None:
    ja = "ja"
    v = login_in(visit, "co.coordinator", ja)
    page = v.page
    nav(v, "/planning/requests/")
    assert page.locator("h1").inner_text().strip() == t(ja, "Requests")
    v.check_a11y("requests of the contracting organisation (ja)")
    row = page.locator("[data-testid=request-list] tbody tr", has=page.locator(f"a[href$='/{req.pk}/']"))
    assert fy(ja, YEAR) in row.inner_text()
    assert t(ja, "Draft") in row.inner_text()
    click(v, f"[data-testid=request-list] a[href='/planning/requests/{req.pk}/']")
    assert status_tag(v, "[data-testid=request-facts]") == t(ja, "Draft")
    v.check_a11y("draft request (ja)")

    click(v, f"main a[href='/planning/requests/{req.pk}/lines/']")
    v.check_a11y("lines of the request (ja)")
    alt_en = page.locator("[data-testid=request-lines] tbody tr", has_text="ALT").filter(
        has=page.locator("td", has_text="5")
    )
    assert alt_en.count() == 1, page.locator("[data-testid=request-lines]").inner_text()
    click(v, "[data-testid=request-lines] tbody tr:has-text('ALT') a[href^='?line=']")
    form = page.locator("[data-testid=line-form]")
    assert form.locator("select[name=job_type]").input_value() == "ALT"
    assert form.locator("select[name=language]").input_value() == "en"
    assert form.locator("input[name=new_participants]").input_value() == "5"
    v.check_a11y("a line being changed (ja)")
    form.locator("input[name=new_participants]").fill("7")
    click(v, "[data-testid=line-form] button[type=submit]")
    assert t(ja, "The line was saved.") in messages(v)
    lines = page.locator("[data-testid=request-lines]")
    assert lines.locator("tfoot").inner_text().split()[-2:] == ["8", "15"], lines.locator("tfoot").inner_text()

    # A line that breaks a rule: an error on the field, nothing saved.
    form = page.locator("[data-testid=line-form]")
    form.locator("select[name=job_type]").select_option("SEA")
    form.locator("select[name=language]").select_option("en")
    form.locator("input[name=new_participants]").fill("1")
    click(v, "[data-testid=line-form] button[type=submit]")
    assert page.locator(".errorsummary").count() == 1
    assert t(ja, "Name the sport of the SEA post.") in page.locator(".field.has-error").inner_text()
    v.check_a11y("line form with an error (ja)")
    assert req.lines.count() == 2

    click(v, f"main a[href='/planning/requests/{req.pk}/']")
    click(v, "[data-testid=submit]")
    assert t(ja, "The request was submitted.") in messages(v)
    assert status_tag(v, "[data-testid=request-facts]") == t(ja, "Submitted")
    assert page.locator("[data-testid=submit]").count() == 0
    assert page.locator("a[href$='/lines/']").count() == 0  # no longer editable
    v.check_a11y("submitted request (ja)")
    v.logout()
    req.refresh_from_db()
    assert req.status == RequestStatus.SUBMITTED


def host_forwards_the_request(visit: Visit, req: PlacementRequest) -> None:
    ja = "ja"
    v = login_in(visit, "host.coordinator", ja)
    page = v.page
    nav(v, "/planning/requests/")
    v.check_a11y("requests of the host organisation's area (ja)")
    assert page.locator("[data-testid=forward-all]").count() >= 1  # the area's tools
    # Only the submitted ones of the year, through the filter form.
    filters = page.locator("main form[role=search]")
    filters.locator("select[name=year]").select_option(str(YEAR))
    filters.locator("select[name=status]").select_option(RequestStatus.SUBMITTED.value)
    click(v, "main form[role=search] button[type=submit]")
    v.check_a11y("area's submitted requests (ja)")
    rows = page.locator("[data-testid=request-list] tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        assert t(ja, "Submitted") in rows.nth(i).inner_text()
    gifu = page.locator("[data-testid=request-list] tbody tr", has=page.locator(f"a[href$='/{req.pk}/']"))
    assert gifu.locator("td").first.inner_text().strip() == req.organisation.name_ja
    click(v, f"[data-testid=request-list] a[href='/planning/requests/{req.pk}/']")
    assert status_tag(v, "[data-testid=request-facts]") == t(ja, "Submitted")
    assert page.locator("[data-testid=request-lines] tfoot").inner_text().split()[-2:] == ["8", "15"]
    v.check_a11y("request to forward (ja)")
    click(v, "[data-testid=forward]")
    assert t(ja, "The request was forwarded to MIC/CLAIR.") in messages(v)
    assert status_tag(v, "[data-testid=request-facts]") == t(ja, "Forwarded")
    assert page.locator("[data-testid=forward]").count() == 0
    v.check_a11y("forwarded request (ja)")
    v.logout()
    req.refresh_from_db()
    assert req.status == RequestStatus.FORWARDED


def mic_sees_the_national_demand(v: Visitor, req: PlacementRequest) -> None:
    ja = "ja"
    page = v.page
    nav(v, "/planning/demand/")
    with translation.override(ja):
        summary = demand_summary(YEAR)
    assert page.locator("h1").inner_text().strip() == t(ja, "National demand for %(year)s") % {
        "year": fy(ja, YEAR)
    }
    totals = page.locator("[data-testid=demand-total] dd")
    assert totals.nth(0).inner_text().startswith(f"{summary.total.new} ("), totals.nth(0).inner_text()
    assert totals.nth(1).inner_text().startswith(f"{summary.total.total} ("), totals.nth(1).inner_text()
    assert summary.total.new > 0
    v.check_a11y("national demand (ja)")
    # Drill down: the prefecture's row, then the request.
    prefecture = req.organisation.prefecture
    assert prefecture is not None
    row = page.locator("[data-testid=demand-prefecture] tbody tr", has_text=str(prefecture))
    assert row.count() == 1
    click(v, f"[data-testid=demand-prefecture] tbody a[href$='prefecture={prefecture.code}']")
    assert f"prefecture={prefecture.code}" in page.url
    v.check_a11y("requests of one prefecture (ja)")
    rows = page.locator("[data-testid=request-list] tbody tr")
    for i in range(rows.count()):
        assert str(prefecture) in rows.nth(i).inner_text()
    click(v, f"[data-testid=request-list] a[href='/planning/requests/{req.pk}/']")
    assert status_tag(v, "[data-testid=request-facts]") == t(ja, "Forwarded")
    assert page.locator("[data-testid=request-lines] tfoot").inner_text().split()[-2:] == ["8", "15"]
    v.check_a11y("request seen by MIC (ja)")


def planner_computes_edits_and_proposes(v: Visitor, plan: CountryPlan) -> None:
    en = "en"
    page = v.page
    click(v, "[data-testid=lang-switch]")
    assert html_lang(v) == en
    nav(v, "/planning/plans/")
    assert page.locator("h1").inner_text().strip() == "Country recruitment plans"
    v.check_a11y("country plans")
    row = page.locator("[data-testid=plan-list] tbody tr", has=page.locator(f"a[href='/planning/plans/{plan.pk}/']"))
    assert "FY2028" in row.inner_text() and "Draft" in row.inner_text()
    click(v, f"[data-testid=plan-list] a[href='/planning/plans/{plan.pk}/']")
    assert page.locator("[data-testid=plan-status]").inner_text().strip() == "Draft"
    v.check_a11y("draft plan")

    params = page.locator("[data-testid=plan-parameters]")
    params.locator("select[name=method]").select_option("sainte-lague")
    params.locator("select[name=weight_source]").select_option("participants")
    click(v, "[data-testid=plan-parameters] button[type=submit]")
    assert "The parameters were saved." in messages(v)
    assert "Sainte-Laguë (Webster)" in page.locator("main dl.facts").first.inner_text()
    click(v, "[data-testid=plan-compute] button[type=submit]")
    assert "The proposal was computed:" in messages(v)
    seats = plan.lines.aggregate(n=Sum("seats"))["n"]
    assert seats and f"{seats} new participants" in messages(v)
    demand_foot = page.locator("[data-testid=plan-demand] tfoot td")
    assert demand_foot.nth(1).inner_text().strip() == str(seats)
    v.check_a11y("computed plan")

    click(v, f"main a[href='/planning/plans/{plan.pk}/lines/']")
    v.check_a11y("lines of the plan")
    line = (
        PlanLine.objects.filter(plan=plan, job_type="ALT", language__code="en", seats__gt=0)
        .select_related("country")
        .order_by("-seats", "country__code")
        .first()
    )
    assert line is not None and line.proposed == line.seats
    form_id = f"line-{line.pk}"
    seats_input, reason_input = page.locator(f"#{form_id}-seats"), page.locator(f"#{form_id}-reason")
    # A number that differs from the proposal, without a reason: refused, said on the row.
    seats_input.fill(str(line.seats + 1))
    reason_input.fill("")
    click(v, f"form#{form_id} button[type=submit]")
    row = page.locator("tr.has-error")
    assert row.count() == 1
    error = row.locator("p.error").inner_text()
    assert error.startswith("Reason: give a reason for") and line.country.code in error, error
    assert error in messages(v)
    assert page.locator(f"#{form_id}-seats").input_value() == str(line.seats + 1)  # what was typed is kept
    v.check_a11y("plan line refused without a reason")
    line.refresh_from_db()
    assert line.seats == line.proposed
    # With a reason: saved.
    page.locator(f"#{form_id}-reason").fill("One more school joins in FY2028 (browser test).")
    click(v, f"form#{form_id} button[type=submit]")
    assert f"{line.country.code} ALT en: {line.proposed + 1} new participants saved." in messages(v)
    assert page.locator("tr.has-error").count() == 0
    assert page.locator(f"#{form_id}-seats").input_value() == str(line.proposed + 1)
    v.check_a11y("plan line saved")

    click(v, f"main a[href='/planning/plans/{plan.pk}/']")
    reason_cell = page.locator("[data-testid=plan-lines-ALT-en] tbody tr", has_text=f"({line.country.code})")
    assert "One more school joins in FY2028" in reason_cell.inner_text()
    click(v, "[data-testid=plan-propose] button[type=submit]")
    assert "The plan was proposed to the Council." in messages(v)
    assert page.locator("[data-testid=plan-status]").inner_text().strip() == "Proposed to the Council"
    assert page.locator("[data-testid=plan-parameters]").count() == 0
    v.check_a11y("proposed plan")
    v.logout()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED


def council_approves(visit: Visit, plan: CountryPlan) -> None:
    v = login_in(visit, "council.approver", "en")
    page = v.page
    nav(v, "/planning/plans/")
    v.check_a11y("country plans seen by the Council")
    row = page.locator("[data-testid=plan-list] tbody tr", has=page.locator(f"a[href='/planning/plans/{plan.pk}/']"))
    assert "Proposed to the Council" in row.inner_text()
    click(v, f"[data-testid=plan-list] a[href='/planning/plans/{plan.pk}/']")
    assert page.locator("[data-testid=plan-propose]").count() == 0
    assert page.locator(f"main a[href='/planning/plans/{plan.pk}/lines/']").count() == 0
    v.check_a11y("plan to approve")
    click(v, "[data-testid=plan-approve] button[type=submit]")
    assert "The plan was approved." in messages(v)
    assert page.locator("[data-testid=plan-status]").inner_text().strip() == "Approved"
    assert "council.approver" in page.locator("main dl.facts").first.inner_text()
    assert page.locator("[data-testid=plan-approve]").count() == 0
    v.check_a11y("approved plan")
    v.logout()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def mission_records_an_activity(visit: Visit) -> str:
    v = login_in(visit, "mission.staff", "en")
    page = v.page
    nav(v, "/outreach/")
    v.check_a11y("outreach activities of the mission")
    click(v, "main a[href='/outreach/activities/new/']")
    assert page.locator("h1").inner_text().strip() == "New outreach activity"
    v.check_a11y("new activity")
    day = timezone.localdate() - timedelta(days=1)
    year = fiscal_year_of(day)
    place = "University of Edinburgh, careers fair (browser test)"
    form = page.locator("[data-testid=activity-form]")
    form.locator("select[name=fiscal_year]").select_option(str(year))
    form.locator("select[name=kind]").select_option("info_session")
    form.locator("select[name=status]").select_option("done")
    form.locator("input[name=date]").fill(day.isoformat())
    form.locator("input[name=place]").fill(place)
    form.locator("select[name=audience]").select_option("university_students")
    form.locator("input[name=alumni_involved]").fill("2")
    form.locator("input[name=cost_yen]").fill("12000")
    # Done but no attendance: the form says so on the field, nothing is saved.
    click(v, "[data-testid=activity-form] button[type=submit]")
    assert page.locator(".errorsummary").count() == 1
    assert "Give the attendance of an activity that is done." in page.locator(".field.has-error").inner_text()
    v.check_a11y("new activity with an error")
    assert not OutreachActivity.objects.filter(place=place).exists()
    page.locator("[data-testid=activity-form] input[name=attendance]").fill("45")
    click(v, "[data-testid=activity-form] button[type=submit]")
    assert "The activity was saved." in messages(v)
    assert page.locator("h1").inner_text().strip() == f"Outreach activities, {fy('en', year)}"
    row = page.locator("[data-testid=activity-list] tbody tr", has_text=place)
    assert row.count() == 1, f"{place!r} is not in the list"
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert "University information session" in cells and "45" in cells and "12000" in cells, cells
    v.check_a11y("activities with the new one")
    v.logout()
    return place


def mission_submits_its_self_evaluation(visit: Visit, evaluation: SelfEvaluation) -> None:
    v = login_in(visit, "mission.approver", "en")
    page = v.page
    nav(v, "/outreach/")
    filters = page.locator("main form[role=search]")
    filters.locator("select[name=year]").select_option(str(EVALUATION_YEAR))
    click(v, "main form[role=search] button[type=submit]")
    section = page.locator("section[aria-labelledby=evaluation-heading]")
    assert "Draft" in section.inner_text()
    click(v, f"main a[href='/outreach/evaluations/{evaluation.pk}/']")
    assert page.locator("[data-testid=evaluation-status]").inner_text().strip() == "Draft"
    v.check_a11y("draft self-evaluation")
    click(v, f"main a[href='/outreach/evaluations/{evaluation.pk}/edit/']")
    v.check_a11y("self-evaluation form")
    changes = "Two more university sessions in Scotland; ask JETAA UK to speak at each (browser test)."
    page.locator("[data-testid=evaluation-form] textarea[name=changes_next_year]").fill(changes)
    click(v, "[data-testid=evaluation-form] button[type=submit]")
    assert "The self-evaluation was saved." in messages(v)
    assert changes in page.locator("main").inner_text()
    click(v, f"main form[action='/outreach/evaluations/{evaluation.pk}/submit/'] button[type=submit]")
    assert "The self-evaluation was submitted to MOFA." in messages(v)
    assert page.locator("[data-testid=evaluation-status]").inner_text().strip() == "Submitted to MOFA"
    assert page.locator(f"main a[href='/outreach/evaluations/{evaluation.pk}/edit/']").count() == 0
    v.check_a11y("submitted self-evaluation")
    v.logout()
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SUBMITTED


def mofa_reviews(visit: Visit, evaluation: SelfEvaluation) -> None:
    ja = "ja"
    v = login_in(visit, "mofa.staff", ja)
    page = v.page
    nav(v, "/outreach/")
    v.check_a11y("outreach of all missions' activities (ja)")
    click(v, "main a[href^='/outreach/review/']")
    v.check_a11y("MOFA's review (ja)")
    if f"year={EVALUATION_YEAR}" not in page.url:
        page.locator("main form.filters select[name=year]").select_option(str(EVALUATION_YEAR))
        click(v, "main form.filters button[type=submit]")
    uk = Organisation.objects.get(pk=evaluation.mission_id)
    row = page.locator("[data-testid=review-table] tbody tr", has_text=uk.name_ja)
    while row.count() == 0 and page.locator("a[rel=next]").count():
        click(v, "a[rel=next]")
        row = page.locator("[data-testid=review-table] tbody tr", has_text=uk.name_ja)
    assert row.count() == 1, f"{uk.name_ja} is not in the review table"
    link = row.locator(f"a[href='/outreach/evaluations/{evaluation.pk}/']")
    assert link.inner_text().strip() == t(ja, "Submitted to MOFA")
    with page.expect_navigation():
        link.click()
    assert page.locator("[data-testid=evaluation-status]").inner_text().strip() == t(ja, "Submitted to MOFA")
    assert "Scotland" in page.locator("main").inner_text()
    v.check_a11y("self-evaluation to review (ja)")
    comment = "スコットランドでの説明会の拡充を評価します。(browser test)"
    page.locator("main textarea[name=review_comment]").fill(comment)
    click(v, f"main form[action='/outreach/evaluations/{evaluation.pk}/review/'] button[type=submit]")
    assert t(ja, "The self-evaluation was marked as reviewed.") in messages(v)
    assert page.locator("[data-testid=evaluation-status]").inner_text().strip() == t(ja, "Reviewed by MOFA")
    assert page.locator("[data-testid=review-comment]").inner_text().strip() == comment
    v.check_a11y("reviewed self-evaluation (ja)")
    v.logout()
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.REVIEWED


def test_requests_plan_and_outreach_through_every_role(
    visit: Visit, demo: Demo, languages_restored: None
) -> None:
    req = PlacementRequest.objects.select_related("organisation__prefecture").get(
        organisation__code=GIFU_CO, intake_year=YEAR
    )
    assert req.status == RequestStatus.DRAFT and req.lines.count() == 2
    plan = CountryPlan.objects.get(intake_year=YEAR, status=PlanStatus.DRAFT)
    evaluation = SelfEvaluation.objects.get(
        mission__memberships__user__username="mission.approver",
        fiscal_year=EVALUATION_YEAR,
        status=EvaluationStatus.DRAFT,
    )

    co_submits_the_request(visit, req)
    host_forwards_the_request(visit, req)
    mic = login_in(visit, "mic.staff", "ja")
    mic_sees_the_national_demand(mic, req)
    planner_computes_edits_and_proposes(mic, plan)
    council_approves(visit, plan)
    mission_records_an_activity(visit)
    mission_submits_its_self_evaluation(visit, evaluation)
    mofa_reviews(visit, evaluation)
