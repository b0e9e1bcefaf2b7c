"""Split by subject: requests, plans, guidelines."""
