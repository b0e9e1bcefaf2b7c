"""Questionnaires as data: a survey of a year (questions, who answers), one answer per respondent, progress
and results. Used by the alumni surveys and the local governments' evaluation of the programme."""
