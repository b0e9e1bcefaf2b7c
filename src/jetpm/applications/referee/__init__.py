"""The referee's page: a one-time link to upload a letter of reference."""
