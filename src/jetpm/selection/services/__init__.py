"""Writes of the final selection, split by subject: the lists (prepare, adjust, propose, approve, publish),
the offers (reply, lapse, clearance, letters) and the vacancies (upgrades of alternates)."""
