"""JETAA support's test records: the year's policy with every window open today, the chapters linked to
the missions (A: New York → London's mission, B: Sydney → Dublin's, for these tests only), and plans."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.test import Client
from django.utils import timezone

from jetpm.core.calendar import fiscal_year_bounds, fiscal_year_of
from jetpm.core.models import Country
from jetpm.jetaa import services
from jetpm.jetaa.models import ChapterPlan, ProjectLine, SupportYear
from tests.world import World

PNG_1PX = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def this_year() -> int:
    return fiscal_year_of(timezone.localdate())


def windows(*, open_today: bool = True) -> dict[str, date]:
    """The year's calendar with every window open today (or every planning window closed yesterday)."""
    today = timezone.localdate()
    first, _last = fiscal_year_bounds(this_year())
    end = today + timedelta(days=30) if open_today else today - timedelta(days=1)
    start = min(first, end)
    return {
        "chapter_plans_from": start,
        "chapter_plans_until": end,
        "mission_plans_from": start,
        "mission_plans_until": end,
        "assessment_from": start,
        "assessment_until": end,
        "reports_until": max(end, today + timedelta(days=60)) if open_today else end,
        "evaluations_until": max(end, today + timedelta(days=90)) if open_today else end,
    }


def approved_year(
    w: World, *, budget: int = 10_000_000, open_today: bool = True, **values: Any
) -> SupportYear:
    fields: dict[str, Any] = {
        "national_budget_yen": budget,
        "category_caps": {"networking": 1_000_000},
        "cap_per_participant_yen": 20_000,
        "priorities": "Career-up and recruitment cooperation first.",
        "ineligible_costs": "Alcohol; gifts.",
        **windows(open_today=open_today),
        **values,
    }
    year = services.create_support_year(actor=w.users["mofa.staff"], fiscal_year=this_year(), **fields)
    approver = w.users["superuser"]
    return services.approve_support_year(actor=approver, year_id=year.pk)


def link_chapters(w: World) -> None:
    """Chapter A (US) sends its plan to mission A, chapter B (Australia) to mission B."""
    w.orgs["mission_a"].countries.add(Country.objects.get(code="US"))
    w.orgs["mission_b"].countries.add(Country.objects.get(code="AU"))


def line_values(**over: Any) -> dict[str, Any]:
    first, _last = fiscal_year_bounds(this_year())
    values: dict[str, Any] = {
        "category": "career",
        "title": "Career night",
        "starts_on": first,
        "ends_on": first,
        "place": "New York",
        "expected_participants": 40,
        "currency": "USD",
        "amount_local": Decimal("2000"),
        "rate_to_yen": Decimal("150"),
    }
    values.update(over)
    return values


def plan_with_line(w: World, key: str = "a", **line: Any) -> tuple[ChapterPlan, ProjectLine]:
    plan = services.create_chapter_plan(
        actor=w.users[f"chapter_{key}.officer"],
        chapter_id=w.orgs[f"chapter_{key}"].pk,
        fiscal_year=this_year(),
    )
    added = services.add_line(actor=w.users[f"chapter_{key}.officer"], plan_id=plan.pk, **line_values(**line))
    return plan, added


def submitted_to_hq(w: World, key: str = "a", *, envelope: int = 5_000_000, **line: Any) -> ProjectLine:
    """A chapter's plan with one line, included in its mission's execution plan, submitted to HQ."""
    services.set_envelope(
        actor=w.users["mofa.staff"],
        mission_id=w.orgs[f"mission_{key}"].pk,
        fiscal_year=this_year(),
        amount_yen=envelope,
    )
    plan, added = plan_with_line(w, key, **line)
    staff = w.users[f"mission_{key}.staff"]
    services.submit_chapter_plan(actor=w.users[f"chapter_{key}.officer"], plan_id=plan.pk)
    services.include_chapter_plan(actor=staff, chapter_plan_id=plan.pk)
    plan.refresh_from_db()
    services.submit_execution_plan(actor=staff, plan_id=plan.execution_plan_id)
    added.refresh_from_db()
    return added


def client_of(w: World, username: str) -> Client:
    """A test client signed in as one of the world's users."""
    client = Client()
    client.force_login(w.users[username])
    return client


def text_of(response: Any) -> str:
    return response.content.decode()


def line_form(**over: Any) -> dict[str, Any]:
    """The line form's POST data for :func:`line_values` (dates as the form reads them, no empty values)."""
    values = line_values(**over)
    return {
        k: (v.isoformat() if hasattr(v, "isoformat") else str(v)) for k, v in values.items() if v is not None
    }
