"""The retention pages: the schedules (the national bodies read, the national administrators edit, with
every error at once, audited) and the legal hold on a person's page (national staff, a reason, a
confirmation to lift, audited); everyone else gets 404. The person reads the schedules on "My data"."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from jetpm.core import purge, services, services_retention
from jetpm.core.models import AuditEvent, Country, LegalHold, Person, RetentionSchedule
from jetpm.core.states import PersonKind, Role
from jetpm.screening.models import Review
from tests.core.purge_support import _application, _person
from tests.world import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def mic_admin(world):
    user = make_user("mic.admin")
    services.add_membership(actor=None, user=user, organisation=world.orgs["mic"], role=Role.ADMIN)
    return user


def _form(**changes: str) -> dict[str, str]:
    data = {}
    for s in RetentionSchedule.objects.all():
        for name in ("months", "action", "basis_ja", "basis_en", "note"):
            data[f"{s.kind}-{name}"] = str(getattr(s, name))
    data.update(changes)
    return data


def test_who_reads_and_who_edits_the_schedules(world, mic_admin, client):
    list_url, edit_url = reverse("core:retention_list"), reverse("core:retention_edit")
    for username in ("mic.staff", "council.approver"):
        client.force_login(world.users[username])
        page = client.get(list_url)
        assert page.status_code == 200
        text = page.content.decode()
        assert "Unsuccessful applicants" in text and "unsuccessful_applicant" not in text
        assert client.get(edit_url).status_code == 404
    for username in ("mission_a.admin", "co_a.coordinator", "chapter_a.officer", "applicant_a", "panelist_a"):
        client.force_login(world.users[username])
        assert client.get(list_url).status_code == 404, username
        assert client.get(edit_url).status_code == 404, username
        assert client.post(edit_url, _form()).status_code == 404, username
    client.force_login(mic_admin)
    assert client.get(edit_url).status_code == 200


def test_every_error_is_reported_at_once_and_nothing_is_saved(world, mic_admin, client):
    client.force_login(mic_admin)
    before = list(RetentionSchedule.objects.values_list("kind", "months", "action", "basis_ja"))
    page = client.post(
        reverse("core:retention_edit"),
        _form(**{
            "reviews-basis_ja": "",
            "participant-months": "5000",
            "applicant_documents-months": "48",  # longer than the applicants' 36
            "alumnus_withdrawn-months": "soon",
            "referee_letters-action": "shred",
        }),
    )  # fmt: skip
    assert page.status_code == 400
    text = page.content.decode()
    assert "Screening reviews: give the reason and legal basis in Japanese." in text
    assert "Former participants: the period is from 0 to 1200 months." in text
    assert "Uploaded documents are kept at most as long as the unsuccessful applicants&#x27; records" in text
    assert "(3 years): they go with them." in text
    assert "Enter a whole number." in text
    assert "Select a valid choice." in text
    assert list(RetentionSchedule.objects.values_list("kind", "months", "action", "basis_ja")) == before
    assert not AuditEvent.objects.filter(action="privacy.schedule.update").exists()


def _confirm(client, page, **changes: str):
    """Press "Confirm" on the confirmation page: its hidden fields, as a browser sends them."""
    text = page.content.decode()
    data = {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', text)
    }
    data.pop("csrfmiddlewaretoken", None)
    data.update(changes, confirmed="yes")
    return client.post(reverse("core:retention_edit"), data)


def test_a_change_is_saved_and_audited(world, mic_admin, client):
    client.force_login(mic_admin)
    ask = client.post(
        reverse("core:retention_edit"),
        _form(**{"reviews-months": "24", "reviews-action": "anonymise", "reviews-note": "Council 4"}),
    )
    assert ask.status_code == 200 and 'data-testid="confirm"' in ask.content.decode()  # a shorter period
    page = _confirm(client, ask)
    assert page.status_code == 302
    reviews = RetentionSchedule.objects.get(kind="reviews")
    assert (reviews.months, reviews.action, reviews.updated_by) == (24, "anonymise", mic_admin)
    event = AuditEvent.objects.get(action="privacy.schedule.update")
    assert event.changes["months"] == [36, 24] and event.changes["action"] == ["delete", "anonymise"]
    assert AuditEvent.objects.filter(action="privacy.schedule.update").count() == 1  # only what changed
    text = client.get(reverse("core:retention_list")).content.decode()
    assert "2 years" in text and "Anonymise" in text and "mic.admin" in text


def test_a_legal_hold_is_placed_with_a_reason_and_lifted_after_a_confirmation(world, client):
    person = world.persons["applicant_a"]
    url = reverse("core:person_detail", kwargs={"person_id": person.pk})
    place = reverse("core:hold_place", kwargs={"person_id": person.pk})
    lift = reverse("core:hold_lift", kwargs={"person_id": person.pk})
    client.force_login(world.users["mission_a.staff"])  # sees the person, may not hold
    assert client.post(place, {"reason": "x"}).status_code == 404
    client.force_login(world.users["mic.staff"])
    client.post(place, {"reason": "  "})
    assert not LegalHold.objects.exists()
    client.post(place, {"reason": "Case 2031-17 at the Tokyo District Court"})
    hold = LegalHold.objects.get()
    assert hold.person == person and hold.placed_by == world.users["mic.staff"]
    event = AuditEvent.objects.get(action="privacy.hold.place")
    assert event.person_id == person.pk and event.changes["reason"].startswith("Case 2031-17")
    text = client.get(url).content.decode()
    assert 'data-testid="legal-hold"' in text and "Case 2031-17" in text
    # the mission sees that a hold stands, not the reason nor the forms
    client.force_login(world.users["mission_a.staff"])
    text = client.get(url).content.decode()
    assert 'data-testid="legal-hold"' in text and "Case 2031-17" not in text
    client.force_login(world.users["mic.staff"])
    ask = client.post(lift, {"reason": "Case closed"})
    assert ask.status_code == 200 and 'data-testid="confirm"' in ask.content.decode()
    assert LegalHold.objects.get().lifted_at is None
    client.post(lift, {"reason": "Case closed", "confirmed": "yes"})
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lift_reason == "Case closed"
    assert AuditEvent.objects.filter(action="privacy.hold.lift", person_id=person.pk).count() == 1
    assert 'data-testid="legal-hold"' not in client.get(url).content.decode()


def test_the_person_reads_how_long_their_data_is_kept(world, client):
    client.force_login(world.users["applicant_a"])
    text = client.get(reverse("core:my_data")).content.decode()
    assert 'data-testid="my-retention"' in text and "Former participants" in text and "5 years" in text
    # unrecorded uploads are deleted once a day old (as the reason says), not "at once"
    row = re.search(r"Uploaded files without a record</th><td>([^<]*)</td>", text)
    assert row is not None and row.group(1) == "after one day"


def test_a_rule_across_kinds_is_checked_against_a_form_with_an_invalid_field(world, mic_admin, client):
    """The applicants' period is typed (12 months) on a form whose action does not parse: the documents'
    24 months are still reported as longer than the applicants', with the parse error, at once; a kind's
    action that the rules refuse is said by the rule (not the form's generic message)."""
    client.force_login(mic_admin)
    page = client.post(
        reverse("core:retention_edit"),
        _form(**{
            "unsuccessful_applicant-months": "12",
            "unsuccessful_applicant-action": "shred",
            "applicant_documents-months": "24",
            "participant-action": "delete",
        }),
    )  # fmt: skip
    assert page.status_code == 400
    text = page.content.decode()
    assert "Select a valid choice." in text
    assert "Uploaded documents are kept at most as long as the unsuccessful applicants&#x27; records" in text
    assert "(1 year): they go with them." in text
    assert "Former participants can only be: Anonymise." in text
    assert not AuditEvent.objects.filter(action="privacy.schedule.update").exists()


# --- shorter periods ask first ------------------------------------------------------------------------------


def _applicants(world) -> dict[str, Person]:
    """Unsuccessful applicants (the default schedule: 3 years from the end of the intake's selection, 31 May):
    - ``fy2025``: not selected for FY2025, with a review: kept until 31 May 2028, due at once under 1 year;
    - ``held``: the same, under a legal hold;
    - ``fy2026``: not selected for FY2026: kept under either (1 year ends on 31 May 2027);
    - ``fy2023``: not selected for FY2023: already due under the current 3 years (not newly removed)."""
    gb = Country.objects.get(code="GB")
    mission = world.orgs["mission_a"]
    out = {}
    for number, (key, year) in enumerate(
        [("fy2025", 2025), ("held", 2025), ("fy2026", 2026), ("fy2023", 2023)], start=1
    ):
        out[key] = _person(key, PersonKind.APPLICANT, gb, mission=mission)
        app = _application(out[key], year, "not_selected", mission, number)
        if key == "fy2025":
            Review.objects.create(
                application=app,
                stage="document",
                reviewer=world.users["mission_a.staff"],
                status="submitted",
                scores={"a": 3},
                weighted=3,
                comment="Strong candidate.",
            )
    LegalHold.objects.create(person=out["held"], reason="Inquiry", placed_by=world.users["mic.staff"])
    return out


def _one_year() -> dict[str, str]:
    return _form(**{"unsuccessful_applicant-months": "12", "applicant_documents-months": "12"})


def test_the_count_of_a_shorter_period_is_what_the_purge_would_newly_remove(world):
    _applicants(world)
    values = {
        s.kind: {"months": 12 if s.kind == "unsuccessful_applicant" else s.months, "action": s.action}
        for s in RetentionSchedule.objects.all()
    }
    short = services_retention.shortening(values, day=date(2026, 12, 7))
    assert short is not None
    [kind] = short.kinds
    assert (kind.kind, kind.old_months, kind.new_months, kind.action) == (
        "unsuccessful_applicant",
        36,
        12,
        "anonymise",
    )
    assert (kind.due, kind.persons) == (1, 1)  # fy2025 only: not the held one, fy2026 nor fy2023
    assert short.also == [("reviews", 1, "delete")]  # its review goes with the application
    assert (short.persons, short.held_persons) == (1, 1)
    # the purge's own dry run agrees: what it finds due once the period is saved, less what it finds now
    before = purge.plan(today=date(2026, 12, 7))
    RetentionSchedule.objects.filter(kind="unsuccessful_applicant").update(months=12)
    after = purge.plan(today=date(2026, 12, 7))
    assert after.due - before.due == Counter(unsuccessful_applicant=1, reviews=1)
    assert (after.held - before.held)["unsuccessful_applicant"] == 1
    assert after.held_persons - before.held_persons == 1
    RetentionSchedule.objects.filter(kind="unsuccessful_applicant").update(months=36)
    # longer, or the same: nothing to confirm
    values["unsuccessful_applicant"]["months"] = 48
    assert services_retention.shortening(values, day=date(2026, 12, 7)) is None


def test_a_shorter_period_asks_first_with_the_count_and_saves_only_when_confirmed(world, mic_admin, client):
    _applicants(world)
    client.force_login(mic_admin)
    ask = client.post(reverse("core:retention_edit"), _one_year())
    assert ask.status_code == 200
    text = ask.content.decode()
    assert 'data-testid="confirm"' in text
    row = re.search(r'data-testid="shortened-unsuccessful_applicant">(.*?)</tr>', text, re.S)
    assert row is not None
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row.group(1))
    ]
    assert cells[:4] == ["Unsuccessful applicants", "3 years", "1 year", "1 application, of 1 person"]
    assert cells[4].startswith("anonymised: names, contacts")
    assert "anonymise" not in cells  # words, not codes
    assert "1 review (Screening reviews): deleted for good" in text
    assert "Not counted: 1 person under a legal hold" in text
    assert 'data-testid="confirm-back"' in text
    # nothing saved yet
    assert RetentionSchedule.objects.get(kind="unsuccessful_applicant").months == 36
    assert not AuditEvent.objects.filter(action="privacy.schedule.update").exists()
    # back: the form again with the values typed, nothing saved
    back = _confirm(client, ask, back="1", confirmed="")
    assert back.status_code == 200 and 'name="unsuccessful_applicant-months"' in back.content.decode()
    assert 'value="12"' in back.content.decode()
    assert RetentionSchedule.objects.get(kind="unsuccessful_applicant").months == 36
    # confirmed: saved and audited
    done = _confirm(client, ask)
    assert done.status_code == 302
    assert RetentionSchedule.objects.get(kind="unsuccessful_applicant").months == 12
    event = AuditEvent.objects.get(
        action="privacy.schedule.update",
        object_id=str(RetentionSchedule.objects.get(kind="unsuccessful_applicant").pk),
    )
    assert event.changes["months"] == [36, 12]


def test_a_confirmation_counted_against_other_schedules_asks_again(world, mic_admin, client):
    client.force_login(mic_admin)
    ask = client.post(reverse("core:retention_edit"), _one_year())
    RetentionSchedule.objects.filter(kind="reviews").update(months=30)  # another administrator saved
    again = _confirm(client, ask)
    assert again.status_code == 200 and 'data-testid="confirm"' in again.content.decode()
    assert "The schedules were changed meanwhile" in again.content.decode()
    assert RetentionSchedule.objects.get(kind="unsuccessful_applicant").months == 36
    assert _confirm(client, again).status_code == 302
    assert RetentionSchedule.objects.get(kind="unsuccessful_applicant").months == 12


def test_a_longer_period_is_saved_at_once(world, mic_admin, client):
    client.force_login(mic_admin)
    page = client.post(reverse("core:retention_edit"), _form(**{"reviews-months": "48"}))
    assert page.status_code == 302
    assert RetentionSchedule.objects.get(kind="reviews").months == 48
    assert AuditEvent.objects.filter(action="privacy.schedule.update").count() == 1


def test_a_tampered_confirmation_is_checked_again(world, mic_admin, client):
    client.force_login(mic_admin)
    ask = client.post(reverse("core:retention_edit"), _one_year())
    assert 'data-testid="confirm"' in ask.content.decode()
    page = _confirm(
        client,
        ask,
        **{"unsuccessful_applicant-action": "delete", "reviews-months": "-3", "reviews-basis_en": ""},
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "Unsuccessful applicants can only be: Anonymise." in text
    assert "Screening reviews: give the reason and legal basis in English." in text
    assert "Ensure this value is greater than or equal to 0." in text or "from 0 to 1200 months" in text
    assert RetentionSchedule.objects.get(kind="unsuccessful_applicant").months == 36
    assert not AuditEvent.objects.filter(action="privacy.schedule.update").exists()


def test_the_confirmation_reads_in_japanese(world, mic_admin, client):
    _applicants(world)
    services.set_user_language(actor=mic_admin, language="ja")
    client.force_login(mic_admin)
    text = client.post(reverse("core:retention_edit"), _one_year()).content.decode()
    assert "より厳しい保存規則を保存しますか？" in text
    assert "1件の応募（1人分）" in text and "匿名化：氏名" in text
    assert "1件の評価（選考の評価）：完全に削除" in text
    assert "訴訟等による保全中の1人は数えていません" in text
    assert "確定：新しい規則を保存する" in text and "戻る：値を修正する" in text


def test_large_counts_on_the_confirmation_are_grouped() -> None:
    from django.utils import translation

    from jetpm.core import retention
    from jetpm.core.views_retention import _people, _units

    with translation.override("en"):
        assert _units(retention.REVIEWS, 3139) == "3,139 reviews"
        assert _people(1200) == "1,200 people"


def test_deleting_what_was_anonymised_asks_first_and_keeping_more_does_not(world, mic_admin, client):
    client.force_login(mic_admin)
    # delete → anonymise (the period unchanged) keeps more: saved at once
    assert (
        client.post(reverse("core:retention_edit"), _form(**{"reviews-action": "anonymise"})).status_code
        == 302
    )
    assert RetentionSchedule.objects.get(kind="reviews").action == "anonymise"
    # anonymise → delete removes what was kept anonymised: asks, saying what happened until now
    ask = client.post(reverse("core:retention_edit"), _form(**{"reviews-action": "delete"}))
    text = ask.content.decode()
    assert ask.status_code == 200 and 'data-testid="shortened-reviews"' in text
    assert 'data-testid="until-now-reviews">Until now: anonymised: the comment removed' in text
    assert RetentionSchedule.objects.get(kind="reviews").action == "anonymise"
    assert _confirm(client, ask).status_code == 302
    assert RetentionSchedule.objects.get(kind="reviews").action == "delete"
