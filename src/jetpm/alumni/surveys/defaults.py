"""The two yearly surveys and their default questions (data: HQ may replace them before opening)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jetpm.questionnaires.services import QuestionInput


class SurveyPurpose(models.TextChoices):
    MEMBERSHIP = "jetaa_membership", _("JETAA membership survey")
    STATUS = "alumni_status", _("Alumni status survey")


TITLES = {
    SurveyPurpose.MEMBERSHIP: ("JETAA会員数調査", "JETAA membership survey"),
    SurveyPurpose.STATUS: ("元JET参加者現況調査", "Survey of former JET participants"),
}


def _c(value: str, ja: str, en: str) -> dict[str, str]:
    return {"value": value, "ja": ja, "en": en}


MEMBERSHIP_QUESTIONS = [
    QuestionInput("members_regular", "number", "正会員数", "Regular members", required=True),
    QuestionInput("members_associate", "number", "準会員数", "Associate members"),
    QuestionInput("members_new", "number", "本年度の新規入会者数", "New members this year", required=True),
    QuestionInput("events_held", "number", "本年度の行事の開催数", "Events held this year", required=True),
    QuestionInput(
        "activities",
        "multiple",
        "主な活動",
        "Main activities",
        choices=[
            _c("culture", "日本文化の紹介", "Japanese culture events"),
            _c("language", "日本語学習の支援", "Japanese language support"),
            _c("recruitment", "JETプログラムの募集支援", "Help with JET recruitment"),
            _c("predeparture", "出発前オリエンテーションへの協力", "Pre-departure orientations"),
            _c("networking", "会員の交流", "Networking among members"),
            _c("charity", "震災支援・チャリティー", "Charity and disaster relief"),
        ],
    ),
    QuestionInput("newsletter", "yes_no", "会報を発行していますか", "Do you publish a newsletter?"),
    QuestionInput(
        "support",
        "scale",
        "在外公館の支援への満足度（1〜5）",
        "Satisfaction with the mission's support (1–5)",
    ),
    QuestionInput("note", "text", "その他（課題、要望など）", "Anything else (issues, requests)"),
]

STATUS_QUESTIONS = [
    QuestionInput(
        "sector",
        "single",
        "現在の職業分野",
        "Your current sector",
        required=True,
        choices=[
            _c("government", "行政", "Government"),
            _c("politics", "政治", "Politics"),
            _c("education", "教育", "Education"),
            _c("business", "ビジネス", "Business"),
            _c("media", "メディア", "Media"),
            _c("academia", "学術", "Academia"),
            _c("think_tank", "シンクタンク", "Think tank"),
            _c("other", "その他", "Other"),
        ],
    ),
    QuestionInput(
        "japan_work",
        "yes_no",
        "現在、日本に関係する仕事をしていますか",
        "Is your work related to Japan?",
        required=True,
    ),
    QuestionInput("japanese_use", "scale", "日本語を使う頻度（1〜5）", "How often you use Japanese (1–5)"),
    QuestionInput("visits", "number", "帰国後の訪日回数", "Visits to Japan since your return"),
    QuestionInput(
        "recommend",
        "scale",
        "JETプログラムを勧めたい度合い（1〜5）",
        "Would you recommend JET? (1–5)",
        required=True,
    ),
    QuestionInput("comment", "text", "JETプログラムへの意見", "Your comments on the programme"),
]

QUESTIONS = {SurveyPurpose.MEMBERSHIP: MEMBERSHIP_QUESTIONS, SurveyPurpose.STATUS: STATUS_QUESTIONS}
PURPOSES = tuple(SurveyPurpose.values)
