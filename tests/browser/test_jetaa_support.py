"""JETAA support's cycle in a real browser, in both languages: a chapter's officer starts next year's plan
and submits it (a negative amount, an amount over the mission's envelope and a plan after the window refused
on the page with the rule named), the chapter's mission includes it in its execution plan and submits that to
HQ, HQ reduces the line (refused without a reason, then confirmed), the chapter reports on this year's
project, the mission evaluates it, HQ sees the evaluation side by side with the other missions', and next
year's line that continues the project shows the evaluation beside it. Links and buttons are clicked and
forms filled; axe-core runs on the pages of the cycle.

The demo world's FY2026 is in progress (its planning windows closed): next year's policy is put in force
here with its windows open today, through the services (HQ drafts it from this year's, MOFA's approver
approves it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from jetpm.core.calendar import fiscal_year_of
from jetpm.core.models import Membership, Organisation, User
from jetpm.core.states import Role
from jetpm.demo.logins import DEMO_PASSWORD
from jetpm.jetaa import services
from jetpm.jetaa.models import ChapterPlan, MissionEvaluation, ProjectLine, ProjectReport, SupportYear
from jetpm.jetaa.states import SUPPORTED, LineStatus, PolicyStatus
from tests.browser.conftest import Demo, Visitor
from tests.browser.test_planning import click, login_in, messages, name_in, t

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]
NEW_YORK = "jetaa-new-york"


@pytest.fixture
def languages_restored(demo: Demo) -> Iterator[None]:
    names = ("chapter.officer", "mofa.staff")
    before = dict(User.objects.filter(username__in=names).values_list("username", "language"))
    yield
    for username, language in before.items():
        User.objects.filter(username=username).update(language=language)


def next_year() -> int:
    return fiscal_year_of(timezone.localdate()) + 1


def policy_in_force() -> SupportYear:
    """Next year's policy, drafted by HQ from this year's with its windows open today and approved."""
    year = next_year()
    found = SupportYear.objects.filter(fiscal_year=year, status=PolicyStatus.APPROVED).first()
    if found is not None:
        return found
    today = timezone.localdate()
    base = SupportYear.objects.get(fiscal_year=year - 1, status=PolicyStatus.APPROVED)
    draft = services.start_next_year(
        actor=User.objects.get(username="mofa.staff"),
        year_id=base.pk,
        fiscal_year=year,
        revision_note="Career-up seminars first, after the evaluations.",
        chapter_plans_from=today - timedelta(days=5),
        chapter_plans_until=today + timedelta(days=20),
        mission_plans_from=today - timedelta(days=5),
        mission_plans_until=today + timedelta(days=40),
        assessment_from=today - timedelta(days=5),
        assessment_until=today + timedelta(days=60),
        reports_until=today + timedelta(days=500),
        evaluations_until=today + timedelta(days=520),
    )
    return services.approve_support_year(actor=User.objects.get(username="admin"), year_id=draft.pk)


def user_of(username: str, organisation: Organisation, role: str, lang: str) -> User:
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "password": make_password(DEMO_PASSWORD),
            "email": f"{username}@example.org",
            "language": lang,
        },
    )
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return user


def reportable(chapter: Organisation) -> ProjectLine | None:
    """This year's approved project of the chapter held already and not reported yet."""
    return (
        ProjectLine.objects.filter(
            plan__chapter=chapter,
            plan__fiscal_year=next_year() - 1,
            status__in=SUPPORTED,
            starts_on__lte=timezone.localdate(),
            report__isnull=True,
        )
        .select_related("plan__mission")
        .order_by("starts_on", "pk")
        .first()
    )


def cast(lang: str) -> tuple[str, ProjectLine, str]:
    """(the officer's username, the chapter's project to report on, the mission staff's username): JETAA New
    York and ``chapter.officer`` in Japanese; in English another chapter of another mission, with an officer
    and a mission's staff made here (the demo has logins for New York's chapter only)."""
    if lang == "ja":
        chapter = Organisation.objects.get(code=NEW_YORK)
        officer = "chapter.officer"
    else:
        taken = set(ChapterPlan.objects.filter(fiscal_year=next_year()).values_list("mission_id", flat=True))
        ny_mission = reportable(Organisation.objects.get(code=NEW_YORK))
        taken |= {ny_mission.plan.mission_id} if ny_mission else set()
        chapter = next(
            c
            for c in Organisation.objects.filter(kind="jetaa_chapter").exclude(code=NEW_YORK).order_by("code")
            if (line := reportable(c)) is not None and line.plan.mission_id not in taken
        )
        officer = f"officer.{chapter.code}"
        user_of(officer, chapter, Role.OFFICER, lang)
    line = reportable(chapter)
    assert line is not None, f"{chapter.code} has no held, unreported project of this year"
    mission = line.plan.mission
    staff = f"staff.{mission.code}"
    user_of(staff, mission, Role.STAFF, lang)
    services.set_envelope(
        actor=User.objects.get(username="mofa.staff"),
        mission_id=mission.pk,
        fiscal_year=next_year(),
        amount_yen=2_000_000,
    )
    return officer, line, staff


def login(visit: Visit, username: str, lang: str) -> Visitor:
    return login_in(visit, username, lang)


def path_of(v: Visitor) -> str:
    return urlsplit(v.page.url).path


def errors(v: Visitor) -> str:
    box = v.page.locator(".errorsummary")
    return box.inner_text() if box.count() else ""


def fill_line(v: Visitor, *, amount: str, carried_from: int | None = None) -> None:
    year = next_year()
    v.page.select_option("select[name=category]", "career")
    v.page.fill("input[name=title]", "Career-up night")
    v.page.fill("input[name=starts_on]", f"{year}-10-02")
    v.page.fill("input[name=ends_on]", f"{year}-10-02")
    v.page.fill("input[name=place]", "Community hall")
    v.page.fill("input[name=expected_participants]", "40")
    v.page.select_option("select[name=currency]", "USD")
    v.page.fill("input[name=amount_local]", amount)
    v.page.fill("input[name=rate_to_yen]", "150")
    if carried_from is not None:
        v.page.select_option("select[name=carried_from]", str(carried_from))


def chapter_plans(visit: Visit, officer: str, last_year: ProjectLine, lang: str) -> ChapterPlan:
    v = login(visit, officer, lang)
    v.goto("/jetaa/")
    v.check_a11y(f"JETAA support, the chapter ({lang})")
    # after the window: this year's plans closed long ago
    click(v, "[data-testid=start-plan]")
    v.page.select_option("select[name=fiscal_year]", str(next_year() - 1))
    if v.page.locator("select[name=mission]").count():
        v.page.select_option("select[name=mission]", str(last_year.plan.mission_id))
    click(v, "[data-testid=create-plan]")
    assert t(lang, "the window for chapters' plans") in errors(v), errors(v)
    v.page.select_option("select[name=fiscal_year]", str(next_year()))
    if v.page.locator("select[name=mission]").count():
        v.page.select_option("select[name=mission]", str(last_year.plan.mission_id))
    click(v, "[data-testid=create-plan]")
    plan = ChapterPlan.objects.get(chapter=last_year.plan.chapter, fiscal_year=next_year())
    assert path_of(v) == f"/jetaa/plans/{plan.pk}/"
    click(v, "[data-testid=add-line]")
    v.check_a11y(f"a project of the plan ({lang})")
    # a negative amount, then one over the mission's whole envelope: refused with the rule named
    fill_line(v, amount="-100", carried_from=last_year.pk)
    click(v, "[data-testid=save-line]")
    assert t(lang, "The amount asked must be more than zero.") in errors(v)
    fill_line(v, amount="20000", carried_from=last_year.pk)
    click(v, "[data-testid=save-line]")
    assert "3,000,000" in errors(v) and "2,000,000" in errors(v), errors(v)
    assert not plan.lines.exists()
    fill_line(v, amount="1000", carried_from=last_year.pk)
    click(v, "[data-testid=save-line]")
    assert path_of(v) == f"/jetaa/plans/{plan.pk}/"
    assert "150,000" in v.page.locator("[data-testid=plan-requested]").inner_text()
    click(v, "[data-testid=submit-plan]")
    v.check_a11y(f"the confirmation of the plan ({lang})")
    assert (
        name_in(last_year.plan.mission, lang)
        in v.page.locator("[data-testid=confirm-consequences]").inner_text()
    )
    click(v, "[data-testid=confirm-yes]")
    assert t(lang, "The plan was submitted to the mission.") in messages(v)
    assert v.page.locator("[data-testid=plan-status]").inner_text() == t(lang, "Submitted to the mission")
    v.assert_clean()
    return plan


def mission_builds(visit: Visit, staff: str, plan: ChapterPlan, lang: str) -> None:
    v = login(visit, staff, lang)
    v.goto(f"/jetaa/?fy={next_year()}")
    click(v, f"[data-testid=chapter-plans] a[href='/jetaa/plans/{plan.pk}/']")
    click(v, "[data-testid=include-plan]")
    assert t(lang, "The chapter's plan is in the mission's execution plan.") in messages(v)
    v.check_a11y(f"the execution plan ({lang})")
    v.page.fill(
        "textarea[name=requests_to_jetaa]", "Alumni at the info sessions and the pre-departure orientation"
    )
    v.page.fill("textarea[name=contact_arrangements]", "A monthly call with the chapter's officers")
    click(v, "[data-testid=save-execution-plan]")
    assert t(lang, "The execution plan was saved.") in messages(v)
    assert "Career-up night" in v.page.locator("[data-testid=execution-lines]").inner_text()
    click(v, "[data-testid=submit-execution-plan]")
    click(v, "[data-testid=confirm-yes]")
    assert t(lang, "The execution plan was submitted to HQ.") in messages(v)
    assert "Alumni at the info sessions" in v.page.locator("[data-testid=requests-to-jetaa]").inner_text()
    v.assert_clean()


def hq_reduces(visit: Visit, plan: ChapterPlan, lang: str) -> ProjectLine:
    v = login_in(visit, "mofa.staff", lang)
    v.goto(f"/jetaa/?fy={next_year()}")
    plan.refresh_from_db()
    click(v, f"[data-testid=execution-plans] a[href='/jetaa/execution/{plan.execution_plan_id}/']")
    click(v, "[data-testid=execution-line] a")
    v.check_a11y(f"a project to assess ({lang})")
    line = plan.lines.get()
    assert "150,000" in v.page.locator("[data-testid=line-facts]").inner_text()
    # reduced without a reason: refused, with the rule named, nothing decided
    v.page.check("input[name=decision][value=reduce]")
    v.page.fill("input[name=approved_yen]", "100000")
    click(v, "[data-testid=assess]")
    assert t(lang, "Say why the amount is reduced.") in errors(v)
    line.refresh_from_db()
    assert line.status == LineStatus.PENDING
    v.page.check("input[name=decision][value=reduce]")
    v.page.fill("input[name=approved_yen]", "100000")
    v.page.fill("textarea[name=reason]", "The venue is lent free by the city.")
    click(v, "[data-testid=assess]")
    v.check_a11y(f"the confirmation of the assessment ({lang})")
    consequences = v.page.locator("[data-testid=confirm-consequences]").inner_text()
    assert name_in(plan.chapter, lang) in consequences and name_in(plan.mission, lang) in consequences
    click(v, "[data-testid=confirm-yes]")
    assert t(lang, "The decision was recorded.") in messages(v)
    line.refresh_from_db()
    assert (line.status, line.approved_yen) == (LineStatus.REDUCED, 100_000)
    v.assert_clean()
    return line


def chapter_reports(visit: Visit, officer: str, last_year: ProjectLine, lang: str) -> None:
    v = login(visit, officer, lang)
    v.goto(f"/jetaa/lines/{last_year.pk}/")
    v.check_a11y(f"this year's project to report on ({lang})")
    v.page.fill("input[name=held_on]", last_year.starts_on.isoformat())
    v.page.fill("input[name=participants]", "37")
    v.page.fill("textarea[name=impressions]", "Useful contacts for the next job.")
    v.page.fill("input[name=expenses_yen]", "120000")
    # not confirmed as final: refused with the reason, nothing written
    click(v, "[data-testid=send-report]")
    assert t(lang, "Confirm that the report is final: it cannot be changed once sent.") in v.page.inner_text(
        "main"
    )
    assert not ProjectReport.objects.filter(line=last_year).exists()
    v.page.fill("input[name=held_on]", last_year.starts_on.isoformat())
    v.page.fill("input[name=expenses_yen]", "120000")
    v.page.fill("input[name=participants]", "37")
    v.page.fill("textarea[name=impressions]", "Useful contacts for the next job.")
    v.page.check("input[name=final]")
    click(v, "[data-testid=send-report]")
    assert t(lang, "The report was sent to the mission.") in messages(v)
    assert v.page.locator("[data-testid=report-participants]").inner_text() == "37"
    assert ProjectReport.objects.filter(line=last_year, participants=37).exists()
    v.assert_clean()


def mission_evaluates(visit: Visit, staff: str, last_year: ProjectLine, lang: str) -> str:
    v = login(visit, staff, lang)
    v.goto(f"/jetaa/lines/{last_year.pk}/")
    reason = f"Thirty-seven came; keep it next year ({lang})."
    v.page.select_option("select[name=effect]", "high")
    click(v, "[data-testid=evaluate]")
    assert t(lang, "Say whether support next year is warranted.") in errors(v)
    assert t(lang, "Give the reason for the decision on next year's support.") in errors(v)
    v.page.select_option("select[name=effect]", "high")
    v.page.select_option("select[name=support_next_year]", "yes")
    v.page.fill("textarea[name=reason]", reason)
    click(v, "[data-testid=evaluate]")
    # recorded once for good: the confirmation names the project and the chapter
    assert last_year.title in v.page.locator("[data-testid=confirm-consequences]").inner_text()
    click(v, "[data-testid=confirm-yes]")
    assert v.page.locator("[data-testid=evaluation-effect]").inner_text() == t(lang, "High")
    assert MissionEvaluation.objects.filter(line=last_year, support_next_year=True).exists()
    v.assert_clean()
    return reason


CARDS_OVERFLOWING_JS = """[...document.querySelectorAll('.card')].filter(c => c.scrollWidth > c.clientWidth)
    .map(c => c.dataset.testid || c.getAttribute('aria-labelledby') || c.className)"""


def assert_cards_fit(v: Visitor) -> None:
    """No card is wider than its box (a wide table scrolls sideways in its .table-scroll box instead)."""
    assert v.page.evaluate(CARDS_OVERFLOWING_JS) == []


def hq_sees_side_by_side(visit: Visit, last_year: ProjectLine, reason: str, lang: str) -> None:
    v = login_in(visit, "mofa.staff", lang)
    v.goto("/jetaa/")
    assert_cards_fit(v)
    v.goto(f"/jetaa/evaluations/?fy={last_year.plan.fiscal_year}")
    v.check_a11y(f"the evaluations side by side ({lang})")
    assert_cards_fit(v)
    v.goto(f"/jetaa/execution/{last_year.plan.execution_plan_id}/")
    assert_cards_fit(v)
    v.goto(f"/stats/jetaa-support/?fy={last_year.plan.fiscal_year}")
    assert_cards_fit(v)
    v.goto(f"/jetaa/evaluations/?fy={last_year.plan.fiscal_year}")
    assert v.page.locator("[data-testid=evaluation-mission]").count() > 1
    click(v, f"[data-testid=mission-projects][href*='mission={last_year.plan.mission_id}#']")
    assert reason in v.page.locator("[data-testid=evaluations-by-project]").inner_text()
    v.assert_clean()


def next_year_shows_it(visit: Visit, officer: str, plan: ChapterPlan, reason: str, lang: str) -> None:
    v = login(visit, officer, lang)
    v.goto(f"/jetaa/plans/{plan.pk}/")
    shown = v.page.locator("[data-testid=plan-lines] [data-testid=last-year-evaluation]").inner_text()
    assert reason in shown and t(lang, "High") in shown
    assert_cards_fit(v)
    v.assert_clean()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_jetaa_support_cycle_through_every_role(
    visit: Visit, languages_restored: None, lang: str
) -> None:
    policy_in_force()
    officer, last_year, staff = cast(lang)
    plan = chapter_plans(visit, officer, last_year, lang)
    mission_builds(visit, staff, plan, lang)
    hq_reduces(visit, plan, lang)
    chapter_reports(visit, officer, last_year, lang)
    reason = mission_evaluates(visit, staff, last_year, lang)
    hq_sees_side_by_side(visit, last_year, reason, lang)
    next_year_shows_it(visit, officer, plan, reason, lang)
