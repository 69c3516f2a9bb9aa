"""The Czech message catalogue is complete, and the portal really speaks Czech.

Czech is the portal's default language, so an untranslated or fuzzy entry shows English
(or, for a fuzzy one, nothing) to every user. The catalogues are read with a small parser
below, so the check needs neither gettext nor an extra package; the runtime checks need
the compiled .mo files, which `scripts/bootstrap` (`manage.py compilemessages`) builds.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, ngettext

from partners.validators import validate_ico

ROOT = Path(__file__).resolve().parent.parent
MAIN_CATALOGUE = ROOT / "locale" / "cs" / "LC_MESSAGES" / "django.po"
SKIP_DIRS = {".venv", "node_modules", ".git", "var", ".services"}
CZECH_PLURAL_FORMS = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"


def _cs_catalogues() -> list[Path]:
    """The project's catalogue and any app catalogue (e.g. search/locale)."""
    found = []
    for path in ROOT.rglob("locale/cs/LC_MESSAGES/django.po"):
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts):
            found.append(path)
    return sorted(found)


# --- A minimal .po reader -------------------------------------------------------------


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return f"line {self.line}: {context}{self.msgid!r}"

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.msgstr_plural[n] for n in sorted(self.msgstr_plural)]


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


def _unquote(literal: str) -> str:
    # A .po string is a C string; Python's literal syntax covers the escapes gettext
    # writes (\n, \t, \", \\).
    return ast.literal_eval(literal)


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """Return the header entry and the message entries; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int | None] | None = None

    def finish():
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            target = None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if current is not None and target is not None and target[0] == "msgstr":
                finish()
            flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            if keyword in ("msgctxt", "msgid") and (
                current is None or (target is not None and target[0] == "msgstr")
            ):
                finish()
                current = Entry(line=number, flags=flags)
                flags = set()
            assert current is not None, f"{path}:{number}: {keyword} outside an entry"
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index) if index is not None else None)
            else:
                target = (keyword, None)
            _append(current, target, _unquote(literal))
        elif line.startswith('"') and target is not None:
            assert current is not None
            _append(current, target, _unquote(line))
        else:
            raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    finish()
    assert entries and entries[0].msgid == "", f"{path}: the header entry is missing"
    return entries[0], entries[1:]


def _append(entry: Entry, target: tuple[str, int | None], text: str) -> None:
    keyword, index = target
    if keyword == "msgstr" and index is not None:
        entry.msgstr_plural[index] = entry.msgstr_plural.get(index, "") + text
    elif keyword == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    elif keyword == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    else:
        setattr(entry, keyword, getattr(entry, keyword) + text)


def _header_fields(header: Entry) -> dict[str, str]:
    fields = {}
    for line in header.msgstr.splitlines():
        name, _sep, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


_PLACEHOLDER = re.compile(r"%%|%\([a-z_]+\)[sd]|%[sd]")


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


# --- The catalogue --------------------------------------------------------------------


def test_the_project_catalogue_exists():
    assert MAIN_CATALOGUE.is_file()
    _header, entries = parse_po(MAIN_CATALOGUE)
    assert len(entries) > 100


@pytest.mark.parametrize("path", _cs_catalogues(), ids=lambda p: str(p.relative_to(ROOT).parts[0]))
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    header, entries = parse_po(path)
    assert "fuzzy" not in header.flags, f"{path}: the header is fuzzy, msgfmt would skip it"
    untranslated = [e.label for e in entries if not all(t.strip() for t in e.translations)]
    fuzzy = [e.label for e in entries if "fuzzy" in e.flags]
    assert untranslated == [], f"{path}: {len(untranslated)} untranslated entries"
    assert fuzzy == [], f"{path}: {len(fuzzy)} fuzzy entries"


# Not the code's messages: tests, browser tests, benchmarks and docs are in English only.
_NOT_TRANSLATED = {"tests", "e2e", "bench", "docs", "node_modules", "__pycache__", "media"}


def test_every_message_of_the_code_is_in_the_catalogue(tmp_path):
    """A string marked for translation but missing from the catalogue shows English to
    every Czech user, and the checks above cannot see it: makemessages, run over a copy of
    the project, must find nothing to add (no entry left untranslated or made fuzzy)."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns(*_NOT_TRANSLATED, *SKIP_DIRS, "*.mo", ".*")
    copy.mkdir()
    for path in ROOT.iterdir():
        if path.name in _NOT_TRANSLATED or path.name in SKIP_DIRS or path.name.startswith("."):
            continue
        if path.is_dir():
            shutil.copytree(path, copy / path.name, ignore=ignore)
        elif path.suffix in {".py", ".html", ".txt"}:
            shutil.copy2(path, copy / path.name)
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "makemessages", "-l", "cs", "-v", "0"],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for catalogue in sorted(copy.rglob("locale/cs/LC_MESSAGES/django.po")):
        _header, entries = parse_po(catalogue)
        missing = [
            e.msgid for e in entries if "fuzzy" in e.flags or not all(t for t in e.translations)
        ]
        assert missing == [], f"{catalogue.relative_to(copy)}: not translated: {missing[:20]}"


@pytest.mark.parametrize("path", _cs_catalogues(), ids=lambda p: str(p.relative_to(ROOT).parts[0]))
def test_translations_keep_the_placeholders(path):
    _header, entries = parse_po(path)
    broken = []
    for entry in entries:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        wanted = [_placeholders(source) for source in sources]
        for translated in entry.translations:
            # A plural form may leave out the count only where the source does too.
            if _placeholders(translated) not in wanted:
                broken.append(f"{entry.label} -> {translated!r}")
    assert broken == []


def test_the_header_declares_czech_with_three_plural_forms():
    header, entries = parse_po(MAIN_CATALOGUE)
    fields = _header_fields(header)
    assert fields["Language"] == "cs"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == CZECH_PLURAL_FORMS
    plurals = [e for e in entries if e.msgid_plural is not None]
    assert plurals, "the catalogue has no plural entry to check"
    for entry in plurals:
        assert sorted(entry.msgstr_plural) == [0, 1, 2], entry.label


def test_the_parser_reads_plurals_contexts_and_multiline_strings(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: cs\\n"\n\n'
        '#, python-format\nmsgid "%(counter)s item"\nmsgid_plural "%(counter)s items"\n'
        'msgstr[0] "%(counter)s položka"\nmsgstr[1] "%(counter)s položky"\n'
        'msgstr[2] ""\n\n'
        'msgctxt "kind"\nmsgid ""\n"Two "\n"lines"\nmsgstr "Dva "\n"řádky"\n\n'
        '#, fuzzy\nmsgid "Old"\nmsgstr "Starý"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Pryč"\n',
        encoding="utf-8",
    )
    header, entries = parse_po(po)
    assert _header_fields(header)["Language"] == "cs"
    assert [e.msgid for e in entries] == ["%(counter)s item", "Two lines", "Old"]
    assert entries[0].flags == {"python-format"}
    assert entries[0].translations == ["%(counter)s položka", "%(counter)s položky", ""]
    assert (entries[1].msgctxt, entries[1].msgstr) == ("kind", "Dva řádky")
    assert entries[2].flags == {"fuzzy"}


# --- At run time (needs the compiled .mo) ----------------------------------------------

COMPILE_HINT = "is the catalogue compiled? Run `manage.py compilemessages` (scripts/bootstrap)"


@pytest.mark.parametrize(
    ("english", "czech"),
    [
        ("Library", "Knihovna"),
        ("Referrals", "Předání"),
        ("Incoming referrals", "Přijatá předání"),
        ("Sent referrals", "Odeslaná předání"),
        ("Case-review group member", "Člen kazuistické skupiny"),
        ("Pathway stage", "Stupeň prostupného bydlení"),
        ("Case study", "Kazuistika"),
        ("Methodology", "Metodika"),
        ("Good practice", "Dobrá praxe"),
        ("Shelter", "Azylový dům"),
        ("Members only", "Jen pro členy"),
        ("Individual plan", "Individuální plán"),
        ("IČO must have exactly eight digits.", "IČO musí mít přesně osm číslic."),
    ],
)
def test_key_strings_are_czech(english, czech):
    with translation.override("cs"):
        assert gettext(english) == czech, COMPILE_HINT
    with translation.override("en"):
        assert gettext(english) == english


def test_czech_plural_forms_at_run_time():
    with translation.override("cs"):
        forms = [
            ngettext("%(counter)s item", "%(counter)s items", n) % {"counter": n}
            for n in (1, 3, 5, 0)
        ]
    assert forms == ["1 položka", "3 položky", "5 položek", "0 položek"], COMPILE_HINT


def _ico_error(value: str, language: str) -> tuple[str, str]:
    """The validator's code and message, rendered while `language` is active (the message
    is lazy: rendered outside the override it would follow whatever language an earlier
    test left active)."""
    with translation.override(language):
        with pytest.raises(ValidationError) as raised:
            validate_ico(value)
        error = raised.value.error_list[0]
        return error.code, str(error.message) % (error.params or {})


def test_the_ico_checksum_message_is_czech_and_names_the_ico():
    code, message = _ico_error("25596642", "cs")  # the check digit of 2559664 is 1, not 2
    assert code == "ico_checksum"
    assert message == "IČO 25596642 není platné: nesedí kontrolní číslice.", COMPILE_HINT


def test_the_ico_format_message_is_czech():
    code, message = _ico_error("1234", "cs")
    assert code == "ico_format"
    assert message == "IČO musí mít přesně osm číslic.", COMPILE_HINT


def test_the_ico_messages_stay_english_in_english():
    assert _ico_error("25596642", "en")[1] == (
        "IČO 25596642 is not valid: its check digit does not match."
    )


def test_django_catalogues_keep_their_own_plural_rule():
    # Django's cs catalogue declares four plural forms, ours three; each catalogue keeps
    # its own rule, so Django's strings (e.g. timesince) still decline correctly.
    with translation.override("cs"):
        assert gettext("January") == "leden"
        years = [ngettext("%(num)d year", "%(num)d years", n) % {"num": n} for n in (1, 3, 5)]
    assert years == ["1 rok", "3 roky", "5 let"]
