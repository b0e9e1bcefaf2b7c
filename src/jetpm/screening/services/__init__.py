"""Writes of screening: panels and assignments, reviews, decisions, interviews, reports."""
