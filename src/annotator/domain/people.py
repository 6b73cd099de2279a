"""Rules about people and organisations: which two look like one person spelt two ways."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, utils

from annotator.domain.models import Actor

# "Alexander Lukashenko" / "Alexander Lukashenka" score 95, "Sergei" / "Sergey Lavrov" 92; different
# people with a shared first name stay well below. Conservative on purpose: this only offers a merge.
SAME_PERSON_SCORE = 85.0


def _names(actor: Actor) -> list[str]:
    return [actor.name, *actor.aliases]


def similarity(first: Actor, second: Actor) -> float:
    """The best spelling match between any name or alias of one and any of the other (0 to 100)."""
    return max(
        fuzz.ratio(a, b, processor=utils.default_process) for a in _names(first) for b in _names(second)
    )


def likely_duplicates(
    actors: Sequence[Actor], among: Sequence[Actor] | None = None
) -> list[tuple[Actor, Actor, float]]:
    """Pairs that look like one person spelt two ways, best match first. With `among`, only pairs of
    one of `among` (say, the people a merge just brought in) with one of `actors`."""
    candidates = among if among is not None else actors
    seen: set[frozenset[str]] = set()
    pairs = []
    for new in candidates:
        for old in actors:
            key = frozenset((new.id, old.id))
            if new.id == old.id or new.kind != old.kind or key in seen:
                continue
            seen.add(key)
            score = similarity(new, old)
            if score >= SAME_PERSON_SCORE:
                # Among `among`, the newcomer comes second; otherwise the pair is in name order.
                if among is None and new.name.casefold() < old.name.casefold():
                    old, new = new, old
                pairs.append((old, new, score))
    pairs.sort(key=lambda pair: (-pair[2], pair[0].name.casefold(), pair[1].name.casefold()))
    return pairs
