"""Reads of placement, always scoped (jetpm.core.scoping)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jetpm.core.access import access
from jetpm.core.models import Organisation, Prefecture
from jetpm.core.scoping import visible_to
from jetpm.placement.models import ManualDecision, Placement, PlacementDecline, PlacementRun
from jetpm.placement.states import RunStatus
from jetpm.placement.workflows import PLACEMENT_ACTIONS, RUN_ACTIONS

# A run's solved instance and the engine's output are large (half a megabyte for a year of 5,000): read only
# by the pages of the run itself, never with a list of runs or of placements.
HEAVY = ("instance", "result")
RUN_HEAVY = tuple(f"run__{name}" for name in HEAVY)


def runs(user: Any, intake_year: int | None = None) -> QuerySet[PlacementRun]:
    qs = visible_to(user, PlacementRun).select_related("created_by", "supersedes").defer(*HEAVY)
    if intake_year:
        qs = qs.filter(intake_year=intake_year)
    return qs.order_by("-intake_year", "-version")


def access_run(user: Any, run_id: int, *, action: str | None = None) -> PlacementRun:
    """One run the user may see and take ``action`` on (``RUN_ACTIONS``); ``NotFound`` otherwise."""
    return access(
        user,
        PlacementRun.objects.select_related("created_by", "published_by", "supersedes"),
        action=action,
        actions=RUN_ACTIONS,
        pk=run_id,
    )


def _placements(run: PlacementRun) -> QuerySet[Placement]:
    return run.placements.select_related(
        "application__person", "application__language", "contracting_org__prefecture"
    ).order_by("application__reference")


def placed(run: PlacementRun, org_id: int | None = None) -> QuerySet[Placement]:
    qs = _placements(run).filter(contracting_org__isnull=False)
    if org_id:
        qs = qs.filter(contracting_org_id=org_id)
    return qs.order_by("contracting_org__prefecture__code", "contracting_org__code", "application__reference")


def unplaced(run: PlacementRun) -> QuerySet[Placement]:
    return _placements(run).filter(contracting_org__isnull=True)


def decisions(run: PlacementRun) -> QuerySet[ManualDecision]:
    return run.decisions.select_related("application", "other", "to_org", "by")


def declines(run: PlacementRun) -> QuerySet[PlacementDecline]:
    """The declines of participants placed by this run (their seats reopened)."""
    return PlacementDecline.objects.filter(run=run).select_related(
        "application__person", "contracting_org__prefecture"
    )


@dataclass
class PrefectureRow:
    code: str
    name: str
    seats: int = 0
    placed: int = 0
    choices: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 0: 0})
    wanted: int = 0  # candidates who listed it first

    @property
    def first_share(self) -> int:
        return round(100 * self.choices[1] / self.placed) if self.placed else 0

    @property
    def free(self) -> int:
        return max(0, self.seats - self.placed)


@dataclass
class Region:
    name: str
    rows: list[PrefectureRow]

    @property
    def seats(self) -> int:
        return sum(r.seats for r in self.rows)

    @property
    def placed(self) -> int:
        return sum(r.placed for r in self.rows)


def by_prefecture(run: PlacementRun) -> list[Region]:
    """The "map-like" table: prefectures in JIS order grouped by region, with seats (from the instance),
    placed and how many got their 1st/2nd/3rd choice or an unlisted prefecture. Two queries."""
    rows: dict[str, PrefectureRow] = {}
    regions: dict[str, list[PrefectureRow]] = defaultdict(list)
    ja = (get_language() or "ja").startswith("ja")
    for pref in Prefecture.objects.order_by("code"):
        row = PrefectureRow(code=pref.code, name=pref.name)
        rows[pref.code] = row
        regions[pref.region_ja if ja else pref.region_en].append(row)
    data = run.instance or {}
    for s in data.get("positions", []):
        if s["prefecture"] in rows:
            rows[s["prefecture"]].seats += int(s["capacity"])
    for p in data.get("participants", []):
        prefs = p.get("preferences") or []
        if prefs and prefs[0] in rows:
            rows[prefs[0]].wanted += 1
    counts = (
        run.placements.exclude(prefecture_code="").values("prefecture_code", "choice").annotate(n=Count("pk"))
    )
    for c in counts:
        found = rows.get(c["prefecture_code"])
        if found is None:
            continue
        found.placed += c["n"]
        found.choices[c["choice"] or 0] += c["n"]
    return [Region(name=name, rows=rs) for name, rs in regions.items()]


def organisations(run: PlacementRun) -> list[dict[str, Any]]:
    """Each organisation of the run with its seats and the number placed (for the review's list)."""
    seats: dict[str, int] = defaultdict(int)
    for s in (run.instance or {}).get("positions", []):
        seats[s["organisation"]] += int(s["capacity"])
    placed_by = dict(
        run.placements.filter(contracting_org__isnull=False)
        .values_list("contracting_org__code")
        .annotate(n=Count("pk"))
        .values_list("contracting_org__code", "n")
    )
    orgs = (
        Organisation.objects.filter(code__in=list(seats))
        .select_related("prefecture")
        .order_by("prefecture__code", "code")
    )
    return [{"org": o, "seats": seats[o.code], "placed": placed_by.get(o.code, 0)} for o in orgs]


def my_placements(user: Any) -> QuerySet[Placement]:
    """Published placements the user may see (their organisation's participants, or their own)."""
    return (
        visible_to(user, Placement)
        .filter(run__status=RunStatus.PUBLISHED, contracting_org__isnull=False)
        .select_related("application__person", "application__language", "contracting_org__prefecture", "run")
        .defer(*RUN_HEAVY)
        .order_by("-run__intake_year", "contracting_org__code", "application__reference")
    )


def published_placement(user: Any, application_id: int, *, action: str | None = None) -> Placement:
    """The published placement of one application, within the user's scope, on which the user may take
    ``action`` (``PLACEMENT_ACTIONS``); ``NotFound`` otherwise."""
    return access(
        user,
        Placement.objects.filter(run__status=RunStatus.PUBLISHED, contracting_org__isnull=False)
        .select_related("application__person__user", "contracting_org__prefecture", "run")
        .defer(*RUN_HEAVY),
        action=action,
        actions=PLACEMENT_ACTIONS,
        application_id=application_id,
    )


def declined_placement(person_id: int, intake_year: int) -> bool:
    """Whether the person declined a placement of ``intake_year`` (it bars applying for the next year)."""
    return PlacementDecline.objects.filter(
        application__person_id=person_id, application__intake_year=intake_year
    ).exists()


def default_year() -> int | None:
    from jetpm.core.models import RecruitmentCycle

    run = PlacementRun.objects.order_by("-intake_year").values_list("intake_year", flat=True).first()
    if run:
        return int(run)
    cycle = RecruitmentCycle.objects.order_by("-intake_year").values_list("intake_year", flat=True).first()
    return int(cycle) if cycle else None


def year_counts(run: PlacementRun) -> dict[str, int]:
    agg = run.placements.aggregate(
        placed=Count("pk", filter=Q(contracting_org__isnull=False)),
        unplaced=Count("pk", filter=Q(contracting_org__isnull=True)),
        manual=Count("pk", filter=Q(source="manual")),
    )
    return {k: int(v or 0) for k, v in agg.items()}


# --- the home dashboard's tasks (jetpm.placement.dashboard) -----------------------------------------------


def latest_placeable_year(since: int) -> int | None:
    """The newest intake year (from ``since`` on) with accepted candidates."""
    from django.db.models import Max

    from jetpm.applications.models import Application
    from jetpm.placement.instance import PLACEABLE

    year = (
        Application.objects.filter(intake_year__gte=since, status__in=PLACEABLE)
        .aggregate(y=Max("intake_year"))
        .get("y")
    )
    return int(year) if year else None


def not_yet_placed(intake_year: int) -> int:
    """Accepted candidates of the year without a place in its published run (all of them before one)."""
    from jetpm.placement.instance import placeable_applications

    published = PlacementRun.objects.filter(intake_year=intake_year, status=RunStatus.PUBLISHED)
    placed_ids = Placement.objects.filter(run__in=published, contracting_org__isnull=False).values(
        "application_id"
    )
    return placeable_applications(intake_year).exclude(pk__in=placed_ids).count()


def runs_ready(user: Any) -> list[PlacementRun]:
    return list(
        visible_to(user, PlacementRun)
        .filter(status=RunStatus.READY)
        .defer(*HEAVY)
        .order_by("-intake_year", "-version")
    )


def published_counts(user: Any, since: int) -> dict[int, int]:
    """Intake year → number of the user's organisations' published placements (from ``since`` on)."""
    rows = (
        visible_to(user, Placement)
        .filter(run__status=RunStatus.PUBLISHED, contracting_org__isnull=False, run__intake_year__gte=since)
        .values_list("run__intake_year")
        .annotate(n=Count("pk"))
        .values_list("run__intake_year", "n")
    )
    return {int(y): int(n) for y, n in rows}


def own_placements(person_id: int, since: int) -> list[Placement]:
    """The person's published placements (from intake ``since`` on) they have not declined."""
    from jetpm.placement.instance import PLACEABLE

    return list(
        Placement.objects.filter(
            run__status=RunStatus.PUBLISHED,
            contracting_org__isnull=False,
            application__person_id=person_id,
            application__status__in=PLACEABLE,
            run__intake_year__gte=since,
        )
        .select_related("contracting_org", "run")
        .defer(*RUN_HEAVY)
        .order_by("-run__intake_year")
    )


def organisation_choices(run: PlacementRun, reference: str = "") -> list[Any]:
    """The organisations with posts in the run's instance, as (id, "name (prefecture)") for a select. Given
    the number of a participant of the run, the organisations with a post of their job type and language
    come first, in a group of their own."""
    instance = run.instance or {}
    positions = instance.get("positions", [])
    codes = {s["organisation"] for s in positions}
    choices = [
        (o.code, (str(o.pk), f"{o.name} ({o.prefecture.name if o.prefecture else ''})"))
        for o in Organisation.objects.filter(code__in=codes)
        .select_related("prefecture")
        .order_by("prefecture__code", "code")
    ]
    who = next((p for p in instance.get("participants", []) if p["id"] == reference.strip()), None)
    if who is None:
        return [choice for _code, choice in choices]
    matching = {
        s["organisation"]
        for s in positions
        if (s["job_type"], s["language"]) == (who["job_type"], who["language"]) and s.get("capacity", 0) > 0
    }
    return [
        (
            _("With a post of the participant's job type and language"),
            [c for code, c in choices if code in matching],
        ),
        (_("Other organisations"), [c for code, c in choices if code not in matching]),
    ]


def application_id_by_reference(user: Any, run: PlacementRun, reference: str) -> int | None:
    """The visible application of the run's year with this number, or None."""
    from jetpm.applications.models import Application

    if not reference:
        return None
    return (
        visible_to(user, Application)
        .filter(intake_year=run.intake_year, reference=reference.strip())
        .values_list("pk", flat=True)
        .first()
    )


def declined_ids(application_ids: list[int]) -> set[int]:
    """Which of these applications declined their placement."""
    return set(
        PlacementDecline.objects.filter(application__in=application_ids).values_list(
            "application_id", flat=True
        )
    )


def published_placements(
    user: Any, *, intake_year: int | None = None, contracting_org_id: int | None = None
) -> QuerySet[Placement]:
    """The published placements the user may see (for an organisation's system), by year and organisation."""
    qs = my_placements(user).select_related("application__country")
    if intake_year is not None:
        qs = qs.filter(run__intake_year=intake_year)
    if contracting_org_id is not None:
        qs = qs.filter(contracting_org_id=contracting_org_id)
    return qs


def access_published_placement(user: Any, placement_id: int, *, action: str | None = None) -> Placement:
    """One published placement the user may see and take ``action`` on (``PLACEMENT_ACTIONS``); ``NotFound``
    otherwise."""
    return access(
        user,
        Placement.objects.filter(
            run__status=RunStatus.PUBLISHED, contracting_org__isnull=False
        ).select_related("application", "contracting_org", "run"),
        action=action,
        actions=PLACEMENT_ACTIONS,
        pk=placement_id,
    )
