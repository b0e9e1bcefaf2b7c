"""Forms of the members pages. No select starts on a value: the role and the language are chosen."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    given_name = forms.CharField(label=_("Given name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        help_text=_("Someone who already has a user keeps their name and language."),
    )

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Choose a role")), *roles]  # type: ignore[attr-defined]
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a language")),
            *settings.LANGUAGES,
        ]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"))

    def __init__(self, *args: Any, roles: list[tuple[str, str]], current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a role")),
            *[(value, label) for value, label in roles if value != current],
        ]
