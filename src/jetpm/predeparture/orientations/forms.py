"""The forms of the orientations, checklists and send-off evaluations: they parse; the rules are the
services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from jetpm.core.calendar import fiscal_year_label
from jetpm.core.forms import DateInput
from jetpm.core.models import Organisation
from jetpm.predeparture.models import DepartureGroup
from jetpm.predeparture.models_orientations import OrientationEvent, SendoffEvaluation
from jetpm.predeparture.orientations.services import SENDOFF_TEXT_FIELDS, EventInput
from jetpm.predeparture.orientations.states import EventKind, MaterialLanguage


def year_choices(years: list[int]) -> list[tuple[int, str]]:
    return [(y, fiscal_year_label(y)) for y in years]


class EventFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Intake year"), coerce=int, required=False)
    mission = forms.ModelChoiceField(
        label=_("Mission"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("All missions"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *EventKind.choices]
    )

    def __init__(self, *args: Any, years: list[int], missions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(years)  # type: ignore[attr-defined]
        self.fields["mission"].queryset = missions  # type: ignore[attr-defined]


class GroupChoiceField(forms.ModelChoiceField):
    """A departure group as its mission, intake year, name and departure date."""

    def label_from_instance(self, obj: Any) -> str:
        return _("%(group)s, %(year)s, %(mission)s (departs %(day)s)") % {
            "group": obj.get_code_display(),
            "year": fiscal_year_label(obj.intake_year),
            "mission": obj.mission.name,
            "day": date_format(obj.departure_date, "SHORT_DATE_FORMAT"),
        }


class EventForm(forms.ModelForm):
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=Organisation.objects.none())
    departure_group = GroupChoiceField(
        label=_("Departure group"),
        queryset=DepartureGroup.objects.none(),
        required=False,
        empty_label=_("Every candidate of the year"),
        help_text=_("Optional: the departure group this event is for; its members can be invited together."),
    )

    class Meta:
        model = OrientationEvent
        fields = ["intake_year", "kind", "title", "date", "place", "departure_group", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, missions: Any, years: list[int], groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = missions  # type: ignore[attr-defined]
        self.fields["departure_group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["intake_year"] = forms.TypedChoiceField(
            label=_("Intake year"), coerce=int, choices=year_choices(years)
        )
        self.fields["kind"].choices = [("", "---------"), *EventKind.choices]  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["mission"]
        elif missions.count() == 1:
            self.fields["mission"].initial = missions.first()
        self.order_fields(["mission"])

    def _post_clean(self) -> None:
        pass  # the service's rules report on the fields

    def event_input(self) -> EventInput:
        d = self.cleaned_data
        return EventInput(
            intake_year=d["intake_year"],
            kind=d["kind"],
            title=d["title"],
            date=d["date"],
            place=d["place"],
            departure_group_id=d["departure_group"].pk if d.get("departure_group") else None,
            notes=d.get("notes") or "",
        )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500)


class InviteGroupForm(forms.Form):
    departure_group = GroupChoiceField(label=_("Departure group"), queryset=DepartureGroup.objects.none())

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departure_group"].queryset = groups  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    applications = forms.TypedMultipleChoiceField(
        label=_("Candidates"), coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = [  # type: ignore[attr-defined]
            (a.pk, f"{a.reference} — {a.person}") for a in candidates
        ]


class MaterialForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=[("", "---------"), *MaterialLanguage.choices])
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"), required=False)


class SpeakerForm(forms.Form):
    """An alumnus speaks at the orientation: named by their JET number (the registry holds tens of thousands
    of alumni: no list to choose from)."""

    jet_id = forms.CharField(
        label=_("The alumnus's JET number"),
        max_length=20,
        help_text=_("As on their programme record; the alumni registry finds it."),
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        choices=[
            ("", "---------"),
            (5, _("5 — excellent")),
            (4, _("4 — good")),
            (3, _("3 — fair")),
            (2, _("2 — poor")),
            (1, _("1 — very poor")),
        ],
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ChecklistFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Intake year"), coerce=int, required=False)
    missing = forms.BooleanField(label=_("Only candidates with something missing"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(years)  # type: ignore[attr-defined]


class VisaForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class SendoffForm(forms.ModelForm):
    class Meta:
        model = SendoffEvaluation
        fields = SENDOFF_TEXT_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in SENDOFF_TEXT_FIELDS}
        help_texts = {
            "changes_next_year": _("Required to submit."),
            "desk_comment": _(
                "The Q&A desk's figures are added by the support desk; comment on the desk here."
            ),
        }


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(years)  # type: ignore[attr-defined]
