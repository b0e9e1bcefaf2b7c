"""Departure groups and arrival (issue 14, items 1 and 3): the groups of an intake year per mission (April,
A, B, late) with their dates, airport and flight; the placed participants in them; the CO's (or CLAIR's)
confirmation of arrival, which starts the first term the day after; a no-show or a withdrawal before
departure, which reopens the seat."""
