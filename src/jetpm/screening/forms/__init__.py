"""Forms of screening, split by subject: panels, review, interviews, reports. They parse; the services
decide."""
