"""Fairness of selection: selection rates by group (four-fifths rule) and the panels compared."""
