"""Alumni in the programme: engagement records (PR help, screening panels, pre-departure speakers, career
seminars) and the search of consenting alumni near a mission's event."""
