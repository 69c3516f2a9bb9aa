"""Offline relevance evaluation: MRR and nDCG@10 over a judged query set.

Used by tests/search/test_relevance.py and bench/search_relevance.py. The judgments file
(tests/search/relevance_cs.json) maps each query to demo titles graded 2 (the answer) or
1 (also useful).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from .selectors import search_content

DEFAULT_JUDGMENTS = Path(__file__).resolve().parent.parent / "tests/search/relevance_cs.json"
K = 10


@dataclass(frozen=True)
class Judgment:
    query: str
    relevant: dict[str, int]
    note: str = ""


@dataclass(frozen=True)
class JudgmentSet:
    username: str
    judgments: tuple[Judgment, ...]


def load_judgments(path: Path | str = DEFAULT_JUDGMENTS) -> JudgmentSet:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    judgments = tuple(
        Judgment(query=q["query"], relevant=dict(q["relevant"]), note=q.get("note", ""))
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

    @property
    def first_relevant_rank(self) -> int | None:
        return round(1 / self.reciprocal_rank) if self.reciprocal_rank else None

    @property
    def judged_in_top3(self) -> bool:
        return any(title in self.judgment.relevant for title in self.found[:3])


@dataclass
class Evaluation:
    backend: str
    outcomes: list[QueryOutcome] = field(default_factory=list)

    @property
    def mrr(self) -> float:
        return sum(o.reciprocal_rank for o in self.outcomes) / max(1, len(self.outcomes))

    @property
    def ndcg(self) -> float:
        return sum(o.ndcg for o in self.outcomes) / max(1, len(self.outcomes))

    @property
    def top3_share(self) -> float:
        return sum(o.judged_in_top3 for o in self.outcomes) / max(1, len(self.outcomes))


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
    """Run every query as `user` through the portal's search (whichever backend the
    settings select) and score the first K results."""
    evaluation = None
    for judgment in judgment_set.judgments:
        results = search_content(user, query=judgment.query, page_size=K)
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
            )
        )
    return evaluation or Evaluation(backend="")


def report_lines(evaluation: Evaluation) -> list[str]:
    lines = [f"{'query':<45} {'first':>5} {'RR':>5} {'nDCG':>5}  top result"]
    for o in evaluation.outcomes:
        rank = o.first_relevant_rank
        lines.append(
            f"{o.judgment.query[:45]:<45} {rank if rank else '-':>5} "
            f"{o.reciprocal_rank:5.2f} {o.ndcg:5.2f}  {(o.found or ['(nothing)'])[0][:60]}"
        )
    lines.append(
        f"{evaluation.backend}: MRR {evaluation.mrr:.3f}  nDCG@{K} {evaluation.ndcg:.3f}  "
        f"judged item in top 3: {evaluation.top3_share:.0%} of {len(evaluation.outcomes)} queries"
    )
    return lines
