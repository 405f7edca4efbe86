"""Markdown pages for MkDocs: the condition template and the hand-written pages' placeholders."""
