"""Writes of applications, split by subject: the status machine (transitions), the applicant's form
(portal), documents and referees (documents), the mission's intake (intake)."""
