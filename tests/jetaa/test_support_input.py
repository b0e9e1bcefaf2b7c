"""Support committed and paid, and HQ's assessment, through the line's page: every bad input refused on the
page with every error named at once (the commitment missing, dates out of the year, in the future or before
the commitment, an unknown currency, a yen amount that is not the local amount at the rate), nothing
written; amounts typed with thousands separators read as the figure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from jetpm.core.calendar import fiscal_year_bounds
from jetpm.jetaa import services, services_support
from jetpm.jetaa.models import Commitment, Payment, ProjectLine, ProjectReport
from jetpm.jetaa.states import LineStatus
from tests.jetaa.helpers import approved_year, client_of, link_chapters, submitted_to_hq, text_of, this_year
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(world: World) -> ProjectLine:
    """An approved line (¥300,000: USD 2,000 at 150) of mission A, ¥250,000 committed today."""
    link_chapters(world)
    approved_year(world)
    line = submitted_to_hq(world)
    services.assess_line(actor=world.users["mofa.staff"], line_id=line.pk, decision="approve")
    line.refresh_from_db()
    return line


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _commit(world: World, line: ProjectLine, amount: int = 250_000) -> Commitment:
    return services_support.record_commitment(
        actor=world.users["mission_a.staff"],
        line_id=line.pk,
        amount_yen=amount,
        committed_on=timezone.localdate(),
    )


def test_a_payment_without_its_commitment_is_refused_on_the_page(world: World, approved: ProjectLine) -> None:
    _commit(world, approved)
    response = client_of(world, "mission_a.staff").post(
        f"/jetaa/lines/{approved.pk}/pay/",
        {"amount_yen": "1000", "paid_on": timezone.localdate().isoformat(), "currency": "JPY"},
    )
    assert response.status_code == 422
    assert "Choose the commitment the payment is made against." in text_of(response)
    assert 'data-testid="pay"' in text_of(response)
    assert not Payment.objects.exists()


def test_commitment_dates_stay_within_the_year_and_not_in_the_future(
    world: World, approved: ProjectLine
) -> None:
    staff = client_of(world, "mission_a.staff")
    first, last = fiscal_year_bounds(this_year())
    for day in (date(2020, 1, 1), last + timedelta(days=40)):
        response = staff.post(
            f"/jetaa/lines/{approved.pk}/commit/", {"amount_yen": "1000", "committed_on": day.isoformat()}
        )
        assert response.status_code == 422
        assert f"within the project&#x27;s fiscal year ({_day(first)} to {_day(last)})" in text_of(
            response
        ) or f"within the project's fiscal year ({_day(first)} to {_day(last)})" in text_of(response)
    tomorrow = timezone.localdate() + timedelta(days=1)
    if tomorrow <= last:
        response = staff.post(
            f"/jetaa/lines/{approved.pk}/commit/",
            {"amount_yen": "1000", "committed_on": tomorrow.isoformat()},
        )
        assert response.status_code == 422 and "cannot be dated in the future" in text_of(response)
        assert _day(tomorrow) in text_of(response)
    assert not Commitment.objects.exists()


def test_payment_dates_on_or_after_the_commitment_and_not_in_the_future(
    world: World, approved: ProjectLine
) -> None:
    commitment = _commit(world, approved)
    staff = client_of(world, "mission_a.staff")
    before = commitment.committed_on - timedelta(days=1)
    later = timezone.localdate() + timedelta(days=3)
    for day, said in (
        (before, f"committed on {_day(commitment.committed_on)}"),
        (later, "cannot be dated in the future"),
    ):
        response = staff.post(
            f"/jetaa/lines/{approved.pk}/pay/",
            {"commitment_id": commitment.pk, "amount_yen": "1000", "paid_on": day.isoformat()},
        )
        assert response.status_code == 422 and said in text_of(response)
    assert not Payment.objects.exists()


def test_the_currency_is_a_known_one_and_the_yen_is_the_local_amount_at_the_rate(
    world: World, approved: ProjectLine
) -> None:
    commitment = _commit(world, approved)
    staff = client_of(world, "mission_a.staff")
    today = timezone.localdate().isoformat()
    base = {"commitment_id": commitment.pk, "paid_on": today}
    unknown = staff.post(
        f"/jetaa/lines/{approved.pk}/pay/", {**base, "amount_yen": "1000", "currency": "XYZ"}
    )
    assert unknown.status_code == 422
    no_rate = staff.post(
        f"/jetaa/lines/{approved.pk}/pay/",
        {**base, "amount_yen": "150000", "currency": "USD", "amount_local": "1000"},
    )
    assert no_rate.status_code == 422 and "Give the rate used (yen per USD)." in text_of(no_rate)
    wrong = staff.post(
        f"/jetaa/lines/{approved.pk}/pay/",
        {**base, "amount_yen": "140000", "currency": "USD", "amount_local": "1000", "rate_to_yen": "150"},
    )
    assert wrong.status_code == 422 and "¥150,000, not the ¥140,000 given" in text_of(wrong)
    yen_with_rate = staff.post(
        f"/jetaa/lines/{approved.pk}/pay/",
        {**base, "amount_yen": "1000", "currency": "JPY", "rate_to_yen": "1"},
    )
    assert yen_with_rate.status_code == 422
    assert not Payment.objects.exists()
    done = staff.post(
        f"/jetaa/lines/{approved.pk}/pay/",
        {**base, "amount_yen": "150,000", "currency": "USD", "amount_local": "1,000", "rate_to_yen": "150"},
    )
    assert done.status_code == 302
    payment = Payment.objects.get()
    assert (payment.amount_yen, payment.currency, payment.amount_local) == (150_000, "USD", 1000)


def test_every_error_of_a_commitment_or_payment_shows_at_once(world: World, approved: ProjectLine) -> None:
    staff = client_of(world, "mission_a.staff")
    both = staff.post(
        f"/jetaa/lines/{approved.pk}/commit/", {"amount_yen": "abc", "committed_on": "13/45/2026"}
    )
    assert both.status_code == 422
    assert "must be a whole number of yen" in text_of(both) and "Enter a valid date." in text_of(both)
    tomorrow = timezone.localdate() + timedelta(days=1)
    over = staff.post(
        f"/jetaa/lines/{approved.pk}/commit/", {"amount_yen": "400000", "committed_on": tomorrow.isoformat()}
    )
    assert over.status_code == 422 and "Over the approved amount" in text_of(over)
    assert "cannot be dated in the future" in text_of(over) or "fiscal year" in text_of(over)
    commitment = _commit(world, approved)
    pay = staff.post(
        f"/jetaa/lines/{approved.pk}/pay/",
        {"commitment_id": commitment.pk, "amount_yen": "999999", "paid_on": tomorrow.isoformat()},
    )
    assert "Over the commitment" in text_of(pay) and "cannot be dated in the future" in text_of(pay)
    assert Commitment.objects.count() == 1 and not Payment.objects.exists()


def test_amounts_with_thousands_separators_are_read(world: World, approved: ProjectLine) -> None:
    staff = client_of(world, "mission_a.staff")
    today = timezone.localdate().isoformat()
    assert (
        staff.post(
            f"/jetaa/lines/{approved.pk}/commit/", {"amount_yen": "100,000", "committed_on": today}
        ).status_code
        == 302
    )
    assert (
        staff.post(
            f"/jetaa/lines/{approved.pk}/commit/", {"amount_yen": "１００，０００", "committed_on": today}
        ).status_code
        == 302
    )
    assert sorted(Commitment.objects.values_list("amount_yen", flat=True)) == [100_000, 100_000]
    odd = staff.post(f"/jetaa/lines/{approved.pk}/commit/", {"amount_yen": "1,00", "committed_on": today})
    assert odd.status_code == 422 and "must be a whole number of yen" in text_of(odd)


def test_a_negative_participant_count_is_said_so(world: World, approved: ProjectLine) -> None:
    services.complete_assessment(actor=world.users["mofa.staff"], plan_id=approved.plan.execution_plan_id)
    response = client_of(world, "chapter_a.officer").post(
        f"/jetaa/lines/{approved.pk}/report/",
        {
            "held_on": approved.starts_on.isoformat(),
            "participants": "-3",
            "impressions": "x",
            "expenses_yen": "1",
        },
    )
    assert response.status_code == 422
    assert "The number of participants cannot be negative." in text_of(response)
    assert "Give the number of participants." not in text_of(response)
    assert not ProjectReport.objects.exists()


def test_hq_is_told_what_is_wrong_before_the_confirmation(world: World) -> None:
    link_chapters(world)
    approved_year(world)
    line = submitted_to_hq(world)  # ¥300,000 asked
    hq = client_of(world, "mofa.staff")
    for amount in ("400000", "300,000", "abc"):
        response = hq.post(
            f"/jetaa/lines/{line.pk}/assess/",
            {"decision": "reduce", "approved_yen": amount, "reason": "Venue"},
        )
        assert response.status_code == 422, amount
        assert 'data-testid="confirm"' not in text_of(response)
    assert "less than the ¥300,000 asked" in text_of(
        hq.post(
            f"/jetaa/lines/{line.pk}/assess/", {"decision": "reduce", "approved_yen": "400000", "reason": "V"}
        )
    )
    asked = hq.post(
        f"/jetaa/lines/{line.pk}/assess/",
        {"decision": "reduce", "approved_yen": "200,000", "reason": "Venue"},
    )
    assert 'data-testid="confirm"' in text_of(asked) and "¥200,000" in text_of(asked)
    line.refresh_from_db()
    assert line.status == LineStatus.PENDING


def test_the_pages_say_which_remainder_they_show(world: World, approved: ProjectLine) -> None:
    hq = client_of(world, "mofa.staff")
    home = text_of(hq.get(f"/jetaa/?fy={this_year()}"))
    assert "Remaining (yen)" not in home
    assert "Envelope left to approve (yen)" in home and "Approved, not yet spent (yen)" in home
    assert 'data-testid="envelope-left">4,700,000<' in home  # ¥5,000,000 envelope, ¥300,000 approved
    page = text_of(hq.get(f"/jetaa/execution/{approved.plan.execution_plan_id}/"))
    assert "Remaining (yen)" not in page and "Approved, not yet spent (yen)" in page
    # every line assessed, the assessment not completed yet: the page says so
    assert 'data-testid="all-assessed"' in page
    services.complete_assessment(actor=world.users["mofa.staff"], plan_id=approved.plan.execution_plan_id)
    assert 'data-testid="all-assessed"' not in text_of(
        hq.get(f"/jetaa/execution/{approved.plan.execution_plan_id}/")
    )
