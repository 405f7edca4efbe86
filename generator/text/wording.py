"""The one rule for wording that tells readers what they have (a diagnosis).

The guide helps readers decide what care to seek; it never diagnoses. A flowchart outcome that
says "You probably have sciatica" claims what only a clinician examining the reader can say,
and anxious readers take it as settled. Both the flowchart checks and the quality report use
:func:`diagnosis_claims`, so they can never disagree about a sentence.

What counts as a claim, and why:

* "you have X", "you've (got) X", "you suffer from X", "you are suffering from X", "you have
  been diagnosed with X", also hedged ("probably", "most likely", "may", "could", …): a hedge
  still names the reader's condition. "Because you have X" is a claim too (it asserts X).
* Not a claim when the sentence is a question ("Do you have numbness?", "You have numbness?"),
  when the clause is conditional ("if", "when", "whether", "unless", "once", "until", "in
  case", … anywhere earlier in the clause: "If the pain is bad and you have numbness"), or
  right after "do/does/did", "what/which/whatever" or a word of thinking ("if you think you
  have").
* Not a claim when "have" is not possession: "you have to rest", "you've got to", "you have
  had pain for 6 weeks", "you have tried", "you have been told" (perfect tense: about the
  reader's history, which they told us, not a diagnosis), or a negation ("you have no warning
  signs"), or when what the reader "has" is care rather than a condition ("you may have a
  scan", "a blood test", "an appointment", "the right to…"), or a number of things ("you have
  two sacroiliac joints": anatomy).
* "This is X" / "it is probably X" / "that sounds like X" is a claim only when X is a name in
  ``conditions`` (the engine passes the condition names): without the names, "this is a
  common problem" and "this is sciatica" cannot be told apart. "This pattern is often linked
  to X", the wording the guide uses, is never a claim.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

__all__ = ["diagnosis_claims"]

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*")
_SENTENCE = re.compile(r"[^.!?]+[.!?\"'”’)\]]*")
_CLAUSE_BREAK = re.compile(r"[,;:—–()]")

_YOU = frozenset({"you", "you've", "you're"})
_HEDGES = frozenset({
    "probably", "likely", "possibly", "may", "might", "could", "definitely", "clearly",
    "certainly", "surely", "obviously", "undoubtedly", "already", "also", "still", "just",
    "most", "very", "almost", "really", "now",
})
_CONDITIONAL = frozenset({
    "if", "when", "whenever", "whether", "unless", "once", "until", "till", "before", "after",
    "while", "provided", "case",  # "in case"
})
_RIGHT_BEFORE = frozenset({
    "do", "does", "did", "what", "which", "whatever", "whichever", "think", "thought",
    "believe", "worry", "worried", "wonder", "suspect", "unsure", "sure", "ask", "long",
})
_NEGATION = frozenset({"not", "never", "no", "none", "nothing", "n't"})
_NOT_AN_OBJECT = frozenset({
    "to", "had", "tried", "done", "seen", "noticed", "answered", "said", "told", "read",
    "used", "taken", "made", "finished", "started", "stopped", "felt", "found", "heard",
    "asked", "checked", "completed", "followed", "learned", "reached", "gone", "come", "got",
    "any", "ever",
})
_CARE = frozenset({
    "scan", "scans", "x-ray", "x-rays", "mri", "ct", "test", "tests", "injection",
    "injections", "appointment", "examination", "exam", "operation", "surgery", "referral",
    "check", "check-up", "assessment", "treatment", "follow-up", "physiotherapy", "painkillers",
    "medicine", "question", "questions", "choice", "choices", "right", "chance", "options",
    "time", "someone", "support", "questionnaire",
})
_ARTICLES = frozenset({"a", "an", "the", "some"})
_NUMBERS = frozenset({"one", "two", "three", "four", "five", "both", "many", "several"})
_STOP = frozenset({
    "and", "or", "but", "so", "because", "as", "which", "that", "who", "if", "when", "in", "on",
    "at", "with", "for", "to", "from", "after", "before", "since", "while", "than", "then",
    "like", "until", "unless", "now", "today",
})
_MAX_OBJECT = 4
_COPULA = (
    r"(?:is|'s|must\s+be|may\s+be|might\s+be|could\s+be|will\s+be|sounds\s+like|looks\s+like|"
    r"seems\s+like|seems\s+to\s+be)"
)
_ADVERB = r"(?:\s+(?:probably|likely|most\s+likely|almost\s+certainly|definitely|clearly))?"


def _norm(text: str) -> str:
    # Curly apostrophes as straight ones (same length, so offsets stay right).
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _blocked(sentence: str, tokens: list[re.Match[str]], i: int) -> bool:
    """Whether the "you" at ``tokens[i]`` is in a question, a conditional clause or after a
    word that makes the rest something other than a statement about the reader."""
    if sentence.rstrip(" \"'”’)]").endswith("?"):
        return True
    if i > 0 and tokens[i - 1].group(0).lower() in _RIGHT_BEFORE:
        return True
    clause_start = 0
    for m in _CLAUSE_BREAK.finditer(sentence, 0, tokens[i].start()):
        clause_start = m.end()
    return any(t.group(0).lower() in _CONDITIONAL for t in tokens[:i] if t.start() >= clause_start)


def _skip_hedges(words: list[str], k: int) -> int:
    while k < len(words) and words[k] in _HEDGES:
        k += 1
    return k


def _after_verb(words: list[str], k: int) -> int | None:
    """Index of the first word of what the reader "has", or ``None`` if it is not possession."""
    k = _skip_hedges(words, k)
    if k < len(words) and words[k] == "got":
        k += 1
    if k >= len(words) or words[k] in _NEGATION:
        return None
    if words[k] == "been":
        diagnosed = words[k + 1 : k + 3] == ["diagnosed", "with"]
        return k + 3 if diagnosed else None
    return None if words[k] in _NOT_AN_OBJECT else k


def _object_start(words: list[str], i: int) -> int | None:
    """Index of the first word after the verb of the "you" at ``words[i]`` ("you probably have
    | sciatica"), or ``None`` if no verb of having follows."""
    if words[i] == "you've":
        return _after_verb(words, i + 1)
    k = _skip_hedges(words, i + 1)
    verb = words[k] if k < len(words) else ""
    if words[i] == "you're" or verb == "are":
        k = _skip_hedges(words, k + 1 if verb == "are" else k)
        return k + 2 if words[k : k + 2] == ["suffering", "from"] else None
    if words[k : k + 2] == ["suffer", "from"]:
        return k + 2
    return _after_verb(words, k + 1) if verb in ("have", "got") else None


def _claim_end(sentence: str, tokens: list[re.Match[str]], words: list[str], i: int) -> int | None:
    """Where the claim made by the "you" at ``tokens[i]`` ends, or ``None`` if there is none."""
    k = _object_start(words, i)
    if k is None or k >= len(words) or words[k] in _STOP:
        return None
    end = k
    while end < len(words) and end - k < _MAX_OBJECT and words[end] not in _STOP:
        if end > k and _CLAUSE_BREAK.search(sentence, tokens[end - 1].end(), tokens[end].start()):
            break
        end += 1
    nouns = [w for w in words[k:end] if w not in _ARTICLES]
    if not nouns or nouns[0] in _NEGATION or nouns[0] in _NUMBERS or nouns[0].isdigit():
        return None  # "you have 2 sacroiliac joints": anatomy, not a condition
    if any(w in _CARE for w in nouns):
        return None
    return tokens[end - 1].end()


@functools.lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """"this is <name>" for any of ``names`` (built once per list of names: a thousand
    conditions make a long alternation, and every sentence of every outcome is matched)."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"\b(?:this|that|it){_ADVERB}\s*{_COPULA}{_ADVERB}\s+(?:an?\s+)?(?:{alternatives})\b",
        re.IGNORECASE,
    )


def _condition_claims(sentence: str, names: tuple[str, ...]) -> list[tuple[int, int]]:
    if not names:
        return []
    return [(m.start(), m.end()) for m in _names_pattern(names).finditer(sentence)]


def diagnosis_claims(text: str, *, conditions: Iterable[str] = ()) -> list[str]:
    """The phrases in ``text`` that tell the reader they have something, in text order.

    Each phrase runs from "you" (or "this"/"it"/"that") to the end of what the reader is said
    to have, as written (e.g. "You probably have hip arthritis"). ``conditions``: names of the
    site's conditions, which makes "this is sciatica" detectable too.
    """
    names = tuple(n.strip() for n in conditions if n.strip())
    norm = _norm(text)
    out: list[str] = []
    for sentence_match in _SENTENCE.finditer(norm):
        sentence = sentence_match.group(0)
        tokens = list(_TOKEN.finditer(sentence))
        words = [t.group(0).lower() for t in tokens]
        spans: list[tuple[int, int]] = []
        for i, word in enumerate(words):
            if word not in _YOU or _blocked(sentence, tokens, i):
                continue
            end = _claim_end(sentence, tokens, words, i)
            if end is not None:
                spans.append((tokens[i].start(), end))
        for start, end in _condition_claims(sentence, names):
            first = next(i for i, t in enumerate(tokens) if t.start() >= start)
            if not _blocked(sentence, tokens, first):
                spans.append((start, end))
        offset = sentence_match.start()
        out.extend(text[offset + a : offset + b] for a, b in sorted(spans))
    return out
