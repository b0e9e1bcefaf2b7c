"""Reads of screening, split by subject: panels, review (queue, application, score sheet), interviews,
reports."""
