"""Stage 1 — load: files → plain data with the position of every key. No models, no rules."""
