"""Is the site's ``public_url`` an address the public can reach, or a placeholder?

One answer read by three stages: the publishing checks (``hipback check --publish`` and
``hipback build --publish`` refuse anything but a public https address), the handouts (a QR code
or a printed address that leads nowhere is worse than none, so a placeholder prints neither) and
the host configuration. The bundled content ships with ``https://hiporback.example.org/``, which
builds a preview but must never reach paper or a host.

Placeholders are the names reserved for documentation and testing (RFC 2606 and RFC 6761:
``example.*`` and its subdomains, the ``.example``, ``.test``, ``.invalid`` and ``.localhost``
top-level names), ``localhost``, names that only mean something inside one network (a single
label, ``.local``, ``.internal``, ``.lan``, ``.home.arpa``), and loopback, private, link-local or
unspecified IP addresses.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

RESERVED_TOPS = frozenset({"example", "test", "invalid", "localhost", "local", "internal", "lan",
                           "localdomain", "intranet", "corp", "home"})
"""Top-level names no public site can have (reserved, or used only inside a network)."""

_COUNTRY_SECOND = frozenset({"co", "org", "ac", "gov", "net", "com", "nhs", "ltd", "plc"})
"""Second-level names under a country code (``example.co.uk``): ``example`` is then the
registrable name."""

HOW_TO_FIX = ("set public_url in site.yml to the https address the site will be published at, "
              "for example https://hips.your-clinic.org/")


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:  # a malformed IPv6 literal: validation reports the address itself
        return ""


def placeholder_reason(url: str) -> str | None:
    """Why ``url``'s host cannot be a public site (``None`` when it can).

    Only the host is judged here (an ``http://`` address is real, merely not secure: see
    :func:`publish_problem`)."""
    host = _host(url)
    if not host:
        return "it has no host name"
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        ip = None
    if ip is not None:
        if ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_unspecified \
                or ip.is_reserved or ip.is_multicast:
            return f"{host} is a loopback or private network address"
        return None
    labels = host.split(".")
    if host == "localhost" or labels[-1] in RESERVED_TOPS or host.endswith(".home.arpa"):
        return f"{host} is a name reserved for examples and local networks"
    if len(labels) == 1:
        return f"{host} is a name that only works inside one network"
    if labels[-2] == "example" or (len(labels) >= 3 and labels[-3] == "example"
                                   and len(labels[-1]) == 2 and labels[-2] in _COUNTRY_SECOND):
        return f"{host} is a placeholder domain reserved for examples"
    return None


def is_placeholder(url: str) -> bool:
    """True when ``url`` is no public address (``example.*``, localhost, a private network):
    handouts then print no address and no QR code."""
    return placeholder_reason(url) is not None


def publish_problem(url: str) -> str | None:
    """Why the site cannot be published at ``url`` (``None`` when it can): a placeholder host,
    or an address without https (browsers mark it insecure, and HSTS needs it)."""
    reason = placeholder_reason(url)
    if reason is not None:
        return reason
    if urlsplit(url).scheme.lower() != "https":
        return "it does not start with https://"
    return None


__all__ = ["HOW_TO_FIX", "is_placeholder", "placeholder_reason", "publish_problem"]
