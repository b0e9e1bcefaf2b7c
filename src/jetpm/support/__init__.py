"""The support desk: the missions' Q&A desk for candidates and CLAIR's consultations for participants
and contracting organisations."""
