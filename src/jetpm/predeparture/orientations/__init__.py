"""Pre-departure orientations and receptions of the missions, the candidates' checklist and the send-off
evaluation (the missions' Entrance Check of screening and send-off)."""
