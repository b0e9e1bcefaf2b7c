"""JETAA support's ``jetpm stats`` table (formats/programme-figures.md): ``jetaa-support --fy Y``."""
