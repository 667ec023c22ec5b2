"""The article-extraction-benchmark body metric: 4-token shingles, multiset overlap.

Written out rather than imported because the benchmark ships it as a script, not a package;
the definition follows its ``evaluate.py`` (see the corpus README).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class Overlap:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def overlap(prediction: str, truth: str) -> Overlap:
    pred, gold = shingles(prediction), shingles(truth)
    tp = sum((pred & gold).values())
    fp = sum(pred.values()) - tp
    fn = sum(gold.values()) - tp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return Overlap(precision, recall)


def exact(prediction: str, truth: str) -> bool:
    return _TOKEN.findall(prediction or "") == _TOKEN.findall(truth or "")


def corpus_scores(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Corpus means as the benchmark defines them: precision over non-empty predictions only."""
    scores = [overlap(p, t) for p, t in pairs]
    nonempty = [s.precision for (p, _), s in zip(pairs, scores, strict=True) if p.strip()]
    precision = sum(nonempty) / len(nonempty) if nonempty else 0.0
    recall = sum(s.recall for s in scores) / len(scores) if scores else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(exact(p, t) for p, t in pairs) / len(pairs) if pairs else 0.0
    return {"f1": f1, "precision": precision, "recall": recall, "accuracy": accuracy}
