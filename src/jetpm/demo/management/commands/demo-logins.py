"""``jetpm demo-logins``: the demo logins (one per role) as a table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jetpm.core.models import Organisation, Person, User
from jetpm.demo.logins import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo logins (username, password, organisation, role, what they see)."

    def handle(self, *args: Any, **options: Any) -> None:
        present = set(
            User.objects.filter(username__in=[d.username for d in DEMO_LOGINS]).values_list(
                "username", flat=True
            )
        )
        if not present:
            raise CommandError(
                "No demo logins in this database: load the demo world first (jetpm demo-data)."
            )
        orgs = {
            o.code: o.name_en
            for o in Organisation.objects.filter(
                code__in=[d.organisation for d in DEMO_LOGINS if d.organisation]
            )
        }
        person_orgs: dict[str, str] = {}
        for p in Person.objects.filter(user__username__in=present).select_related(
            "user", "mission", "contracting_org", "chapter"
        ):
            org_of_person = {"applicant": p.mission, "participant": p.contracting_org, "alumnus": p.chapter}
            responsible = org_of_person.get(p.kind)
            if p.user is not None and responsible is not None:
                person_orgs[p.user.username] = f"({responsible.name_en})"
        rows = [("username", "password", "organisation", "role", "sees")]
        for d in DEMO_LOGINS:
            if d.username not in present:
                continue
            if d.organisation:
                org = orgs.get(d.organisation, d.organisation)
            else:
                org = person_orgs.get(d.username, "-")
            rows.append((d.username, DEMO_PASSWORD, org, d.role, d.sees))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        line = "+-" + "-+-".join("-" * w for w in widths) + "-+"
        self.stdout.write(line)
        for n, row in enumerate(rows):
            self.stdout.write("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
            if n == 0:
                self.stdout.write(line)
        self.stdout.write(line)
