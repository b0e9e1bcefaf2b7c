"""Forms of the final selection."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.core.forms import ByNameChoiceField, DateInput
from jetpm.core.models import Country
from jetpm.core.states import JobType
from jetpm.selection.states import Result


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Intake year"), min_value=2000, max_value=2100)


class PrepareForm(forms.Form):
    country = ByNameChoiceField(label=_("Country"), queryset=Country.objects.order_by("code"))
    job_type = forms.ChoiceField(label=_("Job type"), choices=JobType.choices)
    alternates = forms.IntegerField(
        label=_("Number of alternates"),
        min_value=0,
        required=False,
        help_text=_("Leave empty to rank every remaining recommended candidate as an alternate."),
    )


class PrepareAllForm(forms.Form):
    alternates = forms.IntegerField(
        label=_("Number of alternates per list"),
        min_value=0,
        required=False,
        help_text=_("Leave empty to rank every remaining recommended candidate as an alternate."),
    )


class ResultForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices)


class RankForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class SendBackForm(forms.Form):
    note = forms.CharField(label=_("Why the list goes back to HQ"), widget=forms.Textarea(attrs={"rows": 3}))


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Reply deadline"), widget=DateInput())


class AcceptForm(forms.Form):
    departure_airport = forms.CharField(label=_("Departure airport"), max_length=100)
    passport_number = forms.CharField(label=_("Passport number"), max_length=40)
    passport_expires_on = forms.DateField(label=_("Passport expiry date"), widget=DateInput())
    dependants = forms.CharField(
        label=_("Dependants accompanying you (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    renounces_other_nationality = forms.BooleanField(
        label=_("I will renounce or not use my other nationality in Japan"), required=False
    )

    def __init__(self, *args: object, dual: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not dual:
            del self.fields["renounces_other_nationality"]


class DeclineForm(forms.Form):
    decline_reason = forms.CharField(
        label=_("Reason for declining"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[("health", _("Certificate of health")), ("criminal_record", _("Criminal-record check"))],
    )
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))
