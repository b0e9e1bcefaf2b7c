"""JETPM — the administration platform of the JET Programme."""
