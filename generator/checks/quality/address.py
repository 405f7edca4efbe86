"""Can the site go live at its ``public_url``? (``check --publish`` and ``build --publish``)

A preview builds with the bundled placeholder address; publishing does not: handouts print the
address and a QR code to it, search engines and the host's HSTS header take it as the site's
home, so it must be a public https address (:mod:`generator.text.siteaddress` says which are
not). ``validate`` and a plain ``build`` leave this out, as they leave out the clinical sign-off.
"""

from __future__ import annotations

from ...text.siteaddress import HOW_TO_FIX, publish_problem
from .base import Collector, quote

SITE_FILE = "site.yml"


def check_address(report: Collector) -> None:
    """One error at ``public_url`` when the site cannot be published there."""
    url = report.content.site.public_url
    why = publish_problem(url)
    if why is not None:
        report.add("error", "site-address", report.at(SITE_FILE, ("public_url",)),
                   f"public_url is {quote(url, 80)}, which cannot be published: {why}; "
                   f"{HOW_TO_FIX}.")


__all__ = ["check_address"]
