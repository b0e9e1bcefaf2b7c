"""Evaluation of the entrance: the local governments' voice and the Council's findings carried into
next year's rules."""
