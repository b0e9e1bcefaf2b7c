"""Records and helpers of the entrance browser test: the FY2027 intake opened today for the UK missions, an
approved FY2027 country plan with a GB ALT line, small real files to upload, and the mails the live server
sent (it runs in the test's process, so ``django.core.mail.outbox`` holds them)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.core import mail
from django.db.models import Q
from django.utils import timezone

from jetpm.applications.models import Application
from jetpm.core.models import Country, Language, Milestone, MilestoneOverride, Organisation, User
from jetpm.core.states import JobType, MilestoneKind, OrgKind
from jetpm.planning.models import CountryPlan, Criterion, PlanLine
from jetpm.planning.states import GuidelineStatus, PlanStatus
from jetpm.screening.models import Assignment
from jetpm.selection.models import SelectionList

YEAR = 2027
LONDON = "mission-gb-london"
GB_ALT_SEATS = 3


@dataclass
class Files:
    """Small real files (and a text file that pretends to be a PDF) in a temporary folder."""

    pdf: Path
    png: Path
    fake_pdf: Path


def pdf_bytes(title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1)
    canvas.drawString(72, 760, title)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 210, 220)).save(buf, format="PNG")
    return buf.getvalue()


def write_files(folder: Path) -> Files:
    files = Files(
        pdf=folder / "transcript.pdf", png=folder / "passport-page.png", fake_pdf=folder / "degree.pdf"
    )
    files.pdf.write_bytes(pdf_bytes("Browser test document"))
    files.png.write_bytes(png_bytes())
    files.fake_pdf.write_bytes(b"This is a plain text file with a .pdf name, not a PDF.\n")
    return files


def open_intake_today() -> None:
    """The UK missions' own FY2027 intake dates around today (the calendar is real time)."""
    today = timezone.localdate()
    milestone = Milestone.objects.get(cycle__intake_year=YEAR, kind=MilestoneKind.INTAKE)
    for mission in Organisation.objects.filter(kind=OrgKind.MISSION, countries__code="GB"):
        MilestoneOverride.objects.update_or_create(
            milestone=milestone,
            mission=mission,
            defaults={"starts_on": today - timedelta(days=20), "ends_on": today + timedelta(days=20)},
        )


def approved_plan_with_gb_alt() -> CountryPlan:
    """The approved FY2027 plan (made here when the demo has none) with a GB ALT English line."""
    plan = CountryPlan.objects.filter(intake_year=YEAR, status=PlanStatus.APPROVED).first()
    if plan is None:
        version = CountryPlan.objects.filter(intake_year=YEAR).order_by("-version").first()
        plan = CountryPlan.objects.create(
            intake_year=YEAR,
            version=(version.version + 1) if version else 1,
            status=PlanStatus.APPROVED,
            approved_at=timezone.now(),
            note="Browser test plan",
        )
    gb = Country.objects.get(code="GB")
    english = Language.objects.get(code="en")
    line, _created = PlanLine.objects.get_or_create(
        plan=plan,
        country=gb,
        job_type=JobType.ALT,
        language=english,
        defaults={"seats": GB_ALT_SEATS, "proposed": GB_ALT_SEATS},
    )
    assert line.seats >= 1, line
    return plan


def fresh_gb_alt_list() -> None:
    """The FY2027 GB ALT list a run before published is removed, so each run prepares its own."""
    SelectionList.objects.filter(intake_year=YEAR, country__code="GB", job_type=JobType.ALT).delete()


def criteria(stage: str) -> list[Criterion]:
    return list(
        Criterion.objects.filter(
            guideline__intake_year=YEAR, guideline__status=GuidelineStatus.APPROVED, stage=stage
        ).order_by("code")
    )


def other_panels_application(panelist: User) -> Application:
    """An application of the UK mission assigned to a panel the panelist does not sit on."""
    assignment = (
        Assignment.objects.exclude(panel__members__user=panelist)
        .filter(panel__mission__code=LONDON)
        .select_related("application")
        .order_by("pk")
        .first()
    )
    assert assignment is not None, "the demo has no UK application on another panel"
    return assignment.application


def own_panels_application(panelist: User, *, besides: int) -> Application:
    """An application on a panel of the panelist, without a conflict declared yet (not ``besides``)."""
    assignment = (
        Assignment.objects.filter(panel__members__user=panelist)
        .exclude(application_id=besides)
        .exclude(Q(application__conflicts__user=panelist))
        .select_related("application")
        .order_by("pk")
        .first()
    )
    assert assignment is not None, "the panelist has no other application to declare a conflict with"
    return assignment.application


# --- mail ------------------------------------------------------------------------------------------------


def link_in(message: mail.EmailMessage, path_part: str) -> str:
    """The path of the first link in the mail whose path contains ``path_part``."""
    for url in re.findall(r"https?://[^\s<>\"]+", str(message.body)):
        match = re.match(r"https?://[^/]+(/.*)", url)
        if match and path_part in match.group(1):
            return match.group(1)
    raise AssertionError(f"no link with {path_part!r} in the mail {message.subject!r}:\n{message.body}")


def last_mail_to(address: str) -> mail.EmailMessage:
    sent = [m for m in mail.outbox if address in m.to]
    assert sent, f"no mail to {address}; sent: {[(m.to, m.subject) for m in mail.outbox]}"
    return sent[-1]
