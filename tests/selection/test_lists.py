from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from jetpm.applications.models import Notice
from jetpm.core.errors import DomainError, IllegalTransition, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.core.scoping import visible_to
from jetpm.selection.models import Offer, SelectionEntry, SelectionList
from jetpm.selection.services import lists
from jetpm.selection.states import ListStatus, Result
from tests.pdf_support import assert_embeds_fonts_and_shows
from tests.selection.conftest import post
from tests.selection.support import YEAR

pytestmark = pytest.mark.django_db
TODAY = date(2027, 3, 10)


def _results(selection: SelectionList) -> dict[str, tuple[str, int | None]]:
    return {
        e.application.reference[-3:]: (e.result, e.alternate_rank)
        for e in selection.entries.select_related("application")
    }


def _prepared(world, gb) -> SelectionList:  # type: ignore[no-untyped-def]
    return lists.prepare_list(
        actor=world.users["mofa.staff"], intake_year=YEAR, country_id=gb.apps[0].country_id, job_type="ALT"
    )


def _approved_all(world, gb) -> None:  # type: ignore[no-untyped-def]
    lists.prepare_all(actor=world.users["mofa.staff"], intake_year=YEAR)
    for s in SelectionList.objects.filter(intake_year=YEAR):
        lists.propose(actor=world.users["mofa.staff"], selection_id=s.pk)
        lists.approve(actor=world.users["council.approver"], selection_id=s.pk)


def test_proposal_ranks_by_z_score_within_the_seats(world, gb):
    s = _prepared(world, gb)
    assert s.seats == 2
    assert _results(s) == {
        "BEN": (Result.SHORTLISTED, None),
        "DAN": (Result.SHORTLISTED, None),
        "ANN": (Result.ALTERNATE, 1),
        "EVE": (Result.ALTERNATE, 2),
        "CAT": (Result.ALTERNATE, 3),
    }
    assert AuditEvent.objects.filter(action="selection.list.prepare", object_id=str(s.pk)).exists()


def test_limited_alternates_and_prepare_all(world, gb):
    done, skipped = lists.prepare_all(actor=world.users["mofa.staff"], intake_year=YEAR, alternates=1)
    assert (done, skipped) == (2, 0)
    gb_list = SelectionList.objects.get(country__code="GB", job_type="ALT")
    assert sorted(r for r, _rank in _results(gb_list).values()) == [
        "alternate",
        "not_selected",
        "not_selected",
        "shortlisted",
        "shortlisted",
    ]
    ie = SelectionList.objects.get(country__code="IE", job_type="ALT")
    assert _results(ie) == {"FAY": (Result.SHORTLISTED, None)}


def test_hq_adjusts_a_draft_and_a_short_list_over_the_seats_is_refused(world, gb, client):
    s = _prepared(world, gb)
    ann = s.entries.get(application__reference__endswith="ANN")
    r = post(
        client,
        world.users["mofa.staff"],
        reverse("selection:entry_result", args=[s.pk]),
        {"entry": ann.pk, "result": "shortlisted"},
    )
    assert r.status_code == 302
    assert _results(s)["EVE"] == (Result.ALTERNATE, 1) and _results(s)["CAT"] == (Result.ALTERNATE, 2)
    page = client.get(reverse("selection:list", args=[s.pk]))
    assert b'data-testid="list-over"' in page.content
    r = client.post(reverse("selection:propose", args=[s.pk]), follow=True)
    assert "3 candidates but the approved plan has 2 seats" in r.content.decode()
    s.refresh_from_db()
    assert s.status == ListStatus.DRAFT
    # back to the alternates (at the end), then reorder
    lists.set_result(actor=world.users["mofa.staff"], selection_id=s.pk, entry_id=ann.pk, result="alternate")
    assert _results(s)["ANN"] == (Result.ALTERNATE, 3)
    client.post(reverse("selection:entry_rank", args=[s.pk]), {"entry": ann.pk, "direction": "up"})
    assert _results(s)["ANN"] == (Result.ALTERNATE, 2) and _results(s)["CAT"] == (Result.ALTERNATE, 3)
    assert AuditEvent.objects.filter(action="selection.entry.rank").exists()
    assert AuditEvent.objects.filter(action="selection.entry.result").count() == 2


def test_only_the_council_approver_approves_and_approved_lists_are_immutable(world, gb, client):
    s = _prepared(world, gb)
    lists.propose(actor=world.users["mofa.staff"], selection_id=s.pk)
    assert AuditEvent.objects.filter(action="selection.list.propose", object_id=str(s.pk)).exists()
    client.force_login(world.users["council.approver"])
    home = client.get(reverse("selection:home") + f"?year={YEAR}").content.decode()
    assert reverse("selection:list", args=[s.pk]) in home.split('data-testid="selection-proposed"')[1]
    for name in ("mofa.staff", "clair.staff", "mission_a.staff"):
        r = post(client, world.users[name], reverse("selection:approve", args=[s.pk]))
        assert r.status_code == 404, name
    with pytest.raises(PermissionDenied):
        lists.approve(actor=world.users["mofa.staff"], selection_id=s.pk)
    r = post(client, world.users["council.approver"], reverse("selection:approve", args=[s.pk]))
    assert r.status_code == 200 and 'data-testid="confirm"' in r.content.decode()  # asks first
    s.refresh_from_db()
    assert s.status == ListStatus.PROPOSED
    r = post(
        client,
        world.users["council.approver"],
        reverse("selection:approve", args=[s.pk]),
        {"confirmed": "yes"},
    )
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == ListStatus.APPROVED and s.approved_by == world.users["council.approver"]
    assert AuditEvent.objects.filter(action="selection.list.approve", object_id=str(s.pk)).exists()
    entry = s.entries.first()
    with pytest.raises(IllegalTransition):
        lists.set_result(
            actor=world.users["mofa.staff"], selection_id=s.pk, entry_id=entry.pk, result="alternate"
        )
    with pytest.raises(IllegalTransition):
        lists.prepare_list(
            actor=world.users["mofa.staff"], intake_year=YEAR, country_id=s.country_id, job_type="ALT"
        )


def test_council_sends_back_with_a_note(world, gb, client):
    s = _prepared(world, gb)
    lists.propose(actor=world.users["mofa.staff"], selection_id=s.pk)
    r = post(
        client, world.users["council.approver"], reverse("selection:send_back", args=[s.pk]), {"note": ""}
    )
    s.refresh_from_db()
    assert s.status == ListStatus.PROPOSED
    r = client.post(reverse("selection:send_back", args=[s.pk]), {"note": "Check EVE's score"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == ListStatus.DRAFT and s.note == "Check EVE's score"
    assert AuditEvent.objects.filter(action="selection.list.send_back").exists()


def test_nothing_is_visible_to_missions_or_applicants_before_publication(world, gb, client):
    _approved_all(world, gb)
    s = SelectionList.objects.get(country__code="GB")
    for name in ("mission_a.staff", "applicant_a"):
        client.force_login(world.users[name])
        assert client.get(reverse("selection:home")).status_code == 404
        assert client.get(reverse("selection:list", args=[s.pk])).status_code == 404
    assert not visible_to(world.users["mission_a.staff"], SelectionEntry).exists()
    client.force_login(gb.users[1])
    assert client.get(reverse("selection:letter", args=[gb.apps[1].pk])).status_code == 404
    assert not Offer.objects.exists() and not Notice.objects.filter(kind__startswith="selection").exists()


@time_machine.travel(TODAY)
def test_publish_moves_statuses_creates_offers_sends_mail_in_the_applicants_language(
    world, gb, client, django_capture_on_commit_callbacks
):
    _approved_all(world, gb)
    with django_capture_on_commit_callbacks(execute=True):
        r = post(
            client,
            world.users["mofa.staff"],
            reverse("selection:publish"),
            {"year": YEAR, "deadline": "2027-03-31", "confirmed": "yes"},
        )
    assert r.status_code == 302
    status = {a.reference[-3:]: a.status for a in (x for x in gb.apps)}
    for a in gb.apps:
        a.refresh_from_db()
        status[a.reference[-3:]] = a.status
    assert status == {
        "BEN": "shortlisted",
        "DAN": "shortlisted",
        "ANN": "alternate",
        "EVE": "alternate",
        "CAT": "alternate",
    }
    assert Offer.objects.filter(origin="shortlist", deadline=date(2027, 3, 31)).count() == 3  # 2 GB + 1 IE
    assert set(SelectionList.objects.values_list("status", flat=True)) == {ListStatus.PUBLISHED}
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "令和9年度" in by_to["ben@example.org"].subject  # ben reads Japanese
    assert "FY2027" in by_to["dan@example.org"].subject
    offer = Offer.objects.get(application=gb.apps[1])
    assert f"/selection/offers/{offer.pk}/" in by_to["ben@example.org"].body
    assert "rank 1" in by_to["ann@example.org"].body
    assert AuditEvent.objects.filter(action="selection.list.publish").count() == 2
    assert AuditEvent.objects.filter(action="selection.publish.status").count() == 6
    # now the mission sees its own entries, and letters are PDFs for the applicant and the mission
    assert visible_to(world.users["mission_a.staff"], SelectionEntry).count() == 5
    assert (
        not visible_to(world.users["mission_b.staff"], SelectionEntry).filter(application=gb.apps[0]).exists()
    )
    for user in (gb.users[1], world.users["mission_a.staff"]):
        client.force_login(user)
        r = client.get(reverse("selection:letter", args=[gb.apps[1].pk]))
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
        assert r.content.startswith(b"%PDF")
        assert_embeds_fonts_and_shows(r.content, "選考結果通知書", gb.apps[1].reference)
    client.force_login(world.users["mission_b.staff"])
    assert client.get(reverse("selection:letter", args=[gb.apps[1].pk])).status_code == 404
    client.force_login(gb.users[0])  # ann may not read ben's letter
    assert client.get(reverse("selection:letter", args=[gb.apps[1].pk])).status_code == 404
    assert AuditEvent.objects.filter(action="selection.letter.download").count() == 2


@time_machine.travel(TODAY)
def test_publish_refuses_unapproved_lists_and_a_past_deadline(world, gb):
    _prepared(world, gb)
    with pytest.raises(DomainError, match="not approved"):
        lists.publish(actor=world.users["mofa.staff"], intake_year=YEAR, deadline=date(2027, 3, 31))
    with pytest.raises(DomainError, match="after today"):
        lists.publish(actor=world.users["mofa.staff"], intake_year=YEAR, deadline=TODAY)
    with pytest.raises(PermissionDenied):
        lists.publish(actor=world.users["council.approver"], intake_year=YEAR, deadline=date(2027, 3, 31))


def test_side_by_side_view(world, gb, client, django_assert_max_num_queries):
    _prepared(world, gb)
    client.force_login(world.users["council.approver"])
    with django_assert_max_num_queries(12):
        r = client.get(reverse("selection:home") + f"?year={YEAR}")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-testid="row-GB-ALT"' in html and 'data-testid="row-IE-ALT"' in html
    # more countries and candidates do not add queries
    from tests.selection.support import recommend

    recommend(world, "mission_b", [("gus", 0.3, "70"), ("hal", 0.1, "60")], job_type="CIR")
    lists.prepare_all(actor=world.users["mofa.staff"], intake_year=YEAR)
    with django_assert_max_num_queries(12):
        r = client.get(reverse("selection:home") + f"?year={YEAR}")
    assert 'data-testid="row-IE-CIR"' in r.content.decode()
    client.force_login(world.users["mofa.staff"])
    s = SelectionList.objects.get(country__code="GB", job_type="ALT")
    with django_assert_max_num_queries(14):
        r = client.get(reverse("selection:list", args=[s.pk]))
    assert r.status_code == 200 and r.content.decode().count('data-testid="entry-') == 5


def test_japanese_pages(world, gb, client):
    _prepared(world, gb)
    user = world.users["mofa.staff"]
    user.language = "ja"
    user.save()
    client.force_login(user)
    client.cookies["django_language"] = "ja"
    r = client.get(reverse("selection:home") + f"?year={YEAR}", HTTP_ACCEPT_LANGUAGE="ja")
    assert r.status_code == 200 and "令和9年度" in r.content.decode()


@time_machine.travel(TODAY)
def test_selection_hq_is_mofa_only_clair_and_mext_neither_prepare_nor_publish(world, gb, client):
    """The final selection is MOFA's (for the Council, whose approvers approve); CLAIR places, and neither
    CLAIR nor MEXT (nor MIC) prepares, proposes or publishes lists."""
    from jetpm.applications.permissions import is_hq
    from jetpm.core.scoping import scope_of
    from jetpm.selection.permissions import can_clear, can_prepare

    assert is_hq(scope_of(world.users["mofa.staff"]))
    for name in ("clair.staff", "mext.staff", "mic.staff", "council.approver"):
        scope = scope_of(world.users[name])
        assert not is_hq(scope) and not can_prepare(scope), name
        assert not can_clear(scope, gb.apps[0]), name
        with pytest.raises(PermissionDenied):
            lists.prepare_list(
                actor=world.users[name], intake_year=YEAR, country_id=gb.apps[0].country_id, job_type="ALT"
            )
    _approved_all(world, gb)
    for name in ("clair.staff", "mext.staff"):
        with pytest.raises(PermissionDenied):
            lists.publish(actor=world.users[name], intake_year=YEAR, deadline=date(2027, 3, 31))
        r = post(
            client, world.users[name], reverse("selection:publish"), {"year": YEAR, "deadline": "2027-03-31"}
        )
        assert r.status_code == 404, name
    assert not Offer.objects.exists()
    assert not AuditEvent.objects.filter(action="selection.list.publish").exists()
