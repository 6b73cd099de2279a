"""How alike two claims are: the words a lookup searches for, and the score that ranks what it finds.

A lookup ("seen this claim before?") runs in two stages. First the full-text index (FTS5, BM25) finds
candidates that share words with the claim: any of its content words, each cut to a crude stem and
searched as a prefix ("sending" -> send*, "troops" -> troop*), so "Belarus will not send troops" finds
"Minsk did not send soldiers... troops". Then every candidate is re-scored by `combined_score`:

    score = FUZZ_WEIGHT * fuzz + (1 - FUZZ_WEIGHT) * lexical

where `fuzz` is the mean of rapidfuzz's token_set_ratio and token_sort_ratio, over 100 (word overlap
whatever the order: the first forgives one text holding the other plus more, the second keeps a one-word
text from matching every text that contains its word), taken as the best over the candidate's texts (its
normalised statement and its quote), and `lexical` is the candidate's BM25 relative to the best
candidate of the same lookup (1.0 for the best, toward 0 for weak matches). Both lie in 0..1, so the
score does too, and a score is comparable across candidates of one lookup (BM25 alone is not comparable
across lookups). Candidates scoring below MIN_SCORE (sharing a word or two and little else) are not shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, utils

# Words that say nothing about which claim a text is (English: the language of the sample corpus and of
# most published fact-checks); searching for them would make every claim a candidate.
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just may me might more most
    must my no nor not now of off on once only or other our ours out over own same say said says she
    should so some such than that the their theirs them then there these they this those through to too
    under until up upon very was we were what when where which while who whom why will with would you
    your yours""".split()
)
# Suffixes cut from a word before it is searched as a prefix, longest first; a stem keeps 4 letters.
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")
_MIN_STEM = 4
_WORD = re.compile(r"[^\W_]+")
# At most this many words are searched for: the rarest-looking (longest) ones of a long text.
MAX_TERMS = 12
# Chosen on the CheckThat! 2022 (subtask 2A English) dev set, not its test set: MAP@5 0.773 at 0.4,
# 0.785 at 0.6, 0.807 at 0.8, 0.795 at 0.9 (benchmarks/bench_similar.py).
FUZZ_WEIGHT = 0.8
MIN_SCORE = 0.3


def stem(word: str) -> str:
    """A crude stem of a lowercase word: enough to let "sending" find "send" and "troops" "troop"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def content_terms(text: str, limit: int = MAX_TERMS) -> list[str]:
    """The stems of a text's content words, without repeats, longest first (at most `limit`)."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.casefold()):
        if word in STOP_WORDS or (len(word) < 3 and not word.isdigit()):
            continue
        seen.setdefault(stem(word), None)
    return sorted(seen, key=len, reverse=True)[:limit]


def match_expression(text: str, limit: int = MAX_TERMS) -> str:
    """An FTS5 MATCH expression finding rows with any of the text's content words; "" if it has none."""
    return " OR ".join(f'"{term}"*' for term in content_terms(text, limit))


def fuzzy_similarity(query: str, candidates: Iterable[str]) -> float:
    """The best word-overlap similarity (0..1, see the module docstring) between the query and any of
    the candidate texts."""
    best = 0.0
    for candidate in candidates:
        if candidate:
            ratio = fuzz.token_set_ratio(query, candidate, processor=utils.default_process)
            ratio += fuzz.token_sort_ratio(query, candidate, processor=utils.default_process)
            best = max(best, ratio / 2)
    return best / 100.0


def lexical_similarity(bm25: float, best_bm25: float) -> float:
    """A BM25 score (FTS5's: negative, lower is better) relative to the best of its lookup, in 0..1."""
    if best_bm25 >= 0:
        return 0.0
    return max(0.0, min(1.0, bm25 / best_bm25))


def combined_score(fuzzy: float, lexical: float) -> float:
    """The ranking score of a candidate (see the module docstring), rounded for display."""
    return round(FUZZ_WEIGHT * fuzzy + (1 - FUZZ_WEIGHT) * lexical, 4)
