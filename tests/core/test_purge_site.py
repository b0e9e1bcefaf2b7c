"""The retention purge at the command line on a whole installation (the demo world, tests/sites.py), on the
configured engine: statistics unchanged by it, the audit log still verifies, a purged person's export holds
no name; and a purge killed inside a batch leaves every record whole or untouched, and the next run finishes
the work without applying anything twice."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from tests.sites import Site

TODAY = "2040-01-01"  # everything of the demo past its period but alumni who keep their consent
FIGURES = (
    ("stats", "retention", "--from-fy", "2022", "--to-fy", "2027", "--format", "csv"),
    ("stats", "participants", "--fy", "2024", "--format", "csv"),
    ("stats", "participants", "--fy", "2026", "--format", "csv"),
    ("stats", "participants", "--fy", "2027", "--format", "csv"),
)
# the stats pages' series of applicants (what /stats/ shows next to the participants)
APPLICANTS = (
    "from jetpm.stats.selectors import applicant_counts; from jetpm.core.scoping import OPERATOR; "
    "print(sorted(applicant_counts(OPERATOR, from_fy=2019, to_fy=2027).items()))"
)
# one unsuccessful applicant of FY2026 with a name, and the counts of every table
PICK = (
    "from jetpm.applications.models import Application; "
    "a = Application.objects.filter(intake_year=2026, status='not_recommended').order_by('pk').first(); "
    "print(a.person_id, a.person.family_name)"
)
COUNTS = (
    "import json; from django.db import connection; c = connection.cursor(); "
    "ts = connection.introspection.table_names(c); out = {}\n"
    "for t in ts:\n    c.execute(f'SELECT COUNT(*) FROM \"{t}\"'); out[t] = c.fetchone()[0]\n"
    "print(json.dumps(out))"
)


def _demo(tmp: Path, name: str) -> Site:
    site = Site(tmp, name)
    site.ok("migrate", "--no-input", "-v0")
    site.ok("demo-data", "--scale", "small", "--seed", "1")
    return site


def _shell(site: Site, code: str) -> str:
    """What the code printed last (the shell says first what it imported)."""
    return site.ok("shell", "-c", code).splitlines()[-1]


def _due(report: str) -> dict[str, int]:
    """The counts of the report's table: {kind label: count}."""
    rows = {}
    for line in report.splitlines()[2:9]:
        label, _sep, rest = line.partition(")")
        rows[label + ")"] = int(rest.split()[1])
    return rows


@pytest.mark.slow
def test_statistics_verify_and_export_are_right_after_the_purge(tmp_path):
    site = _demo(tmp_path, "purge")
    try:
        figures = {a: site.ok(*a) for a in FIGURES}
        applicants = _shell(site, APPLICANTS)
        person_id, name = _shell(site, PICK).split()
        # the verification first: it is recorded (a row), the dry run after it writes nothing
        events = site.ok("audit", "verify")
        counts = _shell(site, COUNTS)
        dry = site.ok("privacy", "purge", "--dry-run", "--today", TODAY)
        assert (
            "dry run: nothing was changed" in dry and _due(dry)["Unsuccessful applicants (applications)"] > 0
        )
        assert _shell(site, COUNTS) == counts and site.ok("audit", "verify") == events
        done = site.ok("privacy", "purge", "--today", TODAY)
        assert _due(done) == _due(dry)
        for args in FIGURES:
            assert site.ok(*args) == figures[args], args
        assert _shell(site, APPLICANTS) == applicants
        assert site.ok("audit", "verify").endswith("events verified\n")
        out = tmp_path / "export.zip"
        site.ok("privacy", "export", "--person", person_id, "-o", str(out))
        import zipfile

        with zipfile.ZipFile(out) as z:
            assert name not in z.read("person.json").decode()
        again = site.ok("privacy", "purge", "--dry-run", "--today", TODAY)
        assert set(_due(again).values()) == {0}
    finally:
        site.drop()


CHECK = """
import json
from django.db.models import Count, Q
from jetpm.applications.models import Application
from jetpm.core.models import Person, PurgeRun, PendingFileRemoval
half = []
for p in Person.objects.all():
    blank = (p.family_name, p.given_name, p.email, p.birth_date, p.user_id) == ('', '', '', None, None)
    if (p.anonymised_at is not None) != blank:
        half.append(('person', p.pk))
for a in Application.objects.exclude(anonymised_at=None):
    if a.passport_family_name or a.email or a.address or a.statement:
        half.append(('application', a.pk))
    elif a.documents.exists() or a.notices.exists():
        half.append(('application', a.pk))
# each person's state: anonymised, applications anonymised, participant anonymised, documents, referees,
# reviews
persons = Person.objects.annotate(
    apps=Count('applications', filter=Q(applications__anonymised_at__isnull=False), distinct=True),
    docs=Count('applications__documents', distinct=True),
    refs=Count('applications__referees', distinct=True),
    revs=Count('applications__reviews', distinct=True),
).values_list('pk', 'anonymised_at', 'apps', 'participant__anonymised_at', 'docs', 'refs', 'revs')
print(json.dumps({
    'half': half,
    'state': {pk: [a is not None, n, p is not None, d, r, v] for pk, a, n, p, d, r, v in persons},
    'unfinished_runs': PurgeRun.objects.filter(finished_at=None).count(),
    'done': [r.done for r in PurgeRun.objects.order_by('pk')],
    'pending_files': PendingFileRemoval.objects.count(),
}))
"""


@pytest.mark.slow
def test_a_purge_killed_inside_a_batch_leaves_nothing_half_done_and_the_next_run_finishes(tmp_path):
    site = _demo(tmp_path, "kill")
    try:
        due = _due(site.ok("privacy", "purge", "--dry-run", "--today", TODAY))
        before = json.loads(_shell(site, CHECK))["state"]
        proc = site.start(
            "privacy", "purge", "--today", TODAY,
            env={"JETPM_PURGE_BATCH_SIZE": "25", "JETPM_PURGE_TEST_STALL_BATCH": "3"},
        )  # fmt: skip
        try:
            assert proc.stderr is not None
            line = ""
            while "not committed" not in line:
                line = proc.stderr.readline()
                assert line, "the purge ended before its third batch"
            stalled = line.rsplit("persons ", 1)[1].strip().split(",")
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        killed = json.loads(_shell(site, CHECK))
        assert killed["half"] == [] and len(stalled) == 25
        # the killed batch rolled back whole: its persons as they were; two batches of 25 committed
        assert {pk: killed["state"][pk] for pk in stalled} == {pk: before[pk] for pk in stalled}
        changed = {pk for pk in before if killed["state"][pk] != before[pk]}
        assert 0 < len(changed) <= 50 and not changed & set(stalled)
        assert killed["unfinished_runs"] == 1
        assert site.ok("audit", "verify").endswith("events verified\n")

        site.ok("privacy", "purge", "--today", TODAY)
        state = json.loads(_shell(site, CHECK))
        assert state["half"] == [] and state["pending_files"] == 0
        assert all(state["state"][pk] != before[pk] for pk in stalled)  # they were due, and are done now
        # what the killed run committed and what the next run did add up to what was due: nothing twice
        totals: dict[str, int] = {}
        for done in state["done"]:
            for kind, n in done.items():
                totals[kind] = totals.get(kind, 0) + n
        labels = {
            "unsuccessful_applicant": "Unsuccessful applicants (applications)",
            "applicant_documents": "Uploaded documents (documents)",
            "referee_letters": "Referees and their letters (referees)",
            "reviews": "Screening reviews (reviews)",
            "participant": "Former participants (participants)",
        }
        assert {labels[k]: n for k, n in totals.items() if k in labels} == {
            label: n for label, n in due.items() if label in labels.values() and n
        }
        assert set(_due(site.ok("privacy", "purge", "--dry-run", "--today", TODAY)).values()) == {0}
        assert site.ok("audit", "verify").endswith("events verified\n")
    finally:
        site.drop()
