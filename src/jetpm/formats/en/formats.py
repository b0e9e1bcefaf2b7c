"""English formats: day, month name and year (7 Dec 2026, 7 December 2026), never the US month/day/year.

Only the display formats are set; anything not named here (the input formats among them, whose
first entry is ISO as the HTML date picker sends) falls back to Django's English module.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
