"""How JETAA support's pages show money and dates: yen with thousands separators (¥250,050), an amount in
another currency with its usual decimals and the rate without trailing zeros (USD 1,667.00 at 150 yen per
USD), and every date and time in the page's language (never 12/06/2026)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from jetpm.core import money
from jetpm.core.models import Membership
from jetpm.core.services import set_user_language
from jetpm.core.states import Role
from jetpm.jetaa import services
from jetpm.jetaa.models import ChapterPlan
from tests.jetaa.helpers import approved_year, link_chapters, submitted_to_hq, this_year, windows
from tests.world import World

pytestmark = pytest.mark.django_db

MONTH_DAY_YEAR = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")


@pytest.fixture
def cycle(world: World) -> World:
    link_chapters(world)
    approved_year(world)
    return world


def page(w: World, username: str, url: str, language: str = "en") -> str:
    user = set_user_language(actor=w.users[username], language=language)
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_money_is_written_as_people_read_it() -> None:
    assert money.yen(1234567) == "¥1,234,567"
    assert money.money(Decimal("1667.00"), "usd") == "USD 1,667.00"
    assert money.money(Decimal("150000"), "KRW") == "KRW 150,000"
    assert money.money(Decimal("12.5"), "KWD") == "KWD 12.500"
    assert money.rate(Decimal("150.0000")) == "150"
    assert money.rate(Decimal("98.5000")) == "98.5"
    assert money.rate(Decimal("0.0068")) == "0.0068"
    assert money.rate(Decimal("1234.5")) == "1,234.5"
    assert money.yen("200,000") == "¥200,000" and money.yen("abc") == "abc"


def test_an_amount_in_dollars_shows_its_decimals_and_the_rate_without_zeros(cycle: World) -> None:
    line = submitted_to_hq(cycle, amount_local=Decimal("1667"), rate_to_yen=Decimal("150"))
    assert line.requested_yen == 250_050
    for url in (f"/jetaa/plans/{line.plan_id}/", f"/jetaa/lines/{line.pk}/"):
        body = page(cycle, "chapter_a.officer", url)
        assert "¥250,050" in body and "USD 1,667.00 at 150 yen per USD" in body, url
        assert "150.0000" not in body and "1667.00" not in body, url
        ja = page(cycle, "chapter_a.officer", url, "ja")
        assert "¥250,050" in ja and "USD 1,667.00（1 USD＝150円）" in ja, url


def test_the_confirmation_of_a_reduction_gives_both_amounts_in_yen(cycle: World) -> None:
    line = submitted_to_hq(cycle)
    client = Client()
    client.force_login(cycle.users["mofa.staff"])
    asked = client.post(
        f"/jetaa/lines/{line.pk}/assess/", {"decision": "reduce", "approved_yen": "200000", "reason": "Venue"}
    ).content.decode()
    assert "reduced from ¥300,000 to ¥200,000" in asked


def test_dates_and_times_are_in_the_pages_language(cycle: World) -> None:
    line = submitted_to_hq(cycle)
    hq = cycle.users["mofa.staff"]
    services.assess_line(actor=hq, line_id=line.pk, decision="approve")
    services.complete_assessment(actor=hq, plan_id=line.plan.execution_plan_id)
    line.refresh_from_db()
    assessed = timezone.localtime(line.assessment.assessed_at)
    submitted = timezone.localtime(line.plan.execution_plan.submitted_at)
    for language in ("en", "ja"):
        body = page(cycle, "mofa.staff", f"/jetaa/lines/{line.pk}/", language)
        execution = page(cycle, "mofa.staff", f"/jetaa/execution/{line.plan.execution_plan_id}/", language)
        with override(language):
            assert date_format(assessed, "DATETIME_FORMAT") in body
            assert date_format(submitted, "DATETIME_FORMAT") in execution
            assert date_format(line.starts_on, "DATE_FORMAT") in body
        assert not MONTH_DAY_YEAR.search(body) and not MONTH_DAY_YEAR.search(execution)
    # the recorded decision reads as its outcome, not as the button's verb
    assert 'data-testid="assessment-decision">Approved<' in page(
        cycle, "mofa.staff", f"/jetaa/lines/{line.pk}/"
    )


def test_a_one_day_project_shows_its_day_once(cycle: World) -> None:
    line = submitted_to_hq(cycle)
    assert line.starts_on == line.ends_on
    body = page(cycle, "chapter_a.officer", f"/jetaa/lines/{line.pk}/")
    day = date_format(line.starts_on, "DATE_FORMAT")
    assert day in body and f"{day} – {day}" not in body


def test_an_officer_of_two_chapters_chooses_which_one_starts_a_plan(cycle: World) -> None:
    chapter_a, chapter_b = cycle.orgs["chapter_a"], cycle.orgs["chapter_b"]
    Membership.objects.create(
        user=cycle.users["chapter_a.officer"], organisation=chapter_b, role=Role.OFFICER
    )
    home = page(cycle, "chapter_a.officer", "/jetaa/")
    for chapter in (chapter_a, chapter_b):
        assert f"/jetaa/plans/new/?chapter={chapter.pk}" in home
        assert f"Start a plan of {chapter}" in home
    chosen = page(cycle, "chapter_a.officer", f"/jetaa/plans/new/?chapter={chapter_b.pk}")
    assert f"Start a plan of {chapter_b}" in chosen and 'data-testid="choose-chapter"' in chosen
    client = Client()
    client.force_login(cycle.users["chapter_a.officer"])
    response = client.post(f"/jetaa/plans/new/?chapter={chapter_b.pk}", {"fiscal_year": this_year()})
    plan = ChapterPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jetaa/plans/{plan.pk}/"
    assert (plan.chapter, plan.mission) == (chapter_b, cycle.orgs["mission_b"])
    # the first chapter still by default; another chapter, or no chapter at all, answers 404
    assert f"Start a plan of {chapter_a}" in page(cycle, "chapter_a.officer", "/jetaa/plans/new/")
    other = Client()
    other.force_login(cycle.users["chapter_b.officer"])
    assert other.get(f"/jetaa/plans/new/?chapter={chapter_a.pk}").status_code == 404
    assert (
        other.post(f"/jetaa/plans/new/?chapter={chapter_a.pk}", {"fiscal_year": this_year()}).status_code
        == 404
    )
    assert other.get("/jetaa/plans/new/?chapter=x").status_code == 404
    assert ChapterPlan.objects.count() == 1
    # an officer of one chapter sees no chooser
    single = page(cycle, "chapter_b.officer", "/jetaa/plans/new/")
    assert 'data-testid="choose-chapter"' not in single and f"Start a plan of {chapter_b}" in single


def test_a_cost_per_participant_not_known_yet_shows_a_dash(cycle: World) -> None:
    line = submitted_to_hq(cycle)
    hq = cycle.users["mofa.staff"]
    services.assess_line(actor=hq, line_id=line.pk, decision="approve")
    body = page(cycle, "mofa.staff", f"/jetaa/evaluations/?fy={this_year()}")
    row = body.split('data-testid="evaluation-mission"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="num">—</td>' in row


def test_a_closed_window_is_named_with_its_dates_in_the_pages_language(world: World) -> None:
    link_chapters(world)
    approved_year(world, open_today=False)
    until = windows(open_today=False)["chapter_plans_until"]
    for language in ("en", "ja"):
        user = set_user_language(actor=world.users["chapter_a.officer"], language=language)
        client = Client()
        client.force_login(user)
        refused = client.post("/jetaa/plans/new/", {"fiscal_year": this_year()})
        assert refused.status_code == 422
        with override(language):
            assert date_format(until, "DATE_FORMAT") in refused.content.decode()
        assert until.isoformat() not in refused.content.decode()


def _selected_year(body: str) -> int:
    select = re.search(r'<select name="fiscal_year".*?</select>', body, re.S)
    assert select is not None
    chosen = re.search(r'<option value="(\d+)" selected>', select.group(0))
    assert chosen is not None
    return int(chosen.group(1))


def test_a_new_plan_starts_on_the_year_open_for_plans(world: World) -> None:
    """Not next year (nothing approved to plan for) while this year's windows are open; next year when no
    year is open."""
    link_chapters(world)
    closed = page(world, "chapter_a.officer", "/jetaa/plans/new/")
    assert _selected_year(closed) == this_year() + 1
    assert 'data-testid="plan-window-closed"' in closed and "HQ has not approved" in closed  # said up front
    approved_year(world)  # this year's policy, its windows open today
    body = page(world, "chapter_a.officer", "/jetaa/plans/new/")
    assert _selected_year(body) == this_year() and 'data-testid="plan-window-closed"' not in body
    assert _selected_year(page(world, "mission_a.staff", "/jetaa/execution/new/")) == this_year()
