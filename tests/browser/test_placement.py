"""The placement path in a real browser: CLAIR's staff cannot run the FY2026 placement again (the year was
published: a new run would notify everyone again), so they create a correction run from the published one,
look at the result, adjust one placement with a reason after a preview, and publish it after a confirmation
that says who is notified; Gifu Prefecture's coordinator then sees only its own participants and their
notices, and not another organisation's; a placed candidate sees their own placement and downloads their
notice. axe-core runs on every page visited."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jetpm.core.models import Organisation
from jetpm.placement.models import Placement, PlacementRun
from jetpm.placement.states import RunStatus
from tests.browser.conftest import Demo, Visitor

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]
YEAR = 2026  # the demo's finished intake (its published run is corrected)
GIFU_CO = "co-210005"


def click(v: Visitor, selector: str) -> None:
    with v.page.expect_navigation():
        v.page.locator(selector).first.click()


def test_clair_runs_adjusts_and_publishes_then_the_co_sees_its_own(demo: Demo, visit: Visit) -> None:
    v = visit()
    v.login("clair.staff")
    page = v.page
    click(v, "header nav.mainnav a[href='/placement/']")
    v.check_a11y("placement runs")
    published = PlacementRun.objects.get(intake_year=YEAR, status=RunStatus.PUBLISHED)
    runs_before = PlacementRun.objects.count()
    page.fill("[data-testid=run-create] input[name=intake_year]", str(YEAR))
    page.select_option("[data-testid=run-create] select[name=mode]", "optimal")
    click(v, "[data-testid=run-create] button[type=submit]")
    refusal = page.locator("main").inner_text()
    # refused, naming the way to correct a published year
    assert "correction run" in refusal or "訂正版" in refusal
    assert PlacementRun.objects.count() == runs_before
    v.goto(f"/placement/runs/{published.pk}/")
    click(v, "[data-testid=run-correct] button")
    run = PlacementRun.objects.filter(intake_year=YEAR).order_by("-version").first()
    assert run is not None and run.pk != published.pk and run.status == RunStatus.READY
    v.goto(f"/placement/runs/{run.pk}/")
    assert page.locator("[data-testid=run-summary]").count() == 1
    assert page.locator("[data-testid=pref-21]").count() == 1
    v.check_a11y("run detail")

    # the unplaced and the placed lists
    click(v, "[data-testid=link-unplaced]")
    v.check_a11y("unplaced")
    v.goto(f"/placement/runs/{run.pk}/placed/")
    v.check_a11y("placed")

    # adjust: unplace one participant, preview first, then save with a reason
    target = run.placements.filter(contracting_org__isnull=False).select_related("application").first()
    assert target is not None
    v.goto(f"/placement/runs/{run.pk}/adjust/?application={target.application.reference}")
    v.check_a11y("adjust")
    page.select_option("[data-testid=adjust-form] select[name=action]", "unplace")
    click(v, "[data-testid=adjust-form] button[name=preview]")
    assert page.locator("[data-testid=preview]").count() == 1
    v.check_a11y("adjust preview")
    assert Placement.objects.get(pk=target.pk).contracting_org_id is not None  # nothing saved yet
    page.fill("[data-testid=adjust-form] textarea[name=reason]", "Medical check pending")
    click(v, "[data-testid=adjust-form] button[name=save]")
    assert Placement.objects.get(pk=target.pk).contracting_org_id is None
    assert page.locator("[data-testid=run-decisions]").count() == 1

    click(v, "[data-testid=run-publish] button")
    confirm = page.locator("[data-testid=confirm]").inner_text()
    # the correction unplaced one participant and dropped the departure step's withdrawn (no-shows):
    # each organisation whose placements changed hears of it, nobody else, and no participant
    before = dict(published.placements.values_list("application_id", "contracting_org_id"))
    after = dict(run.placements.values_list("application_id", "contracting_org_id"))
    changed = {before.get(a) for a in before.keys() | after.keys() if before.get(a) != after.get(a)}
    changed |= {after.get(a) for a in before.keys() | after.keys() if before.get(a) != after.get(a)}
    orgs = len(changed - {None})
    assert target.contracting_org_id in changed and orgs >= 1
    assert (
        f"0 placement notices to participants and {orgs} to contracting" in confirm
        or f"参加者に0件、任用団体に{orgs}件" in confirm
    )
    run.refresh_from_db()
    assert run.status == RunStatus.READY  # nothing sent before the confirmation
    v.check_a11y("publish confirmation")
    click(v, "[data-testid=confirm-yes]")
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    v.check_a11y("published run")

    # Gifu Prefecture's coordinator: its own participants only
    gifu = Organisation.objects.get(code=GIFU_CO)
    own = set(run.placements.filter(contracting_org=gifu).values_list("application__reference", flat=True))
    other = (
        run.placements.exclude(contracting_org=gifu)
        .filter(contracting_org__isnull=False)
        .values_list("application_id", "application__reference")
        .first()
    )
    co = visit()
    co.login("co.coordinator")
    co.goto("/placement/mine/")
    co.check_a11y("the organisation's placements")
    shown = set(
        t.strip()
        for t in co.page.locator("[data-testid=my-placements] tbody th[scope=row]").all_inner_texts()
    )
    # the latest year first (the demo's FY2025 intake is placed too): this year's are the organisation's own
    this_year = {ref for ref in shown if ref.startswith(f"{YEAR}-")}
    assert own and this_year == own
    earlier = shown - this_year
    assert set(
        Placement.objects.filter(
            application__reference__in=earlier, run__status=RunStatus.PUBLISHED
        ).values_list("contracting_org_id", flat=True)
    ) <= {gifu.pk}
    assert other is not None
    assert other[1] not in co.page.content()
    co.goto(f"/placement/notices/{other[0]}/", status=404)
    co.goto(f"/placement/runs/{run.pk}/", status=404)

    # a placed candidate: their own placement and notice, nobody else's
    from django.contrib.auth.hashers import make_password

    from jetpm.applications.models import Application
    from jetpm.core.models import User
    from tests.browser.conftest import PASSWORD

    mine = Application.objects.select_related("person").get(reference=sorted(own)[0])
    user = User.objects.create(username="placed.candidate", password=make_password(PASSWORD), language="en")
    mine.person.user = user
    mine.person.save(update_fields=["user"])
    person = visit()
    person.login("placed.candidate")
    person.goto("/placement/mine/")
    person.check_a11y("my placement")
    assert person.page.locator(f"[data-testid=own-{mine.reference}]").count() == 1
    assert gifu.name_en in person.page.inner_text(f"[data-testid=own-{mine.reference}]")
    pdf = person.page.request.get(person.demo(f"/placement/notices/{mine.pk}/"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    person.goto(f"/placement/notices/{other[0]}/", status=404)
