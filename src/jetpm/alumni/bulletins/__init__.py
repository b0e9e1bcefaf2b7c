"""Bulletins: missions and HQ send news of Japan, events and calls for help to chapters and to the alumni who
consented to that kind; each delivery and its opening are recorded; every message carries an opt-out link."""
