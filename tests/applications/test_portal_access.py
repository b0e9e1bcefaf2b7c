"""The portal's own-application lookup: the person's own applications and nothing else, with the same answer
as the Application rule (it filters on the person instead of compiling the rule on every page)."""

from __future__ import annotations

import pytest

from jetpm.applications.models import Application
from jetpm.applications.portal.selectors import access_own_application
from jetpm.core.errors import NotFound
from jetpm.core.scoping import visible_to
from jetpm.screening.models import Conflict

pytestmark = pytest.mark.django_db


def _second_application(world, status: str) -> Application:  # type: ignore[no-untyped-def]
    first = Application.objects.get(person=world.persons["applicant_a"])
    first.pk = None
    first.reference = f"2028-GB-T{status[:4].upper()}"
    first.intake_year = 2028
    first.status = status
    first.save()
    return first


@pytest.mark.parametrize("status", ["draft", "submitted", "withdrawn"])
def test_the_rule_shows_a_person_every_application_of_their_own(world, status):  # type: ignore[no-untyped-def]
    """What lets access_own_application leave the rule out: for a person's own applications the rule adds
    nothing, whatever the status, even with a conflict of interest or a panel seat on record."""
    user = world.users["applicant_a"]
    other = _second_application(world, status)
    Conflict.objects.create(user=user, application=other, reason="test")
    own = Application.objects.filter(person=world.persons["applicant_a"])
    assert own.count() == 2
    assert set(visible_to(user, Application).filter(person=world.persons["applicant_a"])) == set(own)


def test_own_application_is_found_and_every_other_is_404(world):  # type: ignore[no-untyped-def]
    mine = Application.objects.get(person=world.persons["applicant_a"])
    theirs = Application.objects.get(person=world.persons["applicant_b"])
    draft = _second_application(world, "draft")
    assert access_own_application(world.users["applicant_a"], mine.pk) == mine
    assert access_own_application(world.users["applicant_a"], draft.pk) == draft
    with pytest.raises(NotFound):
        access_own_application(world.users["applicant_a"], theirs.pk)
    with pytest.raises(NotFound):
        access_own_application(world.users["applicant_a"], 10**9)
    # staff who see the application through the rule still get 404 here: the portal is the applicant's
    staff = world.users["mission_a.staff"]
    assert visible_to(staff, Application).filter(pk=mine.pk).exists()
    with pytest.raises(NotFound):
        access_own_application(staff, mine.pk)
    with pytest.raises(NotFound):
        access_own_application(world.users["superuser"], mine.pk)
