"""The applicant portal of the applications stage: the form step by step, documents, referees, review and
submission, self-registration."""
