"""The local governments' voice: each year the contracting and host organisations evaluate the programme
and the participants placed with them, and state their requests (a questionnaire of the engine in
jetpm.questionnaires, purpose ``lg_evaluation``, owned and sent by CLAIR); HQ reads the results by
prefecture and kind of organisation."""


def ready() -> None:
    from django.utils.translation import gettext_lazy as _

    from jetpm.core.navigation import nav_item
    from jetpm.evaluation.permissions import sees_voice
    from jetpm.evaluation.voice import dashboard  # noqa: F401  (the home dashboard's task)

    nav_item(66, "evaluation:voice_home", _("Programme evaluation"), sees_voice)
