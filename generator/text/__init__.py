"""The shared base layer every stage uses for text: escaping, links, inline Markdown, sanitising.

Nothing here imports from the rest of :mod:`generator`; every stage may import from here.

* :mod:`.escape` — escaping plain text for each output (Markdown, HTML, JSON, CSS, SVG);
* :mod:`.urls` — the one place that decides which link targets and hrefs are allowed;
* :mod:`.inline` — the one inline-Markdown reader for prose fields, its checks and renderers;
* :mod:`.sanitize` — the nh3 (Ammonia) allow-list for HTML, and the checks of page bodies;
* :mod:`.readability` — reading grade and the sentences that are measured;
* :mod:`.wording` — the one rule for wording that tells a reader what they have.
"""
