"""The applicant's application page links to what later stages made for them: interview, offer, letter."""

from __future__ import annotations

from django.urls import reverse

from jetpm.applications.models import Application
from jetpm.screening.models import Interview
from jetpm.selection.models import SelectionEntry, SelectionList


def test_next_steps_link_the_interview_offer_and_letter(world, client):
    app = Application.objects.get(person=world.persons["applicant_a"])
    client.force_login(world.users["applicant_a"])
    url = reverse("portal:application", kwargs={"application_id": app.pk})
    page = client.get(url).content.decode()
    assert 'data-testid="offer-link"' in page  # the world's offer
    assert 'data-testid="interview-ics"' not in page  # the interview was never sent
    assert 'data-testid="result-letter"' not in page  # nothing published
    Interview.objects.filter(application=app).update(invited_at="2027-01-05T09:00:00Z")
    selection = SelectionList.objects.get()
    SelectionEntry.objects.create(selection=selection, application=app, result="shortlisted")
    selection.status = "published"
    selection.save()
    page = client.get(url).content.decode()
    assert 'data-testid="interview-ics"' in page and 'data-testid="result-letter"' in page
    ics = client.get(reverse("screening:interview_ics", kwargs={"interview_id": app.interview.pk}))
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.content


def test_an_online_interview_link_can_be_followed_and_a_place_stays_escaped(world, client):
    app = Application.objects.get(person=world.persons["applicant_a"])
    client.force_login(world.users["applicant_a"])
    url = reverse("portal:application", kwargs={"application_id": app.pk})
    interviews = Interview.objects.filter(application=app)
    link = "https://meet.example.org/room-7"
    interviews.update(invited_at="2027-01-05T09:00:00Z", place=link)
    page = client.get(url).content.decode()
    assert f'<a href="{link}" rel="nofollow">{link}</a>' in page
    interviews.update(place="Embassy <b>hall</b>")
    page = client.get(url).content.decode()
    assert "Embassy &lt;b&gt;hall&lt;/b&gt;" in page and "<b>hall</b>" not in page
