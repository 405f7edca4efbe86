"""Stage 5 — emit: format resolved data into pages, diagrams, exports and handout HTML.

Emitters take a :class:`generator.resolve.Resolved` and return strings; none of them computes a
fact another one needs (that is the resolve stage's job) and none writes a file.
"""
