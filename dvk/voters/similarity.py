"""Suggestions of repeated petitions across meetings: folded-text character trigrams compared by
Jaccard similarity. Suggestions only: a person confirms each one (services.mark_repeat); nothing
is ever merged automatically."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dvk.core.text import fold

THRESHOLD = 0.45
# Words too common in petitions to say that two of them are about the same thing.
STOP = frozenset(
    "cu tri kien nghi de nghi cac cap nganh co tham quyen quan tam xem xet giai quyet cho nhan dan "
    "va cua la de trong tai tren duoc nay voi nhung mot so viec khong da dang se can".split()
)


def trigrams(text: str) -> frozenset[str]:
    words = [w for w in fold(text).replace(",", " ").replace(".", " ").split() if w not in STOP]
    joined = " ".join(words)
    padded = f"  {joined} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Suggestion:
    first: int  # the earlier petition's id (the group's head)
    second: int
    score: float


def suggest(
    items: Sequence[tuple[int, str]], threshold: float = THRESHOLD, limit: int = 200
) -> list[Suggestion]:
    """Pairs of (id, text) whose similarity reaches `threshold`, best first. Candidates are found
    through an inverted index of rarer trigrams, so a session of a few thousand rows stays fast."""
    grams = {pk: trigrams(text) for pk, text in items}
    index: dict[str, list[int]] = defaultdict(list)
    for pk, gs in grams.items():
        for g in gs:
            index[g].append(pk)
    cap = max(20, len(items) // 20)  # trigrams in more rows than this say little (and cost most)
    pairs: set[tuple[int, int]] = set()
    for ids in index.values():
        if len(ids) > cap:
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs.add((a, b) if a < b else (b, a))
    out = []
    for a, b in pairs:
        score = jaccard(grams[a], grams[b])
        if score >= threshold:
            out.append(Suggestion(a, b, round(score, 3)))
    out.sort(key=lambda s: (-s.score, s.first, s.second))
    return out[:limit]


def best_match(
    text: str, candidates: Iterable[tuple[int, str]], threshold: float = THRESHOLD
) -> tuple[int, float] | None:
    mine = trigrams(text)
    best: tuple[int, float] | None = None
    for pk, other in candidates:
        score = jaccard(mine, trigrams(other))
        if score >= threshold and (best is None or score > best[1]):
            best = (pk, score)
    return best
