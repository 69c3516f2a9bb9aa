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

# Lucene's Czech stop words (the engine's `_czech_` list), as the engine's analysers drop
# them from text and from glossary terms.
CZECH_STOP_WORDS = frozenset(
    """
    a s k o i u v z dnes cz tímto budeš budem byli jseš můj svým ta tomto tohle tuto tyto jej
    zda proč máte tato kam tohoto kdo kteří mi nám tom tomuto mít nic proto kterou byla toho
    protože asi ho naši napište re což tím takže svých její svými jste aj tu tedy teto bylo
    kde ke pravé ji nad nejsou či pod téma mezi přes ty pak vám ani když však neg jsem tento
    článku články aby jsme před pta jejich byl ještě až bez také pouze první vaše která nás
    nový tipy pokud může strana jeho své jiné zprávy nové není vás jen podle zde už být více
    bude již než který by které co nebo ten tak má při od po jsou jak další ale si se ve to
    jako za zpět ze do pro je na atd atp jakmile přičemž já on ona ono oni ony my vy jí ji mě
    mne jemu tomu těm těmu němu němuž jehož jíž jelikož jež jakož načež
    """.split()  # noqa: SIM905 - a word list as the engine's file has it
)
# Words of a typed question that no document answers with ("kolik stojí kauce", "co dělat
# když ..."), folded.
QUESTION_WORDS = frozenset(
    """
    kolik kdy jaky jaka jake jakou jakeho jaci muzu muzeme mam mame mate chci chceme
    potrebuji potrebujeme hledam hledame delat udelat lze najdu
    """.split()  # noqa: SIM905
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


# Folded words that carry no meaning in a query, for both backends: the engine's stop words
# typed without diacritics ("kdyz", "muze" pass its analysers), the fallback's function
# words and question words. "byt" (folded "být") is a flat here, so it stays.
STOP_WORDS = (
    frozenset(fold(word) for word in CZECH_STOP_WORDS)
    | frozenset(
        """
        a aby ale ani at by co do i jak jako je jeho jej jejich k kde ke ktera ktere ktery
        kteri na nad nebo o od po pod pro proc pri s se si sve ta tak take te ten to u v ve z
        za ze
        """.split()  # noqa: SIM905
    )
    | QUESTION_WORDS
) - {"byt"}


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


def content_terms(parsed: ParsedQuery) -> list[str]:
    """The unquoted words that carry meaning, as typed: stop and question words dropped
    (typed with or without diacritics), unless nothing else is left."""
    kept = [t for t in parsed.terms if fold(t) not in STOP_WORDS and (len(t) > 1 or t.isdigit())]
    return kept or list(parsed.terms)


# --- the glossary ----------------------------------------------------------------------


@dataclass(frozen=True)
class SynonymGroup:
    members: tuple[tuple[str, ...], ...]  # folded word sequences, as written

    @property
    def query_forms(self) -> tuple[tuple[str, ...], ...]:
        """The members as a query meets them: stop words dropped (the query loses them
        too), members reduced to nothing left out."""
        forms = []
        for member in self.members:
            form = _without_stop_words(member)
            if form:
                forms.append(form)
        return tuple(forms)


def _without_stop_words(member: tuple[str, ...]) -> tuple[str, ...]:
    """A term without its stop words; () when a term of several words would be left with
    one word (or none): "bez práce" is not "práce"."""
    kept = tuple(w for w in member if fold(w) not in STOP_WORDS)
    if not kept or (len(member) > 1 and len(kept) < 2):
        return ()
    return kept


def _glossary_lines() -> list[str]:
    lines = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


@lru_cache(maxsize=1)
def synonym_lines() -> tuple[str, ...]:
    """The glossary's groups as the engine's synonym filter reads them. The engine drops
    stop words before the filter, so a term keeps only its other words ("příspěvek na
    bydlení" -> "příspěvek bydlení"), and a term that would shrink to one common word
    ("bez práce") or to nothing is left out; a group needs two terms left."""
    rules = []
    for line in _glossary_lines():
        terms = []
        for member in line.split(","):
            member_words = tuple(w.lower() for w in words(member))
            kept = tuple(w for w in member_words if w not in CZECH_STOP_WORDS)
            if not kept or (len(member_words) > 1 and len(kept) < 2):
                continue
            term = " ".join(kept)
            if term not in terms:
                terms.append(term)
        if len(terms) > 1:
            rules.append(", ".join(terms))
    return tuple(rules)


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[SynonymGroup, ...]:
    """The glossary's groups for the database fallback, members folded and whole."""
    groups = []
    for line in _glossary_lines():
        members = []
        for member in line.split(","):
            sequence = tuple(words(fold(member)))
            if sequence and sequence not in members:
                members.append(sequence)
        if len(members) > 1:
            groups.append(SynonymGroup(members=tuple(members)))
    return tuple(groups)


@lru_cache(maxsize=1)
def glossary_version() -> str:
    """A fingerprint of the glossary as both backends use it: an index built with another
    fingerprint is rebuilt (search.glossary)."""
    import hashlib

    text = "\n".join(synonym_lines()) + "\n--\n"
    text += "\n".join("|".join(" ".join(m) for m in g.members) for g in synonym_groups())
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class Alternatives:
    """One position of a fallback query: any of these word sequences must occur."""

    options: list[tuple[str, ...]] = field(default_factory=list)
    group: SynonymGroup | None = None  # the synonym group the options come from
    words: tuple[str, ...] = ()  # the folded query words of this position


def _stems(sequence) -> tuple[str, ...]:
    return tuple(light_stem(word) for word in sequence)


@lru_cache(maxsize=1)
def _synonym_candidates() -> tuple[tuple[tuple[str, ...], SynonymGroup], ...]:
    pairs = [(_stems(form), group) for group in synonym_groups() for form in group.query_forms]
    return tuple(sorted(pairs, key=lambda pair: len(pair[0]), reverse=True))


def expand_terms(folded_terms: list[str]) -> list[Alternatives]:
    """Group the folded query words into positions, replacing a synonym by its group.
    Words are compared by their stems, so "azylaku" meets the rule for "azylák"; the
    longest term wins ("dluh u dodavatele energií" before "dluh")."""
    positions: list[Alternatives] = []
    i = 0
    stems = _stems(folded_terms)
    while i < len(folded_terms):
        for member, group in _synonym_candidates():
            if stems[i : i + len(member)] == member:
                positions.append(
                    Alternatives(
                        options=list(group.members),
                        group=group,
                        words=tuple(folded_terms[i : i + len(member)]),
                    )
                )
                i += len(member)
                break
        else:
            positions.append(Alternatives(options=[(folded_terms[i],)], words=(folded_terms[i],)))
            i += 1
    return positions


def fallback_terms(parsed: ParsedQuery) -> list[Alternatives]:
    """Unquoted words for the database: folded, stop words dropped, synonyms expanded."""
    return expand_terms([fold(t) for t in content_terms(parsed)])
