"""National demand: what the contracting organisations requested, counted from their request lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Sum

from jetpm.core.models import Language, Prefecture, RecruitmentCycle
from jetpm.core.states import COKind, JobType
from jetpm.planning.models import PlacementRequest, RequestLine
from jetpm.planning.states import RequestStatus

# Requests that count as demand: everything the contracting organisation has sent (not drafts or returns).
COUNTED = [RequestStatus.SUBMITTED, RequestStatus.FORWARDED, RequestStatus.ACCEPTED]


def demand_by_job_and_language(intake_year: int) -> dict[tuple[str, str], int]:
    """New participants requested for an intake, by (job type, language code). National figures: callers
    check that the user may see national views."""
    rows = (
        RequestLine.objects.filter(request__intake_year=intake_year, request__status__in=COUNTED)
        .order_by()
        .values_list("job_type", "language__code")
        .annotate(n=Sum("new_participants"))
    )
    return {(job, lang): int(n or 0) for job, lang, n in rows}


# --- the national demand view -------------------------------------------------------------------------


@dataclass(frozen=True)
class DemandRow:
    """One group's requested participants this year and last year."""

    key: str
    label: str
    new: int = 0
    continuing: int = 0
    last_new: int = 0
    last_continuing: int = 0

    @property
    def total(self) -> int:
        return self.new + self.continuing

    @property
    def last_total(self) -> int:
        return self.last_new + self.last_continuing

    @property
    def change_new(self) -> int:
        return self.new - self.last_new

    @property
    def change_total(self) -> int:
        return self.total - self.last_total


@dataclass(frozen=True)
class DemandSummary:
    intake_year: int
    total: DemandRow
    by_job_type: list[DemandRow]
    by_language: list[DemandRow]
    by_prefecture: list[DemandRow]
    by_co_kind: list[DemandRow]
    organisations: int  # contracting organisations whose requests count this year

    def sections(self) -> list[tuple[str, list[DemandRow]]]:
        return [
            ("job_type", self.by_job_type),
            ("language", self.by_language),
            ("prefecture", self.by_prefecture),
            ("co_kind", self.by_co_kind),
        ]


def _group(
    rows: list[tuple[int, str, str, str, str, int, int]],
    year: int,
    index: int,
    labels: dict[str, str],
    order: list[str],
) -> list[DemandRow]:
    acc: dict[str, list[int]] = {}
    for row in rows:
        key = str(row[index] or "")
        a = acc.setdefault(key, [0, 0, 0, 0])
        offset = 0 if row[0] == year else 2
        a[offset] += row[5]
        a[offset + 1] += row[6]
    keys = [k for k in order if k in acc] + sorted(k for k in acc if k not in order)
    return [DemandRow(k, labels.get(k, k), *acc[k]) for k in keys]


def demand_summary(intake_year: int) -> DemandSummary:
    """Requested participants of an intake by job type, language, prefecture and kind of contracting
    organisation, with last year's figures. National figures: callers check ``can_view_demand``."""
    rows = [
        (y, j, lang, pref or "", kind or "", int(n or 0), int(c or 0))
        for y, j, lang, pref, kind, n, c in RequestLine.objects.filter(
            request__intake_year__in=[intake_year, intake_year - 1], request__status__in=COUNTED
        )
        .order_by()
        .values_list(
            "request__intake_year",
            "job_type",
            "language__code",
            "request__organisation__prefecture__code",
            "request__organisation__co_kind",
        )
        .annotate(n=Sum("new_participants"), c=Sum("continuing"))
    ]
    languages = {lang.code: f"{lang.name} ({lang.code})" for lang in Language.objects.filter(designated=True)}
    prefectures = {p.code: p.name for p in Prefecture.objects.order_by("code")}
    totals = _group([(r[0], "", "", "", "", r[5], r[6]) for r in rows], intake_year, 1, {}, [])
    organisations = (
        PlacementRequest.objects.filter(intake_year=intake_year, status__in=COUNTED).order_by().count()
    )
    return DemandSummary(
        intake_year=intake_year,
        total=totals[0] if totals else DemandRow("", ""),
        by_job_type=_group(rows, intake_year, 1, {k: str(v) for k, v in JobType.choices}, JobType.values),
        by_language=_group(rows, intake_year, 2, languages, ["en"]),
        by_prefecture=_group(rows, intake_year, 3, prefectures, sorted(prefectures)),
        by_co_kind=_group(rows, intake_year, 4, {k: str(v) for k, v in COKind.choices}, COKind.values),
        organisations=organisations,
    )


def demand_lines(intake_year: int) -> list[RequestLine]:
    """Every counted line of an intake with its organisation (for the export's drill-down sheet)."""
    return list(
        RequestLine.objects.filter(request__intake_year=intake_year, request__status__in=COUNTED)
        .select_related("language", "request__organisation__prefecture")
        .order_by("request__organisation__prefecture__code", "request__organisation__code", "job_type")
    )


def demand_years() -> list[int]:
    years = set(RequestLine.objects.order_by().values_list("request__intake_year", flat=True).distinct())
    years |= set(RecruitmentCycle.objects.values_list("intake_year", flat=True))
    return sorted(years, reverse=True)


def default_demand_year(on: date) -> int:
    """The year the demand page opens on: the one whose requests are being collected on the day, else the
    latest year with requests or a cycle, else next year."""
    from jetpm.planning.selectors.requests import open_request_years

    open_years = open_request_years(on)
    if open_years:
        return open_years[-1]  # the earliest open one: the intake nearest to arrival
    years = demand_years()
    return years[0] if years else on.year + 1


def cycle_of(intake_year: int) -> RecruitmentCycle | None:
    return RecruitmentCycle.objects.filter(intake_year=intake_year).first()
