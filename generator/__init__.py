"""Hip or Back? — turn structured condition facts into a patient-education site and handouts."""

__version__ = "0.1.0"
