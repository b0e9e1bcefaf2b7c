"""Crawl the small demo world as every demo login, in Japanese and in English, and fail on any code or
untranslated string a person would see: a choice value shown instead of its label, a record type
(``applications.Document``) or an action (``request.submit``), a ``snake_case`` word, a catalog message left
in English on a Japanese page, a Western fiscal year in a Japanese sentence, Japanese on an English page.

The crawl follows same-origin links (GET only) from the home page and the menu, at most a few pages of each
view and a bounded number of pages per login, skipping downloads and the Django admin; it uses the Django test
client (no browser) and visits pages in a fixed order, so it is fast and deterministic."""

from __future__ import annotations

import re
import tempfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models, transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

import jetpm
from jetpm.core.models import Language, Organisation, User
from jetpm.demo.logins import DEMO_LOGINS
from jetpm.planning.models import Criterion

PO = Path(jetpm.__file__).resolve().parent / "locale" / "ja" / "LC_MESSAGES" / "django.po"

MAX_PAGES_PER_LOGIN = 45  # per login and language
MAX_PAGES_PER_VIEW = 2  # the same view with other records shows the same labels
# Views not crawled: downloads (files, not pages) and actions reached by GET that are not pages.
SKIPPED_VIEW = re.compile(r"logout|export|download|xlsx|csv|pdf|template|file|ical|ics|document_get|_raw")
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/api/")

# Text allowed although it looks like a finding, and why.
ALLOWED = {
    "JETPM": "the product's name",
    "JET": "the programme's name (JET Programme)",
    "JETAA": "the alumni association's name",
    "ALT": "job type, the same in both languages",
    "CIR": "job type, the same in both languages",
    "SEA": "job type, the same in both languages",
    "English": "the language switch names the other language in that language",
    "日本語": "the language switch names the other language in that language",
}
# Identifiers, not codes to translate: usernames (``mofa.staff``), organisation codes (``mic``, ``co-210005``)
# and the codes of screening criteria are shown as such; a file keeps the name it was uploaded with.
FILE_NAME = re.compile(r"[\w.-]+\.(?:pdf|png|jpe?g|docx?|xlsx|csv|txt)\b")

_TEXT_ATTRS = ("title", "placeholder", "aria-label", "alt")


class _Text(HTMLParser):
    """The text a person sees: text nodes outside script/style/templates, and the visible attributes."""

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    )

    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.nodes: list[str] = []
        self.links: list[str] = []
        self._skip = 0
        self._stack: list[tuple[str, bool]] = []  # open elements, and whether they start another language
        self._other = 0  # depth inside elements marked (lang="…") as in the other language

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "style", "template"):
            self._skip += 1
        if tag not in self.VOID:
            other = bool(a.get("lang")) and a.get("lang") != self.lang and tag != "html"
            self._stack.append((tag, other))
            self._other += other
        if self._other:
            return  # text marked as in the other language (a name in Japanese, the language switch)
        if tag == "a" and a.get("href") and "download" not in a:
            self.links.append(a["href"] or "")
        if tag == "input" and (a.get("type") or "") in ("submit", "button") and a.get("value"):
            self.nodes.append(a["value"] or "")
        for k in _TEXT_ATTRS:
            if a.get(k):
                self.nodes.append(a[k] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1
        while self._stack:
            open_tag, other = self._stack.pop()
            self._other -= other
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skip and not self._other and data.strip():
            self.nodes.append(FILE_NAME.sub("", " ".join(data.split())).strip())


def _choice_codes() -> dict[str, str]:
    """Choice values of the project's models and TextChoices that differs from its label, with the label."""
    codes: dict[str, str] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("jetpm."):
            continue
        for f in model._meta.get_fields():
            for value, label in getattr(f, "flatchoices", None) or []:
                if isinstance(value, str) and value and value != str(label):
                    codes[value] = str(label)
    import importlib
    import pkgutil

    for mod in pkgutil.walk_packages(jetpm.__path__, "jetpm."):
        if not mod.name.endswith(".states"):
            continue
        module = importlib.import_module(mod.name)
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, models.TextChoices)
                and obj is not models.TextChoices
            ):
                for value, label in obj.choices:
                    if value != str(label):
                        codes[value] = str(label)
    return codes


def _free_text() -> set[str]:
    """What people wrote (notes, reasons, places, statements): shown as written, in the writer's language. A
    field is free text when it is a TextField or a long CharField without choices that is not one of the
    two names of a bilingual record (``name_ja``/``name_en``, ``title_ja``/``title_en``)."""
    out: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("jetpm."):
            continue
        for f in model._meta.concrete_fields:
            free = isinstance(f, models.TextField) or (
                isinstance(f, models.CharField) and not f.choices and (f.max_length or 0) >= 200
            )
            if free and not f.name.endswith(("_ja", "_en")):
                for value in model._default_manager.exclude(**{f.name: ""}).values_list(f.name, flat=True):
                    out.add(" ".join(str(value).split()))
    return out


def _data() -> set[str]:
    """Every short value people entered (a major, a name): a value that happens to be an English word of the
    interface ("History" as a major) is data, not an untranslated label."""
    out: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("jetpm."):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField) and not f.choices and not f.name.endswith("_en"):
                out.update(model._default_manager.exclude(**{f.name: ""}).values_list(f.name, flat=True))
    return out


def _written(node: str, free_text: set[str]) -> bool:
    return node in free_text or any(node in text for text in free_text)


def _catalog() -> set[str]:
    """The catalog's messages with a different translation (shown as they are on a ja page: untranslated)."""
    out = set()
    for e in polib.pofile(str(PO)).translated_entries():
        if e.msgid_plural or "%" in e.msgid or "{" in e.msgid:
            continue
        if e.msgstr and e.msgstr != e.msgid and re.search(r"[A-Za-z]{2}", e.msgid):
            out.add(e.msgid)
    return out


SNAKE = re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])")
DOTTED = re.compile(r"(?<![\w@./-])[a-z]+(?:_[a-z]+)*\.[A-Za-z]+(?:_[a-z]+)*(?![\w@/-]|\.\w)")
WESTERN_FY = re.compile(r"FY ?\d{4}|\d{4} ?年度")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
DOMAINS = re.compile(r"\.(?:org|com|net|jp|uk|ie|us|gov|edu|html|txt|xlsx|csv|pdf)$")


@dataclass
class Crawl:
    findings: dict[str, set[str]] = field(default_factory=dict)  # finding -> pages
    pages: int = 0

    def add(self, what: str, url: str) -> None:
        self.findings.setdefault(what, set()).add(url)


@dataclass(frozen=True)
class Known:
    codes: dict[str, str]  # choice values and language codes -> their labels
    catalog: set[str]  # the catalog's messages that have a different translation
    msgids: set[str]  # every message of the catalog
    names: set[str]  # identifiers shown as such
    free_text: set[str]  # what people wrote
    data: set[str]  # short values people entered


def _check_page(text: _Text, lang: str, url: str, crawl: Crawl, known: Known) -> None:
    codes, catalog, names = known.codes, known.catalog, known.names
    for node in text.nodes:
        if node in ALLOWED or node in names or not node:
            continue
        if node in codes and node != codes[node] and node not in known.msgids:
            crawl.add(f"{lang}: choice value {node!r} shown instead of {codes[node]!r}", url)
        for m in SNAKE.findall(node):
            crawl.add(f"{lang}: snake_case {m!r} in {node[:80]!r}", url)
        for m in DOTTED.findall(node):
            if m not in names and not DOMAINS.search(m) and not re.fullmatch(r"[a-z]\.[a-z]", m):
                crawl.add(f"{lang}: code {m!r} in {node[:80]!r}", url)
        if lang == "ja":
            if node in catalog and node not in known.data:
                crawl.add(f"ja: untranslated {node!r}", url)
            if WESTERN_FY.search(node) and not _written(node, known.free_text):
                for m in WESTERN_FY.findall(node):
                    crawl.add(f"ja: Western fiscal year {m!r} in {node[:80]!r}", url)
        elif JAPANESE.search(node) and not _written(node, known.free_text):
            crawl.add(f"en: Japanese {node[:80]!r}", url)


def _crawl(client: Client, login: str, lang: str, crawl: Crawl, known: Known) -> None:
    queue: deque[str] = deque(["/"])
    seen: set[str] = {"/"}
    per_view: dict[str, int] = {}
    visited = 0
    while queue and visited < MAX_PAGES_PER_LOGIN:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        visited += 1
        crawl.pages += 1
        text = _Text(lang)
        text.feed(response.content.decode())
        _check_page(text, lang, f"{login} {url}", crawl, known)
        for href in text.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue  # other origins, mailto:, relative fragments
            if href in seen or parts.path.startswith(SKIPPED_PREFIXES):
                continue
            try:
                match = resolve(parts.path)
            except Resolver404:
                continue
            name = match.view_name
            if SKIPPED_VIEW.search(name) or SKIPPED_VIEW.search(parts.path):
                continue
            if per_view.get(name, 0) >= MAX_PAGES_PER_VIEW:
                continue
            per_view[name] = per_view.get(name, 0) + 1
            seen.add(href)
            queue.append(href)


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def demo_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo-data", "--scale", "small", "--seed", "1", stdout=open("/dev/null", "w"))  # noqa: SIM115
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_code_or_untranslated_text_on_any_page(demo_world: None, lang: str) -> None:
    codes = _choice_codes() | {
        code: str(name) for code, name in Language.objects.values_list("code", "name_en")
    }
    names = (
        set(User.objects.values_list("username", flat=True))
        | set(Organisation.objects.values_list("code", flat=True))
        | set(Criterion.objects.values_list("code", flat=True))
    )
    msgids = {e.msgid for e in polib.pofile(str(PO))}
    known = Known(
        codes=codes, catalog=_catalog(), msgids=msgids, names=names, free_text=_free_text(), data=_data()
    )
    crawl = Crawl()
    for login in DEMO_LOGINS:
        client = Client()
        client.force_login(User.objects.get(username=login.username))
        assert client.post("/language/", {"language": lang, "next": "/"}).status_code == 302
        # the choice is the demo login's own from now on: stored, and applied without the cookie
        assert User.objects.get(username=login.username).language == lang
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
        assert client.get("/").headers["Content-Language"] == lang
        _crawl(client, login.username, lang, crawl, known)
    assert crawl.pages > 100
    report = "\n".join(
        f"{what}  [{', '.join(sorted(urls)[:3])}]" for what, urls in sorted(crawl.findings.items())
    )
    assert not crawl.findings, f"{len(crawl.findings)} findings on {crawl.pages} pages:\n{report}"
