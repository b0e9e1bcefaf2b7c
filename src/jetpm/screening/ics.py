"""The calendar file (iCalendar, RFC 5545) of an interview invitation."""

from __future__ import annotations

from datetime import UTC, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from jetpm.screening.models import Interview


def interview_ics(interview: Interview, *, domain: str = "jetpm") -> bytes:
    app = interview.application
    start = interview.starts_at.astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", "-//JETPM//Screening interviews//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"interview-{interview.pk}@{domain}")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=interview.minutes))
    event.add("summary", _("JET Programme interview (%(reference)s)") % {"reference": app.reference})
    event.add("location", interview.place)
    event.add("description", interview.message or interview.get_mode_display())
    cal.add_component(event)
    return cal.to_ical()
