"""The records of pre-departure and arrival."""

from jetpm.predeparture.models_orientations import *  # noqa
