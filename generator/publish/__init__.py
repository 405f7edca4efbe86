"""Stage 7 — publish: MkDocs builds the site from the written tree, WeasyPrint renders the
handouts, then the finished site gets its CSP, sitemap dates and link check, and is swapped in.
Every command runs these stages through one pipeline (:mod:`.pipeline`)."""
