"""The one HTML sanitiser: an allow-list enforced by nh3 (Ammonia), and page-body checks.

Content is not trusted code. Rather than keep our own list of dangerous things (which is how
sanitisers fail), the policy is an allow-list handed to a maintained sanitiser:
:func:`clean_fragment` applies it to any HTML fragment made from content, and
:func:`page_problems` tells an editor, with line and column, everything in a hand-written page
that the allow-list would remove, so that what is published is exactly what was reviewed.
"""

from .pages import page_problems
from .policy import (
    ALLOWED_ATTRIBUTE_VALUES,
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    PAGE_EXTENSION_CONFIGS,
    PAGE_EXTENSIONS,
    URL_SCHEMES,
    clean_fragment,
    render_page,
)

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_ATTRIBUTE_VALUES",
    "ALLOWED_CLASSES",
    "ALLOWED_TAGS",
    "PAGE_EXTENSIONS",
    "PAGE_EXTENSION_CONFIGS",
    "URL_SCHEMES",
    "clean_fragment",
    "page_problems",
    "render_page",
]
