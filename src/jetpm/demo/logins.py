"""The demo logins: one user per role, all with the same password (printed by ``jetpm demo-logins``)."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "jetpm-demo-2026"  # noqa: S105 - the published password of the demo world

# Codes of the organisations the demo logins belong to (made by jetpm.demo.world.core).
UK_MISSION = "mission-gb-london"
IE_MISSION = "mission-ie-dublin"
US_EMBASSY = "mission-us-washington"
GIFU_CO = "co-210005"
KANAZAWA_CO = "co-172014"
GIFU_HOST = "host-21"
NEW_YORK_CHAPTER = "jetaa-new-york"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    organisation: str | None  # organisation code (membership), or None
    role: str  # a Role value for memberships; "superuser" or a person kind otherwise
    language: str  # the user's interface language
    sees: str  # what the login shows, for the table of demo logins
    person_kind: str | None = None  # applicant/participant/alumnus: linked to a Person record
    first_name: str = ""
    last_name: str = ""


DEMO_LOGINS: list[DemoLogin] = [
    DemoLogin("admin", None, "superuser", "ja", "everything, and the Django admin"),
    DemoLogin(
        "mic.staff",
        "mic",
        "staff",
        "ja",
        "national views; requests and the country plan",
        first_name="Haruka",
        last_name="Sato",
    ),
    DemoLogin(
        "mofa.staff",
        "mofa",
        "staff",
        "ja",
        "national views; recruitment, missions, JETAA support",
        first_name="Kenji",
        last_name="Tanaka",
    ),
    DemoLogin(
        "mext.staff",
        "mext",
        "staff",
        "ja",
        "national views; ALT training and advice",
        first_name="Yuki",
        last_name="Suzuki",
    ),
    DemoLogin(
        "clair.staff",
        "clair",
        "staff",
        "ja",
        "national views; placement, orientations",
        first_name="Aiko",
        last_name="Watanabe",
    ),
    DemoLogin(
        "clair.counsellor",
        "clair",
        "counsellor",
        "ja",
        "CLAIR's counselling cases only (confidential: nobody else sees them)",
        first_name="Naoko",
        last_name="Ito",
    ),
    DemoLogin(
        "mic.admin",
        "mic",
        "admin",
        "ja",
        "national administrator: every organisation's users, retention of data",
        first_name="Takeshi",
        last_name="Yamamoto",
    ),
    DemoLogin(
        "council.approver",
        "council",
        "approver",
        "ja",
        "national views; approves plans and selection",
        first_name="Hiroshi",
        last_name="Nakamura",
    ),
    DemoLogin(
        "mission.staff",
        UK_MISSION,
        "staff",
        "ja",
        "the UK (London) mission's applicants and work",
        first_name="Emily",
        last_name="Clarke",
    ),
    DemoLogin(
        "mission.approver",
        UK_MISSION,
        "approver",
        "ja",
        "the UK (London) mission; approves its reports",
        first_name="Shinji",
        last_name="Kobayashi",
    ),
    DemoLogin(
        "mission.admin",
        UK_MISSION,
        "admin",
        "ja",
        "the UK (London) mission; manages its users",
        first_name="Mariko",
        last_name="Kato",
    ),
    DemoLogin(
        "mission2.staff",
        IE_MISSION,
        "staff",
        "ja",
        "the Ireland mission only (isolation demo)",
        first_name="Siobhan",
        last_name="Byrne",
    ),
    DemoLogin(
        "panelist",
        UK_MISSION,
        "panelist",
        "en",
        "only the applications assigned to their panels (UK): FY2027's in screening, FY2026's done",
        first_name="Daniel",
        last_name="Hughes",
    ),
    DemoLogin(
        "co.coordinator",
        GIFU_CO,
        "coordinator",
        "ja",
        "Gifu Prefecture's requests and participants",
        first_name="Yoko",
        last_name="Inoue",
    ),
    DemoLogin(
        "co2.coordinator",
        KANAZAWA_CO,
        "coordinator",
        "ja",
        "Kanazawa City's requests and participants",
        first_name="Daisuke",
        last_name="Kimura",
    ),
    DemoLogin(
        "host.coordinator",
        GIFU_HOST,
        "coordinator",
        "ja",
        "the contracting organisations of Gifu",
        first_name="Emi",
        last_name="Hayashi",
    ),
    DemoLogin(
        "chapter.officer",
        NEW_YORK_CHAPTER,
        "officer",
        "en",
        "JETAA New York's members and plans",
        first_name="Rachel",
        last_name="Kim",
    ),
    DemoLogin(
        "applicant",
        None,
        "applicant",
        "en",
        "their own application (UK): FY2027, in screening, the interview in January to prepare",
        person_kind="applicant",
        first_name="Alex",
        last_name="Testington",
    ),
    DemoLogin(
        "participant",
        None,
        "participant",
        "en",
        "their own appointment (Gifu Prefecture)",
        person_kind="participant",
        first_name="Sam",
        last_name="Sampleworth",
    ),
    DemoLogin(
        "alumnus",
        None,
        "alumnus",
        "en",
        "their own alumni record (JETAA New York)",
        person_kind="alumnus",
        first_name="Jordan",
        last_name="Demoski",
    ),
]
