"""Pre-departure and arrival: departure groups, orientations and receptions, the candidates' checklist,
arrival."""
