"""The project's locale formats (FORMAT_MODULE_PATH): what differs from Django's own per language."""
