"""What the visitor typed, taken apart once for both backends.

The engine analyses text itself (Czech stemmer, accent folding, synonyms); the database
fallback has no Czech stemmer, so it gets folded words cut to a crude stem and searched as
prefixes, with the same synonym list expanded here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

SYNONYMS_FILE = Path(__file__).with_name("synonyms_cs.txt")
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')

# Folded Czech function words the fallback drops (the engine has its own stop list).
STOP_WORDS = frozenset(
    [
        "a",
        "aby",
        "ale",
        "ani",
        "at",
        "by",
        "co",
        "do",
        "i",
        "jak",
        "jako",
        "je",
        "jeho",
        "jej",
        "jejich",
        "k",
        "kde",
        "ke",
        "ktera",
        "ktere",
        "ktery",
        "kteri",
        "na",
        "nad",
        "nebo",
        "o",
        "od",
        "po",
        "pod",
        "pro",
        "proc",
        "pri",
        "s",
        "se",
        "si",
        "sve",
        "ta",
        "tak",
        "take",
        "te",
        "ten",
        "to",
        "u",
        "v",
        "ve",
        "z",
        "za",
        "ze",
    ]
)

# Case endings, longest first, after accent folding (after Dolamic's light Czech stemmer).
_SUFFIXES = sorted(
    [
        "atech",
        "etem",
        "atum",
        "ech",
        "ich",
        "eho",
        "emi",
        "emu",
        "ete",
        "eti",
        "iho",
        "imi",
        "imu",
        "ach",
        "ata",
        "aty",
        "ych",
        "ama",
        "ami",
        "ove",
        "ovi",
        "ymi",
        "em",
        "es",
        "im",
        "um",
        "at",
        "am",
        "os",
        "us",
        "ym",
        "mi",
        "ou",
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
    ],
    key=len,
    reverse=True,
)
_POSSESSIVES = ("ov", "in", "uv")


def fold(text: str) -> str:
    """Lower case without diacritics: "Tréninkové" -> "treninkove"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def light_stem(word: str) -> str:
    """Cut a folded Czech word to a stem for prefix search; short words stay whole."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    for suffix in _POSSESSIVES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the cleaned query as typed, quotes included
    terms: tuple[str, ...] = ()  # unquoted words, as typed
    phrases: tuple[tuple[str, ...], ...] = ()  # quoted phrases, each a tuple of words
    free_text: str = ""  # the unquoted part, as typed

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.phrases

    def all_words(self) -> list[str]:
        return list(self.terms) + [w for phrase in self.phrases for w in phrase]


def parse_query(raw: str | None) -> ParsedQuery:
    text = " ".join((raw or "").split())[:MAX_QUERY_LENGTH]
    phrases = []
    for match in _PHRASE.finditer(text):
        phrase = tuple(words(match.group(1)))
        if phrase:
            phrases.append(phrase[:MAX_TERMS])
    free_text = _PHRASE.sub(" ", text).replace('"', " ")
    terms = tuple(words(free_text))[:MAX_TERMS]
    return ParsedQuery(
        text=text,
        terms=terms,
        phrases=tuple(phrases),
        free_text=" ".join(free_text.split()),
    )


@dataclass(frozen=True)
class SynonymGroup:
    members: tuple[tuple[str, ...], ...]  # folded word sequences


@lru_cache(maxsize=1)
def synonym_lines() -> tuple[str, ...]:
    """The synonym file's rules, as the engine reads them."""
    lines = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return tuple(lines)


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[SynonymGroup, ...]:
    groups = []
    for line in synonym_lines():
        members = tuple(tuple(words(fold(member))) for member in line.split(",") if words(member))
        if len(members) > 1:
            groups.append(SynonymGroup(members=members))
    return tuple(groups)


@dataclass
class Alternatives:
    """One position of a fallback query: any of these word sequences must occur."""

    options: list[tuple[str, ...]] = field(default_factory=list)
    group: SynonymGroup | None = None  # the synonym group the options come from


def _stems(sequence) -> tuple[str, ...]:
    return tuple(light_stem(word) for word in sequence)


def expand_terms(folded_terms: list[str]) -> list[Alternatives]:
    """Group the folded query words into positions, replacing a synonym by its group.
    Words are compared by their stems, so "azylaku" meets the rule for "azylák"."""
    positions: list[Alternatives] = []
    i = 0
    candidates = sorted(
        ((_stems(member), group) for group in synonym_groups() for member in group.members),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    stems = _stems(folded_terms)
    while i < len(folded_terms):
        for member, group in candidates:
            if stems[i : i + len(member)] == member:
                positions.append(Alternatives(options=list(group.members), group=group))
                i += len(member)
                break
        else:
            positions.append(Alternatives(options=[(folded_terms[i],)]))
            i += 1
    return positions


def fallback_terms(parsed: ParsedQuery) -> list[Alternatives]:
    """Unquoted words for the database: folded, stop words dropped, synonyms expanded."""
    folded = [fold(t) for t in parsed.terms]
    kept = [t for t in folded if t not in STOP_WORDS and (len(t) > 1 or t.isdigit())]
    return expand_terms(kept)
