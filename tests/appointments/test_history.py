"""Participant history: import, export and statistics through the real commands."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from jetpm.appointments import selectors
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.core.models import AuditEvent, Person
from jetpm.core.scoping import OPERATOR, visible_to
from tests.appointments.helpers import (
    REFERENCE,
    csv_content,
    history_rows,
    reference_counts,
    write,
    xlsx_content,
)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def import_fails(path: str) -> tuple[int, list[str]]:
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import-history", path, stderr=err)
    return exc.value.returncode, err.getvalue().splitlines()


def db_state() -> tuple[int, int, int, int]:
    return (
        Participant.objects.count(),
        AppointmentTerm.objects.count(),
        Person.objects.count(),
        AuditEvent.objects.filter(action__startswith="participant_history").count(),
    )


@pytest.fixture
def reference_rows() -> list[dict[str, str]]:
    return history_rows(reference_counts(), co_codes=("210005", "co-212016", "172014"))


@pytest.mark.django_db
def test_acceptance_retention_equals_the_published_table(world, tmp_path: Path, reference_rows) -> None:
    path = write(tmp_path, "history.csv", csv_content(reference_rows, bom=True))
    out = run("import-history", path)
    assert out.startswith(
        f"{len(reference_rows)} rows: 9724 participants created, {len(reference_rows)} terms"
    )
    got = run("stats", "retention", "--from-fy", "2022", "--to-fy", "2024", "--format", "csv")
    expected = REFERENCE.read_bytes().decode("utf-8")
    assert got == expected
    assert sorted(got.splitlines()) == sorted(expected.splitlines())
    # FY totals of the seed
    totals = Counter(int(r["fiscal_year"]) for r in reference_rows)
    assert totals == {2022: 5723, 2023: 5831, 2024: 5861}
    # one audit event for the whole import, with its counts
    event = AuditEvent.objects.get(action="participant_history.import")
    assert event.changes["terms_created"] == [None, len(reference_rows)]
    assert event.changes["participants_created"] == [None, 9724]
    # persons were made for the participants: kind participant, nationality the recruiting country
    p = Participant.objects.select_related("person", "country").get(jet_id="T2021-00001")
    assert (p.person.kind, p.person.family_name, p.person.nationality_id) == (
        "participant",
        "T2021-00001",
        p.country.pk,
    )
    assert p.person.contracting_org is not None


@pytest.mark.django_db
def test_a_narrower_range_blanks_the_first_year(world, tmp_path: Path, reference_rows) -> None:
    run("import-history", write(tmp_path, "h.csv", csv_content(reference_rows)))
    got = list(
        csv.reader(
            io.StringIO(run("stats", "retention", "--from-fy", "2023", "--to-fy", "2024", "--format", "csv"))
        )
    )
    assert got[0] == ["cohort_year", "fiscal_year", "year_on_programme", "participants", "retention_rate_pct"]
    rows = {(r[0], r[1]): r for r in got[1:]}
    assert rows[("2021", "2023")][4] == ""  # FY2022 is outside 2023..2024
    assert rows[("2021", "2024")][4] == "67"
    assert ("2017", "2022") not in rows
    table = run("stats", "retention", "--from-fy", "2022", "--to-fy", "2024")
    assert "retention_rate_pct" in table.splitlines()[0] and "1020" in table


@pytest.mark.django_db
def test_participants_statistic(world, tmp_path: Path, reference_rows) -> None:
    run("import-history", write(tmp_path, "h.csv", csv_content(reference_rows)))
    got = list(csv.DictReader(io.StringIO(run("stats", "participants", "--fy", "2024", "--format", "csv"))))
    expected: Counter[tuple[str, str]] = Counter()
    new: Counter[tuple[str, str]] = Counter()
    for r in reference_rows:
        if r["fiscal_year"] == "2024":
            expected[(r["country"], r["job_type"])] += 1
            if r["cohort_year"] == "2024":
                new[(r["country"], r["job_type"])] += 1
    assert list(got[0]) == ["fiscal_year", "country", "job_type", "participants", "new_participants"]
    assert [(g["country"], g["job_type"]) for g in got] == sorted(expected)
    for g in got:
        key = (g["country"], g["job_type"])
        assert (g["fiscal_year"], int(g["participants"]), int(g["new_participants"])) == (
            "2024",
            expected[key],
            new[key],
        )
    assert sum(int(g["participants"]) for g in got) == 5861
    assert sum(int(g["new_participants"]) for g in got) == 2006


@pytest.mark.django_db
def test_reimport_changes_nothing(world, tmp_path: Path, reference_rows) -> None:
    path = write(tmp_path, "h.csv", csv_content(reference_rows))
    run("import-history", path)
    before = list(AppointmentTerm.objects.order_by("id").values_list())
    persons = Person.objects.count()
    out = run("import-history", path)
    assert "0 participants created, 0 terms created, 0 updated" in out
    assert list(AppointmentTerm.objects.order_by("id").values_list()) == before
    assert Person.objects.count() == persons


@pytest.mark.django_db
def test_reimport_updates_matched_rows_and_adds_new_years(world, tmp_path: Path) -> None:
    rows = history_rows({(2023, 2023): 3, (2023, 2024): 2})
    run("import-history", write(tmp_path, "a.csv", csv_content(rows)))
    rows[0]["contracting_org"] = "172014"
    rows.append({**rows[-1], "fiscal_year": "2025", "year_on_programme": ""})
    out = run("import-history", write(tmp_path, "b.csv", csv_content(rows)))
    assert "0 participants created, 1 terms created, 1 updated" in out
    assert (
        AppointmentTerm.objects.get(
            participant__jet_id=rows[0]["jet_id"], fiscal_year=2023
        ).contracting_org.code
        == "co-172014"
    )


@pytest.mark.django_db
def test_xlsx_import_and_column_order_is_free(world, tmp_path: Path) -> None:
    rows = history_rows({(2022, 2022): 4, (2022, 2023): 3})
    columns = ["country", "job_type", "jet_id", "cohort_year", "fiscal_year"]
    run("import-history", write(tmp_path, "h.xlsx", xlsx_content(rows, columns=columns)))
    assert AppointmentTerm.objects.count() == 7
    assert Participant.objects.get(jet_id="T2022-00000").language is None


@pytest.mark.django_db
def test_a_csv_named_xlsx_is_refused(world, tmp_path: Path) -> None:
    rows = history_rows({(2022, 2022): 2})
    code, _lines = import_fails(write(tmp_path, "h.xlsx", csv_content(rows)))
    assert code == 2 and db_state() == (0, 0, Person.objects.count(), 0)


@pytest.mark.django_db
def test_export_round_trip(world, tmp_path: Path, reference_rows) -> None:
    small = [r for r in reference_rows if r["jet_id"].endswith(("0001", "0002", "0003"))]
    run("import-history", write(tmp_path, "in.csv", csv_content(small)))
    out_csv = tmp_path / "out.csv"
    run("export-history", "--from-fy", "2022", "--to-fy", "2024", "-o", str(out_csv))
    content = out_csv.read_bytes()
    assert content.startswith("\ufeff".encode())
    exported = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert list(exported[0]) == [
        "jet_id",
        "fiscal_year",
        "cohort_year",
        "year_on_programme",
        "country",
        "job_type",
        "contracting_org",
        "language",
    ]
    assert len(exported) == len(small)
    # the export imports into an empty database to the same records
    AppointmentTerm.objects.all().delete()
    Participant.objects.all().delete()
    run("import-history", str(out_csv))
    again = tmp_path / "again.xlsx"
    run("export-history", "--from-fy", "2022", "--to-fy", "2024", "--format", "xlsx", "-o", str(again))
    sheet = load_workbook(again).worksheets[0]
    values = [[("" if v is None else str(v)) for v in r] for r in sheet.iter_rows(values_only=True)]
    assert values[1:] == [list(r.values()) for r in exported]
    assert AuditEvent.objects.filter(action="participant_history.export").count() == 2
    # an export limited to one year
    one = run("export-history", "--from-fy", "2024", "--to-fy", "2024")
    assert all(line.split(",")[1] == "2024" for line in one.lstrip("\ufeff").splitlines()[1:])


@pytest.mark.django_db
def test_every_rule_reports_row_column_and_reason_and_writes_nothing(world, tmp_path: Path) -> None:
    good = history_rows({(2022, 2022): 1, (2022, 2023): 1})
    run("import-history", write(tmp_path, "first.csv", csv_content(good)))  # T2022-00000 (GB, 2022) is known
    before = db_state()
    base = {
        "jet_id": "X1",
        "fiscal_year": "2024",
        "cohort_year": "2023",
        "year_on_programme": "",
        "country": "GB",
        "job_type": "ALT",
        "contracting_org": "",
        "language": "",
    }
    bad = [
        {**base, "jet_id": ""},  # row 2
        {**base, "jet_id": "X" * 21},  # row 3
        {**base, "jet_id": "X3", "fiscal_year": "twenty"},  # row 4
        {**base, "jet_id": "X4", "fiscal_year": "1986"},  # row 5
        {**base, "jet_id": "X5", "cohort_year": "2025"},  # row 6
        {**base, "jet_id": "X6", "year_on_programme": "1"},  # row 7
        {**base, "jet_id": "X7", "country": "XX"},  # row 8
        {**base, "jet_id": "X8", "job_type": "TEACHER"},  # row 9
        {**base, "jet_id": "X9", "contracting_org": "999999"},  # row 10
        {**base, "jet_id": "X10", "language": "xx"},  # row 11
        {**base, "jet_id": "X11"},  # row 12 (good)
        {**base, "jet_id": "X11", "fiscal_year": "2025", "cohort_year": "2022"},  # row 13: other cohort
        {**base, "jet_id": "X11", "fiscal_year": "2023", "country": "US"},  # row 14: other country
        {**base, "jet_id": "X11"},  # row 15: duplicate (jet_id, fiscal_year)
        {**base, "jet_id": "T2022-00000", "cohort_year": "2021"},  # row 16: differs from the database
        {
            **base,
            "jet_id": "T2022-00000",
            "fiscal_year": "2025",
            "cohort_year": "2022",
            "country": "US",
        },  # row 17: idem
        {**base, "jet_id": "X12", "cohort_year": ""},  # row 18
        {**base, "jet_id": "X13", "year_on_programme": "two"},  # row 19
        {**base, "jet_id": "X14", "country": "", "job_type": ""},  # row 20: two errors
        {**base, "jet_id": "X15", "fiscal_year": "2101", "cohort_year": "2101"},  # row 21
        {**base, "jet_id": "X16", "fiscal_year": "1994", "cohort_year": "1994", "job_type": "SEA"},  # row 22
        {**base, "jet_id": "X17", "language": "es"},  # row 23: ALT teaches five languages only
    ]
    code, lines = import_fails(write(tmp_path, "bad.csv", csv_content(bad)))
    assert code == 2
    assert lines == [
        "row 2, jet_id: required",
        "row 3, jet_id: at most 20 characters (has 21)",
        "row 4, fiscal_year: not an integer: 'twenty'",
        "row 5, fiscal_year: 1986 is outside 1987–2100",
        "row 6, cohort_year: 2025 is after fiscal_year 2024",
        "row 7, year_on_programme: 1 is not fiscal_year - cohort_year + 1 = 2",
        "row 8, country: unknown country code 'XX' (ISO 3166-1 alpha-2)",
        "row 9, job_type: 'TEACHER' is not one of ALT, CIR, SEA",
        "row 10, contracting_org: unknown contracting organisation '999999'",
        "row 11, language: unknown language code 'xx' (ISO 639-1)",
        "row 13, cohort_year: 2022 differs from 2023 in row 12 for X11",
        "row 14, country: US differs from GB in row 12 for X11",
        "row 15, fiscal_year: X11 in 2024 already given in row 12",
        "row 16, cohort_year: 2021 differs from 2022 already recorded for T2022-00000",
        "row 17, country: US differs from GB already recorded for T2022-00000",
        "row 18, cohort_year: required",
        "row 19, year_on_programme: not an integer: 'two'",
        "row 20, country: required",
        "row 20, job_type: required",
        "row 21, fiscal_year: 2101 is outside 1987–2100",
        "row 21, cohort_year: 2101 is outside 1987–2100",
        "row 22, job_type: SEA exists from FY1995, not in FY1994",
        "row 23, language: 'es' is not a language of ALT (en, de, fr, zh, ko)",
    ]
    assert db_state() == before


@pytest.mark.django_db
def test_header_errors(world, tmp_path: Path) -> None:
    rows = history_rows({(2022, 2022): 1})
    content = csv_content(rows).replace(b"language", b"langauge", 1)
    code, lines = import_fails(write(tmp_path, "typo.csv", content))
    assert code == 2 and lines[0].startswith("row 1, langauge: unknown column")
    content = csv_content(rows, columns=["jet_id", "fiscal_year", "cohort_year", "job_type"])
    code, lines = import_fails(write(tmp_path, "missing.csv", content))
    assert lines == ["row 1, country: required column missing"]
    code, _ = import_fails(write(tmp_path, "latin1.csv", "jet_id,país\n".encode("latin-1")))
    assert code == 2
    assert db_state() == (0, 0, Person.objects.count(), 0)


@pytest.mark.django_db
def test_scoping_side_by_side(world, tmp_path: Path) -> None:
    rows = history_rows({(2023, 2023): 6, (2023, 2024): 6}, co_codes=("210005", "212016", "172014"))
    run("import-history", write(tmp_path, "h.csv", csv_content(rows)))
    own = Participant.objects.get(jet_id="T2023-00000")
    Participant.objects.filter(pk=own.pk).update(person=world.persons["participant_a"])
    Person.objects.filter(family_name="T2023-00000").delete()

    def seen(username: str) -> set[str]:
        return set(visible_to(world.users[username], Participant).values_list("jet_id", flat=True))

    def terms(username: str) -> int:
        return visible_to(world.users[username], AppointmentTerm).count()

    at_a = {f"T2023-{k:05d}" for k in (0, 3)}
    at_a2 = {f"T2023-{k:05d}" for k in (1, 4)}
    at_b = {f"T2023-{k:05d}" for k in (2, 5)}
    assert seen("co_a.coordinator") == at_a
    assert seen("co_b.coordinator") == at_b
    assert seen("host_a.coordinator") == at_a | at_a2
    assert seen("host_b.coordinator") == at_b
    assert seen("participant_a") == {"T2023-00000"}
    for national in ("mic.staff", "clair.staff", "council.approver", "superuser"):
        assert len(seen(national)) == 6 and terms(national) == 12
    for nobody in ("mission_a.staff", "panelist_a", "chapter_a.officer", "applicant_a"):
        assert seen(nobody) == set() and terms(nobody) == 0
    assert terms("co_a.coordinator") == 4 and terms("participant_a") == 2
    # statistics follow the scope too
    assert (
        sum(selectors.retention_counts(world.users["co_b.coordinator"], from_fy=2023, to_fy=2024).values())
        == 4
    )
    assert sum(selectors.retention_counts(OPERATOR, from_fy=2023, to_fy=2024).values()) == 12
    from jetpm.core.errors import NotFound

    with pytest.raises(NotFound):  # selectors refuse with the domain's NotFound; pages answer it with 404
        selectors.access_participant_by_id(world.users["co_b.coordinator"], own.pk)
    assert selectors.access_participant_by_id(world.users["participant_a"], own.pk) == own


@pytest.mark.django_db
def test_export_neutralises_a_formula_like_jet_id_and_reimports_it(world, tmp_path: Path) -> None:
    """export-history: a JET number that a spreadsheet would run gets a leading ' in the CSV and is text in
    the XLSX; importing that export finds the same participant (the ' is not part of the number)."""
    rows = history_rows({(2023, 2023): 2})
    rows[0]["jet_id"] = '=HYPERLINK("x")'
    run("import-history", write(tmp_path, "in.csv", csv_content(rows)))
    out = run("export-history", "--from-fy", "2023", "--to-fy", "2023")
    exported = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert sorted(r[0] for r in exported[1:]) == sorted(['\'=HYPERLINK("x")', rows[1]["jet_id"]])
    assert rows[1]["jet_id"] + ",2023,2023,1," in out  # normal rows are written as before
    path = tmp_path / "out.csv"
    path.write_text(out, encoding="utf-8")
    assert "0 participants created, 0 terms created" in run("import-history", str(path))
    assert Participant.objects.filter(jet_id='=HYPERLINK("x")').count() == 1
    xlsx = tmp_path / "out.xlsx"
    run("export-history", "--from-fy", "2023", "--to-fy", "2023", "--format", "xlsx", "-o", str(xlsx))
    cells = [r[0] for r in load_workbook(xlsx).worksheets[0].iter_rows(min_row=2)]
    assert {c.data_type for c in cells} == {"s"} and '=HYPERLINK("x")' in {c.value for c in cells}
