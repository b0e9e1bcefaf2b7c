"""The retention purge (shared/formats/trust.md, ``jetpm privacy purge``) on a small world with data past its
period: what goes and what stays, files removed, audit events redacted with the chain intact, statistics
unchanged, a legal hold honoured, a dry run that writes nothing, a re-run that applies nothing twice."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils.functional import empty

from jetpm.applications.models import Application, Document, Notice, Referee, private_storage
from jetpm.appointments import selectors as appointment_selectors
from jetpm.appointments.models import Participant, ReappointmentDecision, TermEnding, TrainingInvitation
from jetpm.core import purge, retention
from jetpm.core.audit import verify_chain
from jetpm.core.models import AuditEvent, Person, PurgeRun, User
from jetpm.core.privacy import collect, export_person
from jetpm.core.scoping import OPERATOR
from jetpm.screening.models import Review
from jetpm.selection.models import Offer
from jetpm.stats import selectors as stats_selectors
from tests.core.purge_support import DAY, PurgeWorld, build_purge_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw(world, settings, tmp_path: Path) -> Iterator[PurgeWorld]:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    private_storage._wrapped = empty  # rebuilt on the temporary folder
    yield build_purge_world(world)
    private_storage._wrapped = empty


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("privacy", "purge", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for t in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{t}"')  # noqa: S608 (table names from the database)
            counts[t] = cursor.fetchone()[0]
    return counts


def _figures() -> tuple[object, ...]:
    return (
        appointment_selectors.retention_counts(OPERATOR, from_fy=2020, to_fy=2031),
        sorted(appointment_selectors.participant_counts(OPERATOR, fiscal_year=2024)),
        sorted(appointment_selectors.participant_counts(OPERATOR, fiscal_year=2031)),
        stats_selectors.applicant_counts(OPERATOR, from_fy=2019, to_fy=2031),
        _cli("retention", "--from-fy", "2020", "--to-fy", "2031"),
        _cli("participants", "--fy", "2024"),
        _cli("participants", "--fy", "2031"),
    )


def _cli(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", *args, "--format", "csv", stdout=out)
    return out.getvalue()


def test_a_dry_run_counts_per_kind_and_writes_nothing(pw):
    before, events = _row_counts(), AuditEvent.objects.count()
    out = _run("--dry-run", "--today", DAY.isoformat())
    assert "dry run: nothing was changed" in out
    lines = {line.split("  ")[0]: line.split() for line in out.splitlines()[2:9]}
    # applications: old and the two of FY2027 in tests/world.py (former's is part of the participant); held
    assert lines["Unsuccessful applicants (applications)"][-2:] == ["3", "1"]
    assert lines["Uploaded documents (documents)"][-2:] == ["3", "1"]  # a transcript each (letters: referees)
    assert lines["Referees and their letters (referees)"][-2:] == ["1", "1"]
    assert lines["Screening reviews (reviews)"][-2:] == ["1", "1"]
    assert lines["Former participants (participants)"][-2:] == ["1", "0"]
    assert lines["Alumni who withdrew consent (persons)"][-2:] == ["1", "0"]
    assert "persons anonymised: 5; persons kept under hold: 1" in out
    assert _row_counts() == before and AuditEvent.objects.count() == events
    assert Person.objects.get(pk=pw.persons["old_applicant"].pk).family_name == "Purgename-old_applicant"


def test_the_purge_anonymises_deletes_redacts_and_keeps_the_chain(pw, django_capture_on_commit_callbacks):
    old, held, recent = (pw.persons[k] for k in ("old_applicant", "held", "recent_applicant"))
    old_app = pw.applications["old"]
    user_id = old.user_id
    figures = _figures()
    assert all(f.exists() for f in pw.files)
    with django_capture_on_commit_callbacks(execute=True):
        out = _run("--today", DAY.isoformat())
    assert "applied" in out and "persons anonymised: 5" in out

    # the person, their account and their application: personal values gone, the statistics' kept
    p = Person.objects.get(pk=old.pk)
    assert (p.family_name, p.given_name, p.email, p.birth_date, p.user_id) == ("", "", "", None, None)
    assert p.birth_year == 1995 and p.nationality.code == "GB" and p.anonymised_at is not None
    assert str(p) == f"Anonymised person {p.pk}"
    u = User.objects.get(pk=user_id)
    assert u.username == f"anonymised-{user_id}" and not u.is_active and not u.has_usable_password()
    a = Application.objects.get(pk=old_app.pk)
    assert (a.passport_family_name, a.email, a.address, a.statement, a.medical_conditions) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert (a.status, a.intake_year, a.job_type, a.nationality.code) == ("not_selected", 2026, "ALT", "GB")
    assert not Document.objects.filter(application=a).exists()
    assert (
        not Referee.objects.filter(application=a).exists()
        and not Review.objects.filter(application=a).exists()
    )
    assert not Notice.objects.filter(application=a).exists()
    assert Offer.objects.get(application=a).passport_number == ""
    old_files = [f for f in pw.files if "old-" in f.name]
    assert old_files and not any(f.exists() for f in old_files)

    # the held person and the applicant in screening: untouched, their files too
    for kept in (held, recent):
        assert Person.objects.get(pk=kept.pk).family_name == kept.family_name
        assert Document.objects.filter(application__person=kept).count() == 2
        assert Review.objects.get(application__person=kept).comment
    assert all(f.exists() for f in pw.files if "old-" not in f.name)

    # the former participant: names and free texts gone, the terms kept; the serving one kept
    former = Person.objects.get(pk=pw.persons["former"].pk)
    assert former.anonymised_at is not None and former.family_name == ""
    participant = Participant.objects.get(person=former)
    assert participant.anonymised_at is not None and participant.terms.count() == 2
    assert ReappointmentDecision.objects.get(term__participant=participant).reason == ""
    assert TermEnding.objects.get(term__participant=participant).reason == purge.REMOVED
    assert TrainingInvitation.objects.get(participant=participant).comment == ""
    assert TrainingInvitation.objects.get(participant=participant).rating == 4
    assert Application.objects.get(pk=pw.applications["former"].pk).anonymised_at is not None
    assert Person.objects.get(pk=pw.persons["serving"].pk).anonymised_at is None
    # alumni: the one who withdrew consent goes, the other stays
    assert Person.objects.get(pk=pw.persons["alumnus_withdrawn"].pk).anonymised_at is not None
    assert Person.objects.get(pk=pw.persons["alumnus"].pk).anonymised_at is None

    # the audit log: the events about them redacted, the chain intact, one purge event without names
    for e in AuditEvent.objects.filter(person=old):
        assert e.redacted and e.changes == {} and e.object_label == ""
    by_account = AuditEvent.objects.get(actor_id=user_id, action="user.language")
    assert by_account.redacted and by_account.actor_label == ""
    assert not AuditEvent.objects.filter(person=held, redacted=True).exists()
    assert verify_chain().intact
    event = AuditEvent.objects.get(action="privacy.purge")
    assert event.changes["today"] == DAY.isoformat() and event.person_id is None
    assert event.changes["due"][retention.UNSUCCESSFUL_APPLICANT] == 3
    assert event.changes["kept_under_hold"][retention.UNSUCCESSFUL_APPLICANT] == 1
    assert "Purgename" not in json.dumps(event.changes) and event.actor_label == "system"
    run = PurgeRun.objects.get()
    assert run.finished_at is not None and run.done == run.due and run.persons == 5 and run.files == 2

    # the statistics: the same figures
    assert _figures() == figures

    # the subject-access export holds no name any more
    export = collect(Person.objects.get(pk=old.pk))
    assert "Purgename" not in json.dumps(export.records, default=str)
    assert "Referee of old" not in json.dumps(export.records, default=str)

    # a second run finds nothing more to do, and a dry run says so
    with django_capture_on_commit_callbacks(execute=True):
        again = _run("--today", DAY.isoformat())
    assert "persons anonymised: 0" in again
    assert PurgeRun.objects.order_by("-id").first().done == {}
    assert verify_chain().intact


def test_the_export_of_a_purged_person_has_no_name(pw, tmp_path, django_capture_on_commit_callbacks):
    old = pw.persons["old_applicant"]
    with django_capture_on_commit_callbacks(execute=True):
        _run("--today", DAY.isoformat())
    target = io.BytesIO()
    export_person(actor=OPERATOR, person_id=old.pk, target=target)
    with zipfile.ZipFile(target) as z:
        text = z.read("person.json").decode()
        assert not [n for n in z.namelist() if n.startswith("files/")]
    assert "Purgename" not in text and "purge.example.org" not in text


def test_lifting_the_hold_lets_the_next_purge_apply(pw, world, django_capture_on_commit_callbacks):
    from jetpm.core import services_retention

    held = pw.persons["held"]
    services_retention.lift_hold(actor=world.users["mic.staff"], person_id=held.pk, reason="Complaint closed")
    with django_capture_on_commit_callbacks(execute=True):
        out = _run("--today", DAY.isoformat())
    assert "persons kept under hold: 0" in out
    assert Person.objects.get(pk=held.pk).anonymised_at is not None


def test_a_hold_placed_after_the_scan_is_honoured_by_the_batch(pw, world, django_capture_on_commit_callbacks):
    """The batch decides again under the persons' locks: what was due at the scan and is held since, stays."""
    from jetpm.core import services_retention

    old = pw.persons["old_applicant"]
    original = purge.plan

    def plan_then_hold(*, today):
        outcome = original(today=today)
        services_retention.place_hold(
            actor=world.users["mic.staff"], person_id=old.pk, reason="A court's request"
        )
        return outcome

    purge.plan = plan_then_hold
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _run("--today", DAY.isoformat())
    finally:
        purge.plan = original
    assert Person.objects.get(pk=old.pk).anonymised_at is None
    assert Document.objects.filter(application__person=old).exists()
    run = PurgeRun.objects.get()
    # due at the scan: old and the two of tests/world.py; done: those two; held: the held one and old
    assert run.due[retention.UNSUCCESSFUL_APPLICANT] == 3 and run.done[retention.UNSUCCESSFUL_APPLICANT] == 2
    assert run.held[retention.UNSUCCESSFUL_APPLICANT] == 2


@pytest.mark.parametrize("value", ["2031-13-01", "tomorrow", "01/06/2031"])
def test_a_bad_day_is_refused_with_exit_2(pw, value):
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError) as exc:
        _run("--today", value)
    assert exc.value.returncode == 2 and value in str(exc.value) and "YYYY-MM-DD" in str(exc.value)
    assert AuditEvent.objects.count() == events and not PurgeRun.objects.exists()


def test_a_shared_stored_file_stays_while_another_record_holds_it(pw, django_capture_on_commit_callbacks):
    """Documents may share a stored file (the demo's do): it is removed only with its last record."""
    old_doc = Document.objects.filter(application=pw.applications["old"], referee__isnull=True).get()
    keeper = Document.objects.filter(application=pw.applications["recent"], referee__isnull=True).get()
    Document.objects.filter(pk=keeper.pk).update(file=old_doc.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        _run("--today", DAY.isoformat())
    assert Path(old_doc.file.path).exists()


ANCHORS = {
    "core.Person",
    "applications.Application",
    "appointments.Participant",
    "appointments.AppointmentTerm",
}


def test_every_record_about_a_person_has_a_fate_in_the_purge():
    """A model added later that points to a person, an application, a participant or a term must say what
    the purge does to it (core/purge.py: APPLICATION_PARTS, PARTICIPANT_PARTS, HANDLED)."""
    declared = (
        set(purge.APPLICATION_PARTS) | set(purge.PARTICIPANT_PARTS) | set(purge.PERSON_PARTS) | purge.HANDLED
    )
    missing = sorted(
        m._meta.label
        for m in apps.get_models()
        if any(
            f.is_relation and f.related_model is not None and f.related_model._meta.label in ANCHORS
            for f in m._meta.concrete_fields
        )
        and m._meta.label not in declared
    )
    assert missing == []


def test_referees_and_reviews_can_be_anonymised_instead_of_deleted(pw, django_capture_on_commit_callbacks):
    from jetpm.core.models import RetentionSchedule

    RetentionSchedule.objects.filter(kind__in=["referee_letters", "reviews"]).update(action="anonymise")
    app = pw.applications["old"]
    letter = Referee.objects.get(application=app).letter
    assert letter is not None
    with django_capture_on_commit_callbacks(execute=True):
        out = _run("--today", DAY.isoformat())
    assert "Referees and their letters (referees)" in out
    referee = Referee.objects.get(application=app)
    assert (referee.name, referee.email, referee.relationship, referee.letter_id) == ("", "", "", None)
    assert not Document.objects.filter(pk=letter.pk).exists() and not Path(letter.file.path).exists()
    review = Review.objects.get(application=app)
    assert review.comment == "" and review.scores == {"a": 3} and review.weighted == 3
    assert verify_chain().intact
    # a second run finds them done
    assert purge.plan(today=DAY).due.get(retention.REFEREE_LETTERS, 0) == 0
    assert purge.plan(today=DAY).due.get(retention.REVIEWS, 0) == 0
