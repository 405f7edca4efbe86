"""Handout HTML for WeasyPrint (rendered to PDF by :mod:`generator.publish.handouts`)."""
