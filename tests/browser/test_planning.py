"""The planning and outreach path in a real browser, as each role would walk it: a contracting organisation
submits its request, the host organisation forwards it, MIC sees the national demand and drills down to it,
a planner computes and edits the country plan and proposes it, the Council approves it, a mission records an
activity and submits its self-evaluation, MOFA reviews it. Links and buttons are clicked and forms filled
(no direct POST); axe-core runs on every page visited. The contracting organisation, the host organisation,
MIC's demand view and MOFA's review are walked in one language, the plan, the Council and the mission in
the other, and then the whole path again with the languages swapped (each user switches with the header's
language button; the accounts' languages are restored afterwards)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone, translation

from jetpm.core.calendar import fiscal_year_label, fiscal_year_of
from jetpm.core.models import BilingualName, Organisation, User
from jetpm.outreach.models import OutreachActivity, SelfEvaluation
from jetpm.outreach.states import EvaluationStatus
from jetpm.planning.models import CountryPlan, PlacementRequest, PlanLine
from jetpm.planning.selectors.demand import demand_summary
from jetpm.planning.states import PlanStatus, RequestStatus
from tests.browser.conftest import Demo, Visitor

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]

GIFU_CO = "co-210005"
YEAR = 2027  # the intake whose requests window is open on the demo's today (Oct 2026 – Feb 2027)
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


def totals_of(req: PlacementRequest) -> list[str]:
    """New and continuing participants of the request, as the detail page's total row shows them."""
    totals = req.lines.aggregate(new=Sum("new_participants"), continuing=Sum("continuing"))
    return [str(totals["new"]), str(totals["continuing"])]


def totals_shown(v: Visitor) -> list[str]:
    return [c.strip() for c in v.page.locator("[data-testid=request-lines] tfoot td").all_inner_texts()][:2]


def name_in(record: BilingualName, lang: str) -> str:
    return record.name_ja if lang == "ja" else record.name_en


def number(text: str) -> str:
    """The digits of a number as shown (1,234 → 1234)."""
    return re.sub(r"[,\s]", "", text)


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


def co_submits_the_request(visit: Visit, req: PlacementRequest, lang: str) -> None:
    v = login_in(visit, "co.coordinator", lang)
    page = v.page
    nav(v, "/planning/requests/")
    assert page.locator("h1").inner_text().strip() == t(lang, "Requests")
    v.check_a11y(f"requests of the contracting organisation ({lang})")
    row = page.locator("[data-testid=request-list] tbody tr", has=page.locator(f"a[href$='/{req.pk}/']"))
    assert fy(lang, YEAR) in row.inner_text()
    assert t(lang, "Draft") in row.inner_text()
    click(v, f"[data-testid=request-list] a[href='/planning/requests/{req.pk}/']")
    assert status_tag(v, "[data-testid=request-facts]") == t(lang, "Draft")
    v.check_a11y(f"draft request ({lang})")

    click(v, f"main a[href='/planning/requests/{req.pk}/lines/']")
    v.check_a11y(f"lines of the request ({lang})")
    alt_en = req.lines.get(job_type="ALT", language__code="en")
    assert alt_en.new_participants == 5
    click(v, f"[data-testid=request-lines] a[href='?line={alt_en.pk}']")
    form = page.locator("[data-testid=line-form]")
    assert form.locator("select[name=job_type]").input_value() == "ALT"
    assert form.locator("select[name=language]").input_value() == "en"
    assert form.locator("input[name=new_participants]").input_value() == "5"
    v.check_a11y(f"a line being changed ({lang})")
    form.locator("input[name=new_participants]").fill("7")
    click(v, "[data-testid=line-form] button[type=submit]")
    assert t(lang, "The line was saved.") in messages(v)
    row = page.locator(
        "[data-testid=request-lines] tbody tr", has=page.locator(f"a[href='?line={alt_en.pk}']")
    )
    assert [c.strip() for c in row.locator("td").all_inner_texts()][:4] == [
        "ALT",
        name_in(alt_en.language, lang),
        "7",
        str(alt_en.continuing),
    ]

    # A line that breaks a rule: an error on the field, nothing saved.
    form = page.locator("[data-testid=line-form]")
    form.locator("select[name=job_type]").select_option("SEA")
    form.locator("select[name=language]").select_option("en")
    form.locator("input[name=new_participants]").fill("1")
    click(v, "[data-testid=line-form] button[type=submit]")
    assert page.locator(".errorsummary").count() == 1
    # The rule is the service's (the form only parses): its message, on the field.
    assert t(lang, "name the sport of the SEA post") in page.locator(".field.has-error").inner_text()
    v.check_a11y(f"line form with an error ({lang})")
    assert req.lines.count() == 2

    click(v, f"main a[href='/planning/requests/{req.pk}/']")
    assert totals_shown(v) == totals_of(req)
    click(v, "[data-testid=submit]")
    assert t(lang, "The request was submitted.") in messages(v)
    assert status_tag(v, "[data-testid=request-facts]") == t(lang, "Submitted")
    assert page.locator("[data-testid=submit]").count() == 0
    assert page.locator("a[href$='/lines/']").count() == 0  # no longer editable
    v.check_a11y(f"submitted request ({lang})")
    v.logout()
    req.refresh_from_db()
    assert req.status == RequestStatus.SUBMITTED


def host_forwards_the_request(visit: Visit, req: PlacementRequest, lang: str) -> None:
    v = login_in(visit, "host.coordinator", lang)
    page = v.page
    nav(v, "/planning/requests/")
    v.check_a11y(f"requests of the host organisation's area ({lang})")
    assert page.locator("[data-testid=forward-all]").count() >= 1  # the area's tools
    # Only the submitted ones of the year, through the filter form.
    filters = page.locator("main form[role=search]")
    filters.locator("select[name=year]").select_option(str(YEAR))
    filters.locator("select[name=status]").select_option(RequestStatus.SUBMITTED.value)
    click(v, "main form[role=search] button[type=submit]")
    v.check_a11y(f"area's submitted requests ({lang})")
    rows = page.locator("[data-testid=request-list] tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        assert t(lang, "Submitted") in rows.nth(i).inner_text()
    gifu = page.locator("[data-testid=request-list] tbody tr", has=page.locator(f"a[href$='/{req.pk}/']"))
    assert gifu.locator("td").first.inner_text().strip() == name_in(req.organisation, lang)
    click(v, f"[data-testid=request-list] a[href='/planning/requests/{req.pk}/']")
    assert status_tag(v, "[data-testid=request-facts]") == t(lang, "Submitted")
    assert totals_shown(v) == totals_of(req)
    v.check_a11y(f"request to forward ({lang})")
    click(v, "[data-testid=forward]")
    assert t(lang, "The request was forwarded to MIC/CLAIR.") in messages(v)
    assert status_tag(v, "[data-testid=request-facts]") == t(lang, "Forwarded")
    assert page.locator("[data-testid=forward]").count() == 0
    v.check_a11y(f"forwarded request ({lang})")
    v.logout()
    req.refresh_from_db()
    assert req.status == RequestStatus.FORWARDED


def mic_sees_the_national_demand(v: Visitor, req: PlacementRequest, lang: str) -> None:
    page = v.page
    nav(v, "/planning/demand/")
    with translation.override(lang):
        summary = demand_summary(YEAR)
    assert page.locator("h1").inner_text().strip() == t(lang, "National demand for %(year)s") % {
        "year": fy(lang, YEAR)
    }
    totals = page.locator("[data-testid=demand-total] dd")
    assert number(totals.nth(0).inner_text()).startswith(f"{summary.total.new}("), totals.nth(0).inner_text()
    assert number(totals.nth(1).inner_text()).startswith(f"{summary.total.total}("), totals.nth(
        1
    ).inner_text()
    assert summary.total.new > 0
    v.check_a11y(f"national demand ({lang})")
    # Drill down: the prefecture's row, then the request.
    prefecture = req.organisation.prefecture
    assert prefecture is not None
    row = page.locator("[data-testid=demand-prefecture] tbody tr", has_text=name_in(prefecture, lang))
    assert row.count() == 1
    click(v, f"[data-testid=demand-prefecture] tbody a[href$='prefecture={prefecture.code}']")
    assert f"prefecture={prefecture.code}" in page.url
    v.check_a11y(f"requests of one prefecture ({lang})")
    rows = page.locator("[data-testid=request-list] tbody tr")
    for i in range(rows.count()):
        assert name_in(prefecture, lang) in rows.nth(i).inner_text()
    click(v, f"[data-testid=request-list] a[href='/planning/requests/{req.pk}/']")
    assert status_tag(v, "[data-testid=request-facts]") == t(lang, "Forwarded")
    assert totals_shown(v) == totals_of(req)
    v.check_a11y(f"request seen by MIC ({lang})")


def planner_computes_edits_and_proposes(v: Visitor, start: CountryPlan, lang: str) -> CountryPlan:
    page = v.page
    if html_lang(v) != lang:
        click(v, "[data-testid=lang-switch]")
    assert html_lang(v) == lang
    nav(v, "/planning/plans/")
    assert page.locator("h1").inner_text().strip() == t(lang, "Country recruitment plans")
    v.check_a11y(f"country plans ({lang})")
    href = f"/planning/plans/{start.pk}/"
    row = page.locator("[data-testid=plan-list] tbody tr", has=page.locator(f"a[href='{href}']"))
    with translation.override(lang):
        status = start.get_status_display()
    assert fy(lang, YEAR) in row.inner_text() and status in row.inner_text()
    click(v, f"[data-testid=plan-list] a[href='{href}']")
    plan = start
    if start.status == PlanStatus.APPROVED:  # a run before approved it: the planner makes a new version
        click(v, "[data-testid=plan-new-version] button[type=submit]")
        plan = CountryPlan.objects.get(intake_year=YEAR, status=PlanStatus.DRAFT)
        assert t(lang, "Version %(version)s was created as a draft.") % {"version": plan.version} in messages(
            v
        )
        assert page.url.endswith(f"/planning/plans/{plan.pk}/")
    assert page.locator("[data-testid=plan-status]").inner_text().strip() == t(lang, "Draft")
    v.check_a11y(f"draft plan ({lang})")

    params = page.locator("[data-testid=plan-parameters]")
    params.locator("select[name=method]").select_option("sainte-lague")
    params.locator("select[name=weight_source]").select_option("participants")
    click(v, "[data-testid=plan-parameters] button[type=submit]:not([name=compute])")
    assert t(lang, "The parameters were saved.") in messages(v)
    assert t(lang, "Sainte-Laguë (Webster)") in page.locator("main dl.facts").first.inner_text()
    click(v, "[data-testid=plan-compute] button[type=submit]")
    seats = plan.lines.aggregate(n=Sum("seats"))["n"]
    assert seats
    computed = t(lang, "The proposal was computed: %(lines)s lines, %(seats)s new participants.")
    assert computed % {"lines": plan.lines.count(), "seats": seats} in messages(v)
    demand_foot = page.locator("[data-testid=plan-demand] tfoot td")
    assert number(demand_foot.nth(1).inner_text()) == str(seats)
    v.check_a11y(f"computed plan ({lang})")

    click(v, f"main a[href='/planning/plans/{plan.pk}/lines/']")
    v.check_a11y(f"lines of the plan ({lang})")
    line = (
        PlanLine.objects.filter(plan=plan, job_type="ALT", language__code="en", seats__gt=0)
        .select_related("country")
        .order_by("-seats", "country__code")
        .first()
    )
    assert line is not None and line.proposed == line.seats
    form_id = f"line-{line.pk}"
    key = {"country": line.country.code, "job": "ALT", "language": "en"}
    # A number that differs from the proposal, without a reason: refused, said on the row.
    page.locator(f"#{form_id}-seats").fill(str(line.seats + 1))
    page.locator(f"#{form_id}-reason").fill("")
    click(v, "[data-testid=lines-save]")
    row = page.locator("tr.has-error")
    assert row.count() == 1
    refused = t(
        lang,
        "Reason: give a reason for %(country)s %(job)s %(language)s — %(seats)s differs from the "
        "proposal of %(proposed)s.",
    ) % {**key, "seats": line.seats + 1, "proposed": line.proposed}
    assert row.locator("p.error").inner_text().strip() == refused
    assert refused in messages(v)
    assert page.locator(f"#{form_id}-seats").input_value() == str(line.seats + 1)  # what was typed is kept
    v.check_a11y(f"plan line refused without a reason ({lang})")
    line.refresh_from_db()
    assert line.seats == line.proposed
    # With a reason: saved.
    reason = f"One more school joins in FY2027 (browser test, {lang})."
    page.locator(f"#{form_id}-reason").fill(reason)
    click(v, "[data-testid=lines-save]")
    saved = t(lang, "%(country)s %(job)s %(language)s: %(seats)s new participants saved.")
    assert saved % {**key, "seats": line.proposed + 1} in messages(v)
    assert page.locator("tr.has-error").count() == 0
    assert page.locator(f"#{form_id}-seats").input_value() == str(line.proposed + 1)
    v.check_a11y(f"plan line saved ({lang})")

    click(v, f"main a[href='/planning/plans/{plan.pk}/']")
    country_row = page.locator("[data-testid=plan-lines-ALT-en] tbody tr", has_text=f"({line.country.code})")
    assert reason in country_row.inner_text()
    click(v, "[data-testid=plan-propose] button[type=submit]")
    assert t(lang, "The plan was proposed to the Council.") in messages(v)
    assert page.locator("[data-testid=plan-status]").inner_text().strip() == t(
        lang, "Proposed to the Council"
    )
    assert page.locator("[data-testid=plan-parameters]").count() == 0
    v.check_a11y(f"proposed plan ({lang})")
    v.logout()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED
    return plan


def council_approves(visit: Visit, plan: CountryPlan, lang: str) -> None:
    v = login_in(visit, "council.approver", lang)
    page = v.page
    nav(v, "/planning/plans/")
    v.check_a11y(f"country plans seen by the Council ({lang})")
    href = f"/planning/plans/{plan.pk}/"
    row = page.locator("[data-testid=plan-list] tbody tr", has=page.locator(f"a[href='{href}']"))
    assert t(lang, "Proposed to the Council") in row.inner_text()
    click(v, f"[data-testid=plan-list] a[href='{href}']")
    assert page.locator("[data-testid=plan-propose]").count() == 0
    assert page.locator(f"main a[href='{href}lines/']").count() == 0
    v.check_a11y(f"plan to approve ({lang})")
    click(v, "[data-testid=plan-approve] button[type=submit]")
    v.check_a11y(f"plan approval confirmation ({lang})")
    click(v, "[data-testid=confirm-yes]")  # the confirmation says what approving fixes
    assert t(lang, "The plan was approved.") in messages(v)
    assert page.locator("[data-testid=plan-status]").inner_text().strip() == t(lang, "Approved")
    assert "council.approver" in page.locator("main dl.facts").first.inner_text()
    assert page.locator("[data-testid=plan-approve]").count() == 0
    v.check_a11y(f"approved plan ({lang})")
    v.logout()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def mission_records_an_activity(visit: Visit, lang: str) -> None:
    v = login_in(visit, "mission.staff", lang)
    page = v.page
    nav(v, "/outreach/")
    v.check_a11y(f"outreach activities of the mission ({lang})")
    click(v, "main a[href='/outreach/activities/new/']")
    assert page.locator("h1").inner_text().strip() == t(lang, "New outreach activity")
    v.check_a11y(f"new activity ({lang})")
    day = timezone.localdate() - timedelta(days=1)
    year = fiscal_year_of(day)
    place = f"University of Edinburgh, careers fair (browser test, {lang})"
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
    error = t(lang, "Give the attendance of an activity that is done.")
    assert error in page.locator(".field.has-error").inner_text()
    v.check_a11y(f"new activity with an error ({lang})")
    assert not OutreachActivity.objects.filter(place=place).exists()
    page.locator("[data-testid=activity-form] input[name=attendance]").fill("45")
    click(v, "[data-testid=activity-form] button[type=submit]")
    assert t(lang, "The activity was saved.") in messages(v)
    heading = t(lang, "Outreach activities, %(year)s") % {"year": fy(lang, year)}
    assert page.locator("h1").inner_text().strip() == heading
    row = page.locator("[data-testid=activity-list] tbody tr", has_text=place)
    assert row.count() == 1, f"{place!r} is not in the list"
    cells = [number(c) for c in row.locator("td").all_inner_texts()]
    assert "45" in cells and "12000" in cells, cells
    assert t(lang, "University information session") in row.inner_text()
    v.check_a11y(f"activities with the new one ({lang})")
    v.logout()


def mission_submits_its_self_evaluation(visit: Visit, evaluation: SelfEvaluation, lang: str) -> None:
    v = login_in(visit, "mission.approver", lang)
    page = v.page
    nav(v, "/outreach/")
    filters = page.locator("main form[role=search]")
    filters.locator("select[name=year]").select_option(str(EVALUATION_YEAR))
    click(v, "main form[role=search] button[type=submit]")
    section = page.locator("section[aria-labelledby=evaluation-heading]")
    assert t(lang, "Draft") in section.inner_text()
    click(v, f"main a[href='/outreach/evaluations/{evaluation.pk}/']")
    assert page.locator("[data-testid=evaluation-status]").inner_text().strip() == t(lang, "Draft")
    v.check_a11y(f"draft self-evaluation ({lang})")
    click(v, f"main a[href='/outreach/evaluations/{evaluation.pk}/edit/']")
    v.check_a11y(f"self-evaluation form ({lang})")
    changes = (
        f"Two more university sessions in Scotland; ask JETAA UK to speak at each (browser test, {lang})."
    )
    page.locator("[data-testid=evaluation-form] textarea[name=changes_next_year]").fill(changes)
    click(v, "[data-testid=evaluation-form] button[type=submit]")
    assert t(lang, "The self-evaluation was saved.") in messages(v)
    assert changes in page.locator("main").inner_text()
    click(v, f"main form[action='/outreach/evaluations/{evaluation.pk}/submit/'] button[type=submit]")
    assert t(lang, "The self-evaluation was submitted to MOFA.") in messages(v)
    status = page.locator("[data-testid=evaluation-status]").inner_text().strip()
    assert status == t(lang, "Submitted to MOFA")
    assert page.locator(f"main a[href='/outreach/evaluations/{evaluation.pk}/edit/']").count() == 0
    v.check_a11y(f"submitted self-evaluation ({lang})")
    v.logout()
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SUBMITTED


def mofa_reviews(visit: Visit, evaluation: SelfEvaluation, lang: str) -> None:
    v = login_in(visit, "mofa.staff", lang)
    page = v.page
    nav(v, "/outreach/")
    v.check_a11y(f"outreach of all missions' activities ({lang})")
    click(v, "main a[href^='/outreach/review/']")
    v.check_a11y(f"MOFA's review ({lang})")
    if f"year={EVALUATION_YEAR}" not in page.url:
        page.locator("main form.filters select[name=year]").select_option(str(EVALUATION_YEAR))
        click(v, "main form.filters button[type=submit]")
    uk = Organisation.objects.get(pk=evaluation.mission_id)
    row = page.locator("[data-testid=review-table] tbody tr", has_text=name_in(uk, lang))
    while row.count() == 0 and page.locator("a[rel=next]").count():
        click(v, "a[rel=next]")
        row = page.locator("[data-testid=review-table] tbody tr", has_text=name_in(uk, lang))
    assert row.count() == 1, f"{name_in(uk, lang)} is not in the review table"
    link = row.locator(f"a[href='/outreach/evaluations/{evaluation.pk}/']")
    assert link.inner_text().strip() == t(lang, "Submitted to MOFA")
    with page.expect_navigation():
        link.click()
    assert page.locator("[data-testid=evaluation-status]").inner_text().strip() == t(
        lang, "Submitted to MOFA"
    )
    assert "Scotland" in page.locator("main").inner_text()
    v.check_a11y(f"self-evaluation to review ({lang})")
    comment = "スコットランドでの説明会の拡充を評価します。(browser test)"
    page.locator("main textarea[name=review_comment]").fill(comment)
    click(v, f"main form[action='/outreach/evaluations/{evaluation.pk}/review/'] button[type=submit]")
    assert t(lang, "The self-evaluation was marked as reviewed.") in messages(v)
    assert page.locator("[data-testid=evaluation-status]").inner_text().strip() == t(lang, "Reviewed by MOFA")
    assert page.locator("[data-testid=review-comment]").inner_text().strip() == comment
    v.check_a11y(f"reviewed self-evaluation ({lang})")
    v.logout()
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.REVIEWED


@pytest.fixture
def path_records(demo: Demo) -> tuple[PlacementRequest, CountryPlan, SelfEvaluation]:
    """The records the path starts from: Gifu's FY2027 draft request, the FY2027 plan (the draft, or the
    version a run before approved: the planner then makes a new version in the browser) and the UK mission's
    FY2026 draft self-evaluation. The path is walked once per language order on the module's one demo world,
    so the request and the self-evaluation a run before moved along are put back as the demo made them."""
    req = PlacementRequest.objects.select_related("organisation__prefecture").get(
        organisation__code=GIFU_CO, intake_year=YEAR
    )
    PlacementRequest.objects.filter(pk=req.pk).update(
        status=RequestStatus.DRAFT, submitted_at=None, forwarded_at=None, decided_at=None
    )
    req.lines.filter(job_type="ALT", language__code="en").update(new_participants=5)
    req.refresh_from_db()
    plan = CountryPlan.objects.filter(intake_year=YEAR).order_by("-version").first()
    assert plan is not None and plan.status in (PlanStatus.DRAFT, PlanStatus.APPROVED), plan
    evaluation = SelfEvaluation.objects.get(
        mission__memberships__user__username="mission.approver", fiscal_year=EVALUATION_YEAR
    )
    SelfEvaluation.objects.filter(pk=evaluation.pk).update(
        status=EvaluationStatus.DRAFT,
        figures={},
        changes_next_year="",
        submitted_at=None,
        submitted_by=None,
        reviewed_at=None,
        reviewed_by=None,
        review_comment="",
    )
    evaluation.refresh_from_db()
    return req, plan, evaluation


@pytest.mark.parametrize(
    ("local", "national"),
    [("ja", "en"), ("en", "ja")],
    ids=["requests-in-ja-plan-in-en", "requests-in-en-plan-in-ja"],
)
def test_requests_plan_and_outreach_through_every_role(
    visit: Visit,
    demo: Demo,
    languages_restored: None,
    path_records: tuple[PlacementRequest, CountryPlan, SelfEvaluation],
    local: str,
    national: str,
) -> None:
    """``local``: the contracting and host organisations, MIC's demand view and MOFA's review; ``national``:
    the plan, the Council and the mission."""
    req, plan, evaluation = path_records
    assert req.status == RequestStatus.DRAFT and req.lines.count() == 2

    co_submits_the_request(visit, req, local)
    host_forwards_the_request(visit, req, local)
    mic = login_in(visit, "mic.staff", local)
    mic_sees_the_national_demand(mic, req, local)
    plan = planner_computes_edits_and_proposes(mic, plan, national)
    council_approves(visit, plan, national)
    mission_records_an_activity(visit, national)
    mission_submits_its_self_evaluation(visit, evaluation, national)
    mofa_reviews(visit, evaluation, local)
