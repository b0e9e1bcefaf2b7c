"""Which countries recruit which designated language becomes data of the rules of the year (it was the file
planning/data/country_languages.csv, which nobody could edit): the file's rows, from the programme's first
year (1987) on. Staff change a year's table on the page "Rules of the year"."""

from django.db import migrations

FIRST_YEAR = 1987
ROWS = [
    ("AR", "es"), ("AT", "de"), ("AU", "en"), ("BB", "en"), ("BE", "fr"), ("BR", "pt"), ("CA", "en"), ("CA",
    "fr"), ("CH", "de"), ("CH", "fr"), ("CL", "es"), ("CN", "zh"), ("DE", "de"), ("DK", "en"), ("EG", "en"),
    ("ES", "es"), ("FI", "en"), ("FJ", "en"), ("FR", "fr"), ("GB", "en"), ("GH", "en"), ("ID", "id"), ("IE",
    "en"), ("IL", "en"), ("IN", "en"), ("IS", "en"), ("IT", "it"), ("JM", "en"), ("KE", "en"), ("KR", "ko"),
    ("LT", "en"), ("MN", "mn"), ("MX", "es"), ("MY", "en"), ("NG", "en"), ("NL", "en"), ("NO", "en"), ("NZ",
    "en"), ("PE", "es"), ("PG", "en"), ("PH", "en"), ("PH", "tl"), ("PL", "en"), ("PT", "pt"), ("RU", "ru"),
    ("SE", "en"), ("SG", "en"), ("SG", "zh"), ("TH", "th"), ("TO", "en"), ("TT", "en"), ("US", "en"), ("VN",
    "vi"), ("WS", "en"), ("ZA", "en")
]


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    CountryLanguage = apps.get_model("planning", "CountryLanguage")
    Country = apps.get_model("core", "Country")
    Language = apps.get_model("core", "Language")
    countries = dict(Country.objects.values_list("code", "id"))
    languages = dict(Language.objects.values_list("code", "id"))
    CountryLanguage.objects.bulk_create(
        [
            CountryLanguage(from_year=FIRST_YEAR, country_id=countries[c], language_id=languages[lang])
            for c, lang in ROWS
            if c in countries and lang in languages
        ],
        ignore_conflicts=True,
    )


def unload(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("planning", "CountryLanguage").objects.filter(from_year=FIRST_YEAR).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_year_rules_declined_bar_country_languages"),
        ("core", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, unload)]
