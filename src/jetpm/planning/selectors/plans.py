"""Every read of the country recruitment plan, scoped through jetpm.core.scoping: the versions, one plan's
lines grouped by job type and language, its totals against the national demand (the gap), its totals by
country, the diff against the version it supersedes, and the rows of its export."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from jetpm.core import workflow
from jetpm.core.access import access
from jetpm.core.models import Country, Language, User
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.states import JobType
from jetpm.planning.models import CountryLanguage, CountryPlan, PlanLine
from jetpm.planning.permissions import can_view_demand
from jetpm.planning.selectors.demand import demand_by_job_and_language
from jetpm.planning.states import PLAN_EDITABLE, PlanStatus
from jetpm.planning.workflows import PLAN_ACTIONS, PLANS

JOB_ORDER = {j: i for i, j in enumerate(JobType.values)}


def country_language_pairs(intake_year: int | None = None) -> list[tuple[str, str]]:
    """(country code, language code) of the countries' recruited languages of ``intake_year`` (the rows of
    the latest ``from_year`` at or before it; the latest table when no year is given), in one or two
    queries. The one reader of the table (the rules of the year)."""
    years = CountryLanguage.objects.order_by("-from_year")
    if intake_year is not None:
        years = years.filter(from_year__lte=intake_year)
    year = years.values_list("from_year", flat=True).first()
    if year is None:
        return []
    return list(
        CountryLanguage.objects.filter(from_year=year)
        .order_by("country__code", "language__code")
        .values_list("country__code", "language__code")
    )


def countries_offering(intake_year: int | None = None) -> dict[str, tuple[str, ...]]:
    """Which recruiting countries recruit each designated language: language code → country codes."""
    out: dict[str, list[str]] = defaultdict(list)
    for country, lang in country_language_pairs(intake_year):
        out[lang].append(country)
    return {lang: tuple(sorted(cs)) for lang, cs in out.items()}


def languages_of_country(intake_year: int | None = None) -> dict[str, tuple[str, ...]]:
    """Country code → the designated languages it recruits."""
    out: dict[str, list[str]] = defaultdict(list)
    for country, lang in country_language_pairs(intake_year):
        out[country].append(lang)
    return {c: tuple(sorted(ls)) for c, ls in out.items()}


# --- versions ----------------------------------------------------------------------------------------------


def plans_for(user: User, *, intake_year: int | None = None) -> QuerySet[CountryPlan]:
    """The versions the user may see (missions: approved and superseded ones), newest year first."""
    qs = visible_to(user, CountryPlan).select_related("created_by", "approved_by", "supersedes")
    if intake_year is not None:
        qs = qs.filter(intake_year=intake_year)
    return qs.annotate(n_lines=Count("lines"), n_seats=Sum("lines__seats")).order_by(
        "-intake_year", "-version"
    )


def access_plan_by_id(user: User, plan_id: int, *, action: str | None = None) -> CountryPlan:
    """A plan the user may see and, with ``action`` (``"edit"``, ``"new_version"`` or a step of the
    workflow), may act on; else :class:`NotFound`."""
    return access(
        user,
        CountryPlan.objects.select_related("created_by", "approved_by", "supersedes"),
        action=action,
        actions=PLAN_ACTIONS,
        pk=plan_id,
    )


@dataclass(frozen=True)
class PlanAbilities:
    """What the user may do with a plan now (the plan page's buttons), from the workflow's steps available
    to them and the plan's named permissions."""

    editable: bool  # change its parameters and lines
    can_propose: bool
    can_decide: bool  # approve or send back
    can_new_version: bool


def draft_refusal(plan: CountryPlan) -> str | None:
    """Why the plan can no longer be changed (only a draft can), or None."""
    if plan.status == PlanStatus.DRAFT:
        return None
    return _("Version %(version)s of %(year)s is “%(status)s”: only a draft can be changed. %(hint)s") % {
        "version": plan.version,
        "year": plan.intake_year,
        "status": plan.get_status_display(),
        "hint": _("Make a new version of an approved plan to correct it.")
        if plan.status in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED)
        else _("Ask the Council to send it back first."),
    }


def plan_abilities(user: User, plan: CountryPlan) -> PlanAbilities:
    steps = {t.name for t in workflow.available(PLANS, user, plan)}
    drafter = PLAN_ACTIONS.allows(user, plan, "edit")
    corrects = PLAN_ACTIONS.allows(user, plan, "new_version")
    return PlanAbilities(
        editable=drafter and plan.status in PLAN_EDITABLE,
        can_propose="propose" in steps,
        can_decide="approve" in steps,
        can_new_version=corrects and plan.status == PlanStatus.APPROVED,
    )


def plan_lines(plan: CountryPlan) -> list[PlanLine]:
    return list(
        plan.lines.select_related("country", "language").order_by(
            "job_type", "language__code", "-seats", "country__code"
        )
    )


# --- one plan's page ---------------------------------------------------------------------------------------


@dataclass
class LineGroup:
    job_type: str
    language: Language
    lines: list[PlanLine] = field(default_factory=list)
    proposed: int = 0
    seats: int = 0
    demand: int | None = None

    @property
    def job_label(self) -> str:
        return str(JobType(self.job_type).label)

    @property
    def gap(self) -> int | None:
        return None if self.demand is None else self.seats - self.demand


@dataclass(frozen=True)
class DemandRow:
    job_type: str
    language: Language | None
    language_code: str
    demand: int
    planned: int
    offered: bool  # at least one recruiting country offers the language

    @property
    def gap(self) -> int:
        return self.planned - self.demand

    @property
    def shortfall(self) -> int:
        return max(0, self.demand - self.planned)

    @property
    def surplus(self) -> int:
        return max(0, self.planned - self.demand)


@dataclass(frozen=True)
class CountryTotal:
    country: Country
    by_job: dict[str, int]
    total: int

    def cells(self) -> list[int]:
        return [self.by_job.get(j, 0) for j in JobType.values]


@dataclass(frozen=True)
class DiffLine:
    country: Country
    job_type: str
    language: Language
    before: int | None
    after: int | None


@dataclass
class PlanDiff:
    previous: CountryPlan
    added: list[DiffLine] = field(default_factory=list)
    removed: list[DiffLine] = field(default_factory=list)
    changed: list[DiffLine] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class PlanOverview:
    plan: CountryPlan
    groups: list[LineGroup]
    country_totals: list[CountryTotal]
    total_proposed: int
    total_seats: int
    demand_rows: list[DemandRow] | None  # None: the user may not see national figures
    total_demand: int | None
    diff: PlanDiff | None
    job_types: list[tuple[str, Any]] = field(default_factory=lambda: list(JobType.choices))

    @property
    def gaps(self) -> list[DemandRow]:
        return [r for r in (self.demand_rows or []) if r.gap != 0]


def _key(line: PlanLine) -> tuple[str, str, str]:
    return (line.country.code, line.job_type, line.language.code)


def plan_overview(user: User, plan: CountryPlan) -> PlanOverview:
    """Everything the plan's page shows, in a bounded number of queries."""
    lines = plan_lines(plan)
    groups: dict[tuple[str, str], LineGroup] = {}
    by_country: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    countries: dict[str, Country] = {}
    for line in lines:
        g = groups.setdefault((line.job_type, line.language.code), LineGroup(line.job_type, line.language))
        g.lines.append(line)
        g.proposed += line.proposed
        g.seats += line.seats
        by_country[line.country.code][line.job_type] += line.seats
        countries[line.country.code] = line.country

    demand_rows: list[DemandRow] | None = None
    total_demand: int | None = None
    if can_view_demand(scope_of(user)):
        demand = {k: n for k, n in demand_by_job_and_language(plan.intake_year).items() if n > 0}
        missing = {lang for (_j, lang) in demand} - {lang for (_j, lang) in groups}
        languages = {g.language.code: g.language for g in groups.values()}
        if missing:
            languages.update({lang.code: lang for lang in Language.objects.filter(code__in=missing)})
        offering = countries_offering(plan.intake_year)
        demand_rows = []
        for job, lang in sorted(set(demand) | set(groups), key=lambda k: (JOB_ORDER.get(k[0], 9), k[1])):
            grp = groups.get((job, lang))
            if grp is not None:
                grp.demand = demand.get((job, lang), 0)
            demand_rows.append(
                DemandRow(
                    job_type=job,
                    language=languages.get(lang),
                    language_code=lang,
                    demand=demand.get((job, lang), 0),
                    planned=grp.seats if grp else 0,
                    offered=bool(offering.get(lang)),
                )
            )
        total_demand = sum(demand.values())

    country_totals = sorted(
        (CountryTotal(countries[c], dict(jobs), sum(jobs.values())) for c, jobs in by_country.items()),
        key=lambda t: (-t.total, t.country.code),
    )
    diff = None
    if plan.supersedes is not None:
        diff = _diff(plan.supersedes, lines)
    return PlanOverview(
        plan=plan,
        groups=sorted(groups.values(), key=lambda g: (JOB_ORDER.get(g.job_type, 9), g.language.code)),
        country_totals=country_totals,
        total_proposed=sum(g.proposed for g in groups.values()),
        total_seats=sum(g.seats for g in groups.values()),
        demand_rows=demand_rows,
        total_demand=total_demand,
        diff=diff,
    )


def _diff(previous: CountryPlan, lines: list[PlanLine]) -> PlanDiff:
    old = {_key(line): line for line in plan_lines(previous)}
    new = {_key(line): line for line in lines}
    out = PlanDiff(previous=previous)
    for k in sorted(new.keys() - old.keys()):
        n = new[k]
        out.added.append(DiffLine(n.country, n.job_type, n.language, None, n.seats))
    for k in sorted(old.keys() - new.keys()):
        o = old[k]
        out.removed.append(DiffLine(o.country, o.job_type, o.language, o.seats, None))
    for k in sorted(old.keys() & new.keys()):
        if old[k].seats != new[k].seats:
            n = new[k]
            out.changed.append(DiffLine(n.country, n.job_type, n.language, old[k].seats, n.seats))
    return out


# --- the editor of a draft's lines ------------------------------------------------------------------------


@dataclass(frozen=True)
class Typed:
    """What the editor typed for a line that was refused (kept on the page), and why it was refused."""

    seats: Any
    reason: str
    error: str = ""


@dataclass(frozen=True)
class LineRow:
    line: PlanLine
    form_id: str
    seats: Any
    reason: str
    error: str = ""


@dataclass(frozen=True)
class LinesEditor:
    """The lines page of a plan: its overview, each line as a row of the one form (with what was typed and
    refused), and whether the plan may still be changed."""

    overview: PlanOverview
    groups: list[tuple[LineGroup, list[LineRow]]]
    keys: frozenset[tuple[str, str, str]]  # (country, job type, language) of every line
    editable: bool


def lines_editor(
    user: User,
    plan: CountryPlan,
    *,
    typed: Mapping[int, Typed] | None = None,
    typed_at: Mapping[tuple[str, str, str], Typed] | None = None,
) -> LinesEditor:
    """The editor's rows; ``typed`` (by line id) or ``typed_at`` (by country, job type and language) put back
    what was typed in a refused form, each line saying why it was refused."""
    o = plan_overview(user, plan)
    groups = []
    for g in o.groups:
        rows = []
        for line in g.lines:
            kept = (typed or {}).get(line.pk) or (typed_at or {}).get(_key(line))
            if kept is None:
                rows.append(LineRow(line, f"line-{line.pk}", line.seats, line.reason))
            else:
                rows.append(LineRow(line, f"line-{line.pk}", kept.seats, kept.reason, kept.error))
        groups.append((g, rows))
    return LinesEditor(
        overview=o,
        groups=groups,
        keys=frozenset(_key(line) for g in o.groups for line in g.lines),
        editable=plan.status in PLAN_EDITABLE,
    )


def line_ids(plan: CountryPlan) -> list[int]:
    return list(plan.lines.values_list("pk", flat=True))


# --- export ------------------------------------------------------------------------------------------------

EXPORT_HEADER = [
    "intake_year",
    "version",
    "status",
    "country_code",
    "country_en",
    "country_ja",
    "job_type",
    "language_code",
    "proposed",
    "seats",
    "reason",
]


def export_rows(plan: CountryPlan) -> list[list[Any]]:
    """The plan's lines as rows for the XLSX/CSV download (header first)."""
    rows: list[list[Any]] = [EXPORT_HEADER]
    for line in plan_lines(plan):
        rows.append(
            [
                plan.intake_year,
                plan.version,
                plan.status,
                line.country.code,
                line.country.name_en,
                line.country.name_ja,
                line.job_type,
                line.language.code,
                line.proposed,
                line.seats,
                line.reason,
            ]
        )
    return rows


def approved_plan(intake_year: int) -> CountryPlan | None:
    """The approved plan of an intake year (what selection fills), if any. National read for services."""
    return CountryPlan.objects.filter(intake_year=intake_year, status=PlanStatus.APPROVED).first()
