"""Japanese formats: Django's own, with the short forms written out so they stay as they are."""

SHORT_DATE_FORMAT = "Y/m/d"
SHORT_DATETIME_FORMAT = "Y/m/d H:i"
