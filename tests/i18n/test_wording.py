"""Words that were mistranslated: "Change" (a change to make, also in the Django admin) is not 増減 (an
increase or decrease); accepting an offer is 受諾, not 受理 (receipt of a document); the "either" option of
urban or rural says "either", not the field's label again; no JLPT level is said in words."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext, pgettext

from jetpm.planning.forms.requests import RequestLineForm
from jetpm.planning.models import RequestLine
from jetpm.planning.states import RequestStatus, Setting
from jetpm.selection.states import OfferStatus


def test_change_is_a_change():
    with translation.override("ja"):
        assert gettext("Change") == "変更"


def test_an_accepted_offer_is_juddaku_and_an_accepted_request_is_juri():
    with translation.override("ja"):
        assert "受諾" in str(OfferStatus.ACCEPTED.label)
        assert "受諾" in pgettext("offer", "Accept")
        assert "受理" in str(RequestStatus.ACCEPTED.label)


def test_the_either_option_does_not_repeat_its_label():
    with translation.override("ja"):
        option = str(Setting.EITHER.label)
        assert option != str(RequestLine._meta.get_field("setting").verbose_name)
        assert option != str(RequestLineForm.base_fields["setting"].label)


def test_no_jlpt_level_does_not_read_like_an_empty_value():
    """The label "None" on the applicant's and the intake's pages read like a missing value."""
    from jetpm.core.states import JapaneseLevel

    with translation.override("en"):
        assert str(JapaneseLevel.NONE.label) == "No JLPT level"
    with translation.override("ja"):
        assert str(JapaneseLevel.NONE.label) == "JLPTなし"


def test_a_messages_subject_is_its_subject_line_not_a_field_of_study():
    from jetpm.applications.models import Notice
    from jetpm.support.models import Case

    with translation.override("ja"):
        for model in (Notice, Case):
            assert str(model._meta.get_field("subject").verbose_name) == "件名"
