"""The benchmark of the build (``python -m bench``, ``make bench``; see ``bench/__main__.py``)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The project folder (mkdocs.yml, content/, generator/): every bench module's paths start here."""
