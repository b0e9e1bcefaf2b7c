"""Forms of the departure pages: they parse; the services decide (and report every rule at once)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.core.models import Organisation
from jetpm.core.states import OrgKind
from jetpm.predeparture.departure.states import DepartureStatus, GroupCode

DATE = forms.DateInput(attrs={"type": "date"})
EMPTY = [("", "—")]


class YearForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Intake year"), min_value=1987, max_value=2100, required=False)


class ArrivalFilterForm(YearForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=EMPTY + list(DepartureStatus.choices), required=False
    )


class TravelForm(forms.Form):
    departure_date = forms.DateField(label=_("Departure date"), widget=DATE)
    arrival_date = forms.DateField(label=_("Arrival date"), widget=DATE)
    airport = forms.CharField(label=_("Departure airport"), max_length=100)
    flight = forms.CharField(label=_("Flight details"), max_length=300, required=False)


class GroupCreateForm(TravelForm):
    field_order = ["mission", "fiscal_year", "code"]
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=Organisation.objects.none())
    fiscal_year = forms.IntegerField(label=_("Intake year"), min_value=1987, max_value=2100)
    code = forms.ChoiceField(label=_("Group"), choices=EMPTY + list(GroupCode.choices))

    def __init__(self, *args: Any, mission_ids: set[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        missions = Organisation.objects.filter(kind=OrgKind.MISSION).order_by("code")
        if mission_ids is not None:
            missions = missions.filter(pk__in=mission_ids)
        field = self.fields["mission"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = missions


class GroupChangeForm(TravelForm):
    reason = forms.CharField(label=_("Reason for the change"), max_length=500)


class AssignForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Placed candidate"), coerce=int, choices=EMPTY)

    def __init__(self, *args: Any, candidates: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = EMPTY + list(candidates or [])


class MoveForm(forms.Form):
    group = forms.TypedChoiceField(label=_("New group"), coerce=int, choices=EMPTY)
    reason = forms.CharField(label=_("Reason for the change"), max_length=500)

    def __init__(self, *args: Any, groups: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = EMPTY + list(groups or [])


class ArrivalForm(forms.Form):
    arrived_on = forms.DateField(label=_("Arrived on"), widget=DATE)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
