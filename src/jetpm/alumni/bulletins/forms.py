"""Forms of the bulletins."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.alumni.bulletins.services import BulletinInput
from jetpm.alumni.bulletins.states import BulletinKind
from jetpm.core.models import Organisation


class BulletinForm(forms.Form):
    sender = forms.ModelChoiceField(label=_("Sent as"), queryset=Organisation.objects.none(), empty_label="—")
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *BulletinKind.choices])
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)
    to_chapters = forms.BooleanField(label=_("To the JETAA chapters"), required=False)
    to_alumni = forms.BooleanField(
        label=_("To the alumni who agreed to receive this kind of bulletin"), required=False
    )

    def __init__(self, *args: Any, senders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sender"].queryset = senders  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("to_chapters") or data.get("to_alumni")):
            self.add_error("to_alumni", _("Choose at least one kind of recipient."))
        return data

    def bulletin_input(self) -> BulletinInput:
        d = self.cleaned_data
        return BulletinInput(
            kind=d["kind"],
            subject=d["subject"],
            body=d["body"],
            to_chapters=d["to_chapters"],
            to_alumni=d["to_alumni"],
        )
