"""Forms of the alumni's engagement and of the search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from jetpm.alumni.engagement.services import EngagementInput
from jetpm.alumni.engagement.states import EngagementKind
from jetpm.alumni.states import Sector
from jetpm.core.forms import DateInput
from jetpm.core.models import Country, Language, Organisation
from jetpm.outreach.models import OutreachActivity
from jetpm.screening.models import Panel


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OutreachActivity) -> str:  # type: ignore[override]
        return f"{date_format(obj.date, 'SHORT_DATE_FORMAT')} {obj.get_kind_display()} — {obj.place}"


class SearchForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), required=False, empty_label=_("All")
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", _("All")), *Sector.choices], required=False)
    language = forms.ModelChoiceField(
        label=_("Language"), queryset=Language.objects.order_by("code"), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, countries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries  # type: ignore[attr-defined]


class EngagementForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    mission = forms.ModelChoiceField(
        label=_("Mission"), queryset=Organisation.objects.none(), empty_label="—"
    )
    kind = forms.ChoiceField(label=_("What the alumnus does"), choices=[("", "—"), *EngagementKind.choices])
    date = forms.DateField(label=_("Date"), widget=DateInput)
    activity = ActivityChoiceField(
        label=_("PR event"), queryset=OutreachActivity.objects.none(), required=False, empty_label="—"
    )
    panel = forms.ModelChoiceField(
        label=_("Screening panel"), queryset=Panel.objects.none(), required=False, empty_label="—"
    )
    link = forms.URLField(
        assume_scheme="https",
        label=_("Link"),
        required=False,
        help_text=_("For a pre-departure orientation or a seminar: the page of the event."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, missions: Any, activities: Any, panels: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = missions  # type: ignore[attr-defined]
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["panel"].queryset = panels  # type: ignore[attr-defined]

    def engagement_input(self) -> EngagementInput:
        d = self.cleaned_data
        return EngagementInput(
            person_id=d["person"],
            kind=d["kind"],
            date=d["date"],
            activity_id=d["activity"].pk if d.get("activity") else None,
            panel_id=d["panel"].pk if d.get("panel") else None,
            link=d.get("link") or "",
            note=d.get("note") or "",
        )
