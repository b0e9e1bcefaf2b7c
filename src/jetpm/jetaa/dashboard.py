"""Reminders of JETAA support on the home dashboard (jetpm.core.dashboard): what each side has to do in the
years whose policy is approved, with the window's last day. A chapter's officers: the plan to submit while
the chapters' window is open, held projects to report on; a mission: chapters' plans waiting, its execution
plan to submit, approved projects without support committed, reported projects to evaluate; HQ: missions'
plans waiting for assessment. A reminder rises to the top in the last two weeks of its window."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jetpm.core.calendar import Window, fiscal_year_label
from jetpm.core.dashboard import Task, task_provider
from jetpm.core.scoping import Scope, visible_to
from jetpm.jetaa import permissions as perms
from jetpm.jetaa.models import ChapterPlan, ExecutionPlan, ProjectLine, SupportYear
from jetpm.jetaa.states import SUPPORTED, ChapterPlanStatus, ExecutionPlanStatus, LineStatus, PolicyStatus

URGENT = timedelta(days=14)


def _url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(f"jetaa:{name}", kwargs=kwargs or None)
    except NoReverseMatch:  # the pages are not mounted (a domain-only build)
        return "/jetaa/"


def _priority(today: date, until: date) -> int:
    return 15 if until - today <= URGENT else 35


def _task(title: str, today: date, until: date, url: str) -> Task:
    return Task(title, due=until, url=url, priority=_priority(today, until))


@task_provider
def jetaa_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    if not perms.can_use_jetaa_support(scope):
        return []
    years = list(
        SupportYear.objects.filter(
            status=PolicyStatus.APPROVED, chapter_plans_from__lte=today, evaluations_until__gte=today
        ).order_by("fiscal_year")
    )
    tasks: list[Task] = []
    for year in years:
        label = fiscal_year_label(year.fiscal_year)
        if scope.chapter_ids:
            tasks.extend(_chapter_tasks(user, scope, year, today, label))
        if scope.mission_ids:
            tasks.extend(_mission_tasks(user, scope, year, today, label))
        if perms.is_hq(scope):
            tasks.extend(_hq_tasks(user, year, today, label))
    return tasks


def _chapter_tasks(user: Any, scope: Scope, year: SupportYear, today: date, label: str) -> list[Task]:
    out: list[Task] = []
    officer_of = [c for c in scope.chapter_ids if perms.is_chapter_officer(scope, c)]
    if not officer_of:
        return out
    if year.chapter_plans_from <= today <= year.chapter_plans_until:
        plans = dict(
            ChapterPlan.objects.filter(chapter_id__in=officer_of, fiscal_year=year.fiscal_year).values_list(
                "chapter_id", "status"
            )
        )
        waiting = [
            c
            for c in officer_of
            if plans.get(c) in (None, ChapterPlanStatus.DRAFT, ChapterPlanStatus.RETURNED)
        ]
        if waiting:
            out.append(
                _task(
                    _("Submit your chapter's plan for JETAA support of %(year)s by %(date)s")
                    % {"year": label, "date": date_format(year.chapter_plans_until)},
                    today,
                    year.chapter_plans_until,
                    _url("home"),
                )
            )
    if today <= year.reports_until:
        due = (
            visible_to(user, ProjectLine)
            .filter(
                plan__chapter_id__in=officer_of,
                plan__fiscal_year=year.fiscal_year,
                status__in=SUPPORTED,
                starts_on__lte=today,
                report__isnull=True,
            )
            .count()
        )
        if due:
            out.append(
                _task(
                    ngettext(
                        "%(count)s project of %(year)s to report on by %(date)s",
                        "%(count)s projects of %(year)s to report on by %(date)s",
                        due,
                    )
                    % {"count": due, "year": label, "date": date_format(year.reports_until)},
                    today,
                    year.reports_until,
                    _url("home"),
                )
            )
    return out


def _mission_tasks(user: Any, scope: Scope, year: SupportYear, today: date, label: str) -> list[Task]:
    out: list[Task] = []
    mine = [m for m in scope.mission_ids if perms.is_mission_staff(scope, m)]
    if not mine:
        return out
    fy = year.fiscal_year
    if today <= year.mission_plans_until:
        waiting = ChapterPlan.objects.filter(
            mission_id__in=mine, fiscal_year=fy, status=ChapterPlanStatus.SUBMITTED
        ).count()
        if waiting:
            out.append(
                _task(
                    ngettext(
                        "%(count)s chapter's plan of %(year)s waits to be included or returned",
                        "%(count)s chapters' plans of %(year)s wait to be included or returned",
                        waiting,
                    )
                    % {"count": waiting, "year": label},
                    today,
                    year.mission_plans_until,
                    _url("home"),
                )
            )
        drafts = ExecutionPlan.objects.filter(
            mission_id__in=mine, fiscal_year=fy, status=ExecutionPlanStatus.DRAFT
        )
        if year.mission_plans_from <= today and drafts.exists():
            out.append(
                _task(
                    _("Submit the mission's execution plan of %(year)s to HQ by %(date)s")
                    % {"year": label, "date": date_format(year.mission_plans_until)},
                    today,
                    year.mission_plans_until,
                    _url("home"),
                )
            )
    lines = visible_to(user, ProjectLine).filter(plan__mission_id__in=mine, plan__fiscal_year=fy)
    uncommitted = (
        lines.filter(status__in=SUPPORTED)
        .annotate(committed=Sum("commitments__amount_yen"))
        .filter(Q(committed__isnull=True) | Q(committed__lt=F("approved_yen")))
        .count()
    )
    if uncommitted and today <= year.reports_until:
        out.append(
            _task(
                ngettext(
                    "%(count)s approved project of %(year)s has support not yet committed",
                    "%(count)s approved projects of %(year)s have support not yet committed",
                    uncommitted,
                )
                % {"count": uncommitted, "year": label},
                today,
                year.reports_until,
                _url("home"),
            )
        )
    to_evaluate = lines.filter(status__in=SUPPORTED, report__isnull=False, evaluation__isnull=True).count()
    if to_evaluate:
        out.append(
            _task(
                ngettext(
                    "%(count)s reported project of %(year)s to evaluate by %(date)s",
                    "%(count)s reported projects of %(year)s to evaluate by %(date)s",
                    to_evaluate,
                )
                % {"count": to_evaluate, "year": label, "date": date_format(year.evaluations_until)},
                today,
                year.evaluations_until,
                _url("home"),
            )
        )
    return out


def _hq_tasks(user: Any, year: SupportYear, today: date, label: str) -> list[Task]:
    waiting = (
        ExecutionPlan.objects.filter(fiscal_year=year.fiscal_year, status=ExecutionPlanStatus.SUBMITTED)
        .filter(chapter_plans__lines__status=LineStatus.PENDING)
        .distinct()
        .count()
    )
    if not waiting:
        return []
    until = max(year.assessment_until, today)
    return [
        _task(
            ngettext(
                "%(count)s mission's plan of %(year)s waits for HQ's assessment",
                "%(count)s missions' plans of %(year)s wait for HQ's assessment",
                waiting,
            )
            % {"count": waiting, "year": label},
            today,
            until,
            _url("home"),
        )
    ]
