"""The Japanese catalog is complete: every string marked in the code and templates is translated, with the
same named placeholders, and the compiled catalog matches the source one."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

import jetpm

PACKAGE = Path(jetpm.__file__).resolve().parent
PO = PACKAGE / "locale" / "ja" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def test_every_entry_is_translated_and_not_fuzzy():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in ja: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy in ja: {fuzzy[:20]}"


def test_placeholders_are_kept():
    po = polib.pofile(str(PO))
    for e in po.translated_entries():
        wanted = set(PLACEHOLDER.findall(e.msgid))
        got = set(PLACEHOLDER.findall(e.msgstr or next(iter(e.msgstr_plural.values()), "")))
        assert wanted == got, f"{e.msgid!r}: placeholders {sorted(wanted)} but translation has {sorted(got)}"


def test_compiled_catalog_matches_the_source():
    po = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
        for e in polib.pofile(str(PO)).translated_entries()
    }
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "") for e in polib.mofile(str(MO))}
    missing = [k[1] for k in po if k not in mo or mo[k] != po[k]]
    assert not missing, f"django.mo is stale, run `make messages`: {missing[:10]}"


def test_no_string_in_the_code_is_missing_from_the_catalog(tmp_path, settings):
    """Extract the strings of the code as it is now and compare with the committed catalog."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext (GNU gettext) is needed to extract messages: apt-get install gettext")
    copy = tmp_path / "jetpm"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "locale", "demo"))
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [copy / "locale"]
    cwd = os.getcwd()
    try:
        os.chdir(copy)
        call_command("makemessages", locale=["ja"], verbosity=0)
    finally:
        os.chdir(cwd)
    fresh = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale" / "ja" / "LC_MESSAGES" / "django.po"))
    }
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO))}
    new = sorted(m for _c, m in fresh - committed)
    assert not new, f"strings not in the ja catalog (run `make messages` and translate): {new[:20]}"
