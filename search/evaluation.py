"""Offline relevance evaluation: top-1, top-3, MRR@10, nDCG@10 and zero-result queries over
a judged query set.

Used by tests/search/test_relevance.py and bench/search_relevance.py. A judgments file maps
each query to demo titles graded 2 (the answer) or 1 (also useful):
tests/search/relevance_cs.json (the first, easy set) and tests/search/relevance_hard_cs.json
(queries as users type them, split into a tuning and a held-out part). A judgment names its
reader: "member" (the set's user, who may see members-only items) or "public" (an anonymous
visitor), so a query whose best answer is members-only is judged once per reader.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import AnonymousUser

from .selectors import search_content

JUDGMENTS_DIR = Path(__file__).resolve().parent.parent / "tests/search"
DEFAULT_JUDGMENTS = JUDGMENTS_DIR / "relevance_cs.json"
HARD_JUDGMENTS = JUDGMENTS_DIR / "relevance_hard_cs.json"
K = 10
MEMBER = "member"
PUBLIC = "public"
SPLITS = ("tuning", "heldout")


@dataclass(frozen=True)
class Judgment:
    query: str
    relevant: dict[str, int]
    note: str = ""
    reader: str = MEMBER
    split: str = ""
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class JudgmentSet:
    username: str
    judgments: tuple[Judgment, ...]

    def part(self, split: str) -> JudgmentSet:
        return JudgmentSet(
            username=self.username,
            judgments=tuple(j for j in self.judgments if j.split == split),
        )


def load_judgments(path: Path | str = DEFAULT_JUDGMENTS) -> JudgmentSet:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    judgments = tuple(
        Judgment(
            query=q["query"],
            relevant=dict(q["relevant"]),
            note=q.get("note", ""),
            reader=q.get("reader", MEMBER),
            split=q.get("split", ""),
            kinds=tuple(q.get("kinds", ())),
        )
        for q in data["queries"]
    )
    return JudgmentSet(username=data.get("user", ""), judgments=judgments)


@dataclass
class QueryOutcome:
    judgment: Judgment
    backend: str
    found: list[str]  # titles, best first (top K)
    reciprocal_rank: float
    ndcg: float
    total: int = 0
    suggestion: str = ""

    @property
    def first_relevant_rank(self) -> int | None:
        return round(1 / self.reciprocal_rank) if self.reciprocal_rank else None

    @property
    def judged_in_top3(self) -> bool:
        return any(title in self.judgment.relevant for title in self.found[:3])

    @property
    def judged_first(self) -> bool:
        return bool(self.found) and self.found[0] in self.judgment.relevant


@dataclass
class Evaluation:
    backend: str
    outcomes: list[QueryOutcome] = field(default_factory=list)

    def _mean(self, values) -> float:
        values = list(values)
        return sum(values) / max(1, len(values))

    @property
    def mrr(self) -> float:
        return self._mean(o.reciprocal_rank for o in self.outcomes)

    @property
    def ndcg(self) -> float:
        return self._mean(o.ndcg for o in self.outcomes)

    @property
    def top3_share(self) -> float:
        return self._mean(o.judged_in_top3 for o in self.outcomes)

    @property
    def top1_share(self) -> float:
        return self._mean(o.judged_first for o in self.outcomes)

    @property
    def zero_results(self) -> int:
        return sum(1 for o in self.outcomes if not o.total)

    def figures(self) -> dict:
        return {
            "backend": self.backend,
            "queries": len(self.outcomes),
            "top1": round(self.top1_share, 4),
            "top3": round(self.top3_share, 4),
            "mrr_at_10": round(self.mrr, 4),
            "ndcg_at_10": round(self.ndcg, 4),
            "zero_results": self.zero_results,
        }


def reciprocal_rank(found: list[str], relevant: dict[str, int]) -> float:
    for rank, title in enumerate(found[:K], start=1):
        if relevant.get(title, 0) > 0:
            return 1 / rank
    return 0.0


def ndcg_at_k(found: list[str], relevant: dict[str, int], k: int = K) -> float:
    def dcg(grades: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))

    # a title listed twice (two programmes of one name) earns its grade once
    seen: set[str] = set()
    grades = []
    for title in found[:k]:
        grades.append(0 if title in seen else relevant.get(title, 0))
        seen.add(title)
    ideal = dcg(sorted(relevant.values(), reverse=True))
    return dcg(grades) / ideal if ideal else 0.0


def evaluate(judgment_set: JudgmentSet, user) -> Evaluation:
    """Run every query as its reader (`user` for "member", an anonymous visitor for
    "public") through the portal's search (whichever backend the settings select) and
    score the first K results."""
    evaluation = None
    for judgment in judgment_set.judgments:
        reader = AnonymousUser() if judgment.reader == PUBLIC else user
        results = search_content(reader, query=judgment.query, page_size=K)
        found = [hit.title for hit in results.hits]
        if evaluation is None:
            evaluation = Evaluation(backend=results.backend)
        evaluation.outcomes.append(
            QueryOutcome(
                judgment=judgment,
                backend=results.backend,
                found=found,
                reciprocal_rank=reciprocal_rank(found, judgment.relevant),
                ndcg=ndcg_at_k(found, judgment.relevant),
                total=results.total,
                suggestion=results.suggestion,
            )
        )
    return evaluation or Evaluation(backend="")


def report_lines(evaluation: Evaluation, label: str = "") -> list[str]:
    lines = [f"{'query':<45} {'reader':<6} {'first':>5} {'RR':>5} {'nDCG':>5}  top result"]
    for o in evaluation.outcomes:
        rank = o.first_relevant_rank
        lines.append(
            f"{o.judgment.query[:45]:<45} {o.judgment.reader:<6} {rank if rank else '-':>5} "
            f"{o.reciprocal_rank:5.2f} {o.ndcg:5.2f}  {(o.found or ['(nothing)'])[0][:60]}"
        )
    prefix = f"{evaluation.backend}{' ' + label if label else ''}"
    lines.append(
        f"{prefix}: top-1 {evaluation.top1_share:.1%}  top-3 {evaluation.top3_share:.1%}  "
        f"MRR@{K} {evaluation.mrr:.3f}  nDCG@{K} {evaluation.ndcg:.3f}  "
        f"zero results {evaluation.zero_results} of {len(evaluation.outcomes)} queries"
    )
    return lines
