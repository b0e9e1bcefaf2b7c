"""The survey's questions as data (the default set of a year's survey; a year's questionnaire keeps its own
copy in the engine)."""

from __future__ import annotations

from jetpm.questionnaires.services import QuestionInput

PURPOSE = "lg_evaluation"
MATCH_CHOICES = (
    {"value": "yes", "ja": "合っていた", "en": "Yes"},
    {"value": "mostly", "ja": "おおむね合っていた", "en": "Mostly"},
    {"value": "partly", "ja": "一部合っていなかった", "en": "Partly"},
    {"value": "no", "ja": "合っていなかった", "en": "No"},
)
QUESTIONS: tuple[QuestionInput, ...] = (
    QuestionInput(
        "programme",
        "scale",
        "JETプログラムは貴団体の国際化にどの程度役立っていますか（1〜5）",
        "How useful is the JET Programme to your organisation's internationalisation (1–5)?",
        required=True,
    ),
    QuestionInput(
        "participants",
        "scale",
        "今年度配置された参加者の活動をどう評価しますか（1〜5）",
        "How do you rate the work of the participants placed with you this year (1–5)?",
        required=True,
    ),
    QuestionInput(
        "match",
        "single",
        "配置された参加者は要望（職種・言語・日本語能力など）に合っていましたか",
        "Did the participants placed with you match your requests (job, language, Japanese level)?",
        required=True,
        choices=MATCH_CHOICES,
    ),
    QuestionInput(
        "preparation",
        "scale",
        "着任時の参加者の準備（事前研修・オリエンテーション）は十分でしたか（1〜5）",
        "Were the participants prepared for their work on arrival (pre-departure, orientation) (1–5)?",
    ),
    QuestionInput(
        "next_year",
        "yes_no",
        "来年度も参加者の配置を要望する予定ですか",
        "Do you intend to request participants next year?",
        required=True,
    ),
    QuestionInput(
        "requests",
        "text",
        "本部・協議会への要望（募集・選考・配置・研修について）",
        "Requests to HQ and the Council (recruitment, selection, placement, training)",
    ),
)
SCALE_KEYS = ("programme", "participants", "preparation")
