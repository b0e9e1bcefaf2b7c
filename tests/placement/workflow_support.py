"""Test data of the placement workflow on top of the shared small world: accepted 2027 candidates (with a
user each) and accepted 2027 requests of the world's contracting organisations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jetpm.applications.models import Application
from jetpm.core.models import Language, Person, Prefecture, User
from jetpm.core.states import PersonKind
from jetpm.placement.models import PlacementRun
from jetpm.placement.services import runs
from jetpm.planning.models import PlacementRequest, RequestLine
from jetpm.planning.states import RequestStatus
from tests.world import World, make_user

YEAR = 2027
GIFU, ISHIKAWA, TOKYO = "21", "17", "13"


@dataclass
class Placed:
    apps: dict[str, Application] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def request(
    world: World, co_key: str, seats: int, *, job_type: str = "ALT", lang: str = "en", **line: object
) -> None:
    org = world.orgs[co_key]
    req, _ = PlacementRequest.objects.get_or_create(
        organisation=org, intake_year=YEAR, defaults={"status": RequestStatus.ACCEPTED}
    )
    RequestLine.objects.create(
        request=req,
        job_type=job_type,
        language=Language.objects.get(code=lang),
        new_participants=seats,
        **line,
    )


def candidate(
    world: World,
    name: str,
    prefs: list[str],
    *,
    mission_key: str = "mission_a",
    status: str = "accepted",
    job_type: str = "ALT",
    lang: str = "en",
    partner: str = "",
    user_language: str = "en",
    japanese_level: str = "none",
) -> tuple[Application, User]:
    mission = world.orgs[mission_key]
    country = mission.countries.get()
    user = make_user(f"pl-{name}", language=user_language)
    person = Person.objects.create(
        kind=PersonKind.APPLICANT,
        family_name=f"Pl{name}",
        given_name="Sam",
        birth_date=date(1998, 5, 1),
        email=f"{name}@example.org",
        nationality=country,
        mission=mission,
        user=user,
    )
    p = {i: Prefecture.objects.get(code=c) for i, c in enumerate(prefs, start=1)}
    app = Application.objects.create(
        reference=f"{YEAR}-{country.code}-P{name.upper()}",
        person=person,
        intake_year=YEAR,
        mission=mission,
        country=country,
        job_type=job_type,
        language=Language.objects.get(code=lang),
        status=status,
        nationality=country,
        passport_family_name=f"Pl{name}",
        passport_given_names="Sam",
        email=f"{name}@example.org",
        preference_1=p.get(1),
        preference_2=p.get(2),
        preference_3=p.get(3),
        partner_reference=partner,
        japanese_level=japanese_level,
    )
    return app, user


def small_year(world: World) -> Placed:
    """Gifu Prefecture 2 seats, Gifu City 1, Kanazawa 1 (ALT, en); five candidates: a, b want Gifu, c
    wants Ishikawa, d wants Tokyo (no seat there), e is a French ALT (no French post)."""
    request(world, "co_a", 2)
    request(world, "co_a2", 1)
    request(world, "co_b", 1)
    out = Placed()
    for name, prefs, extra in (
        ("a", [GIFU, ISHIKAWA], {}),
        ("b", [GIFU], {}),
        ("c", [ISHIKAWA, GIFU], {}),
        ("d", [TOKYO], {}),
        ("e", [GIFU], {"lang": "fr"}),
    ):
        app, user = candidate(world, name, prefs, **extra)  # type: ignore[arg-type]
        out.apps[name] = app
        out.users[name] = user
    return out


def solved(world: World, mode: str = "optimal", django_capture_on_commit_callbacks=None) -> PlacementRun:  # type: ignore[no-untyped-def]
    clair = world.users["clair.staff"]
    run = runs.create_run(actor=clair, intake_year=YEAR, mode=mode)
    if django_capture_on_commit_callbacks is None:
        runs.start_run(actor=clair, run_id=run.pk)
        runs.execute(run.pk)
    else:
        with django_capture_on_commit_callbacks(execute=True):
            runs.start_run(actor=clair, run_id=run.pk)
    run.refresh_from_db()
    return run
