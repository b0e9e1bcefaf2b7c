"""Pages of screening, split by subject: panels, review, interviews, reports."""
