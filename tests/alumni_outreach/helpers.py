"""A small jurisdiction for mission A (the UK): a chapter in London and alumni living in the UK, some of whom
consent to bulletins and to being asked to help."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jetpm.alumni.models import AlumnusProfile
from jetpm.core import services as core_services
from jetpm.core.models import Country, Language, Organisation, Person
from jetpm.core.states import OrgKind, PersonKind, Role
from tests.world import World, make_user


@dataclass
class Jurisdiction:
    chapter: Organisation
    officer: object
    alumni: dict[str, Person] = field(default_factory=dict)


def uk_jurisdiction(world: World) -> Jurisdiction:
    gb = Country.objects.get(code="GB")
    chapter = Organisation.objects.create(
        code="jetaa-london",
        kind=OrgKind.JETAA_CHAPTER,
        name_en="JETAA London",
        name_ja="JETAA ロンドン",
        country=gb,
        region=gb.jetaa_region,
        email="london@example.org",
    )
    officer = make_user("chapter_london.officer")
    world.users["chapter_london.officer"] = officer
    core_services.add_membership(actor=None, user=officer, organisation=chapter, role=Role.OFFICER)
    j = Jurisdiction(chapter=chapter, officer=officer)
    english = Language.objects.get(code="en")
    japanese = Language.objects.get(code="ja")
    specs = {
        # key: (city, sector, news, recruitment, languages, with a user)
        "ava": ("London", "education", True, True, [english, japanese], True),
        "ben": ("London", "business", False, True, [english], False),
        "cara": ("Manchester", "media", True, False, [english, japanese], False),
        "dan": ("London", "education", True, False, [english], False),
    }
    for key, (city, sector, news, recruitment, languages, with_user) in specs.items():
        person = Person.objects.create(
            kind=PersonKind.ALUMNUS,
            family_name=f"Alum-{key}",
            given_name=key.title(),
            email=f"{key}@example.org",
            nationality=gb,
        )
        profile = AlumnusProfile.objects.create(
            person=person,
            country=gb,
            city=city,
            sector=sector,
            consents_to_news=news,
            consents_to_recruitment=recruitment,
        )
        profile.languages.set(languages)
        if with_user:
            user = make_user(f"alumnus_{key}")
            Person.objects.filter(pk=person.pk).update(user=user)
            person.refresh_from_db()
            world.users[f"alumnus_{key}"] = user
        j.alumni[key] = person
    return j


DUE = date(2027, 1, 31)
