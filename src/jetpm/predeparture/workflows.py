"""The workflows of pre-departure (core/workflow.py)."""

from jetpm.predeparture.orientations.workflows import ORIENTATION_WORKFLOWS

WORKFLOWS = (*ORIENTATION_WORKFLOWS,)
