"""What every PDF of the platform shares: the embedded Japanese font and the escaping of text put into a
Paragraph (which reads a small XML markup).

The font is IPAexGothic, a TrueType font shipped with the application (``jetpm/core/fonts``, IPA Font
License v1.0, see the README there). ReportLab embeds the subset of its glyphs that a document uses, so
Japanese renders in every viewer: the built-in CID fonts (HeiseiKakuGo-W5, HeiseiMin-W3) it used before
are never embedded and showed blank letters where no Japanese font pack was installed. The one font covers
Latin text as well."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_FILE = Path(__file__).resolve().parent / "fonts" / "ipaexg.ttf"
JAPANESE = "IPAexGothic"  # one face for tables, forms and letters keeps the install and the PDFs small


def japanese_font() -> str:
    """Register the embedded TrueType font once and return its name for the styles. ``<b>`` and ``<i>`` in
    a Paragraph map to the same face (the font has no bold or italic)."""
    if JAPANESE not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(JAPANESE, str(FONT_FILE)))
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(JAPANESE, bold, italic, JAPANESE)
    return JAPANESE


def escape(text: str) -> str:
    """Text for a Paragraph: &, < and > are markup there."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
