"""Forms of the alumni pages: they parse and check input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.alumni.states import MemberType, Sector
from jetpm.core.forms import ByNameChoiceField, DateInput
from jetpm.core.models import Country, Language


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Return date"), widget=DateInput())
    destination = ByNameChoiceField(
        label=_("Destination country"),
        queryset=Country.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("Choose a country"),
    )
    orientation_attended = forms.BooleanField(label=_("Attended the pre-return orientation"), required=False)
    orientation_on = forms.DateField(
        label=_("Date of the pre-return orientation"), required=False, widget=DateInput()
    )
    # No bounds here: the service's rules (negative, above the cap) are said with the others, at once.
    travel_cost_yen = forms.IntegerField(label=_("Return-travel cost (yen)"), required=False)


class ProfileForm(forms.Form):
    country = ByNameChoiceField(
        label=_("Country of residence"),
        required=False,
        queryset=Country.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("Not given"),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Not given")), *Sector.choices]
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    japan_related_work = forms.CharField(
        label=_("Japan-related work"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        required=False,
        queryset=Language.objects.order_by("code"),
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class ConsentForm(forms.Form):
    news = forms.BooleanField(label=_("I agree to receive news of Japan"), required=False)
    events = forms.BooleanField(label=_("I agree to receive invitations to events"), required=False)
    recruitment = forms.BooleanField(
        label=_("I agree to receive calls to help the programme"), required=False
    )
    share_with_chapter = forms.BooleanField(
        label=_("My chapter's officers may see my contact details and where I work"), required=False
    )


class NotableForm(forms.Form):
    notable = forms.BooleanField(label=_("Notable alumnus"), required=False)
    reason = forms.CharField(
        label=_("Reason for the notable flag"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AlumniFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    country = ByNameChoiceField(
        label=_("Country of residence"),
        required=False,
        queryset=Country.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("All countries"),
    )
    notable = forms.BooleanField(label=_("Notable alumni only"), required=False)


class SectorFilterForm(forms.Form):
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )


class MemberSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)


class ChapterDetailsForm(forms.Form):
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AddMemberForm(forms.Form):
    identifier = forms.CharField(label=_("JET number or e-mail of the alumnus"), max_length=200)
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())
    member_type = forms.ChoiceField(
        label=_("Member type"), choices=[("", _("Choose a member type")), *MemberType.choices]
    )


class ImportMembersForm(forms.Form):
    file = forms.FileField(
        label=_("Member list (XLSX or CSV)"),
        help_text=_(
            "Columns: member (JET number or e-mail), joined (YYYY-MM-DD), type (regular, associate or honorary)."  # noqa: E501
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .xlsx or .csv file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class RemoveMemberForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for leaving"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
