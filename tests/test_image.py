"""The production image gets every app: the Dockerfile copies the project as a whole and
.dockerignore leaves out no app (INSTALLED_APPS of the production settings), no package
that pyproject installs, and none of templates, static, locale, manage.py; the build
steps give the production settings what they require.

.dockerignore is read by Docker's own rules (moby's patternmatcher, which `docker build`
uses): a pattern is relative to the context's root, `*` and `?` stop at a slash, `**`
spans directories, a pattern that matches a directory excludes what is in it, and the
last matching line (`!` makes it an exception) decides."""

import fnmatch
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
# Needed besides the apps: `pip install .` reads these two; the rest serves pages.
ASSETS = ["templates", "static", "locale", "manage.py", "pyproject.toml", "README.md"]
# Made in the image or by Python, never part of what must be copied.
GENERATED = re.compile(r"(^|/)__pycache__(/|$)|\.(pyc|mo)$")

# --- Docker's rules -----------------------------------------------------------------------


def dockerignore_patterns(text: str) -> list[tuple[str, bool]]:
    """(pattern, is_exception) per line, cleaned as `docker build` cleans them."""
    patterns = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        if exception:
            line = line[1:].strip()
        if line:
            line = os.path.normpath(line).replace(os.sep, "/").lstrip("/") or "."
        patterns.append((line, exception))
    return patterns


def pattern_regex(pattern: str) -> re.Pattern:
    """Go's filepath.Match with `**`, as moby's patternmatcher compiles it."""
    out, i = "^", 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                i += 1  # `**/` is `**`
            out += ".*" if i == len(pattern) else "(.*/)?"
            continue
        if char == "*":
            out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            out += re.escape(pattern[i])
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                raise ValueError(f"unclosed character class in {pattern!r}")
            out += pattern[i : end + 1]  # Go's classes read as a regex's, `^` negates
            i = end
        else:
            out += re.escape(char)
        i += 1
    return re.compile(out + "$")


def is_excluded(path: str, patterns: list[tuple[str, bool]]) -> bool:
    """Whether a file (relative, with slashes) stays out of the build context: a pattern
    counts when it matches the path or one of its parent directories."""
    parents = path.split("/")[:-1]
    excluded = False
    for pattern, exception in patterns:
        if exception != excluded:
            continue  # cannot change the outcome so far
        regex = pattern_regex(pattern)
        if regex.match(path) or any(
            regex.match("/".join(parents[: depth + 1])) for depth in range(len(parents))
        ):
            excluded = not exception
    return excluded


# --- What the image needs -----------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def build_step_environment() -> dict[str, str]:
    """What the RUN step that calls manage.py sets (`export NAME=value` or `NAME=value`
    before a command), on top of the image's ENV."""
    env = {}
    for keyword, rest in dockerfile_instructions():
        if keyword == "ENV":
            env.update(word.split("=", 1) for word in shlex.split(rest) if "=" in word)
        elif keyword == "RUN" and "manage.py" in rest:
            for command in rest.split("&&"):
                words = shlex.split(command)
                if words[:1] == ["export"]:
                    words = words[1:]
                for word in words:
                    if not ASSIGNMENT.match(word):
                        break
                    env.update([word.split("=", 1)])
    return env


def production_settings(*names: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    script = (
        "import json, importlib; s = importlib.import_module('portal.settings.production');"
        f"print(json.dumps([getattr(s, n) for n in {list(names)!r}]))"
    )
    return subprocess.run(  # noqa: S603 - our own settings module, fixed arguments
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def required_paths() -> list[str]:
    """The project's apps in the production INSTALLED_APPS, the packages pyproject
    installs, and the assets."""
    result = production_settings("INSTALLED_APPS", env=build_step_environment())
    assert result.returncode == 0, result.stderr
    (installed_apps,) = json.loads(result.stdout.strip().splitlines()[-1])
    apps = {app.split(".")[0] for app in installed_apps}
    local_apps = {app for app in apps if (ROOT / app / "__init__.py").is_file()}
    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = {
        path.name
        for path in ROOT.iterdir()
        if (path / "__init__.py").is_file()
        and any(
            fnmatch.fnmatchcase(path.name, pattern)
            for pattern in find["packages"]["find"]["include"]
        )
    }
    return sorted(local_apps | packages) + ASSETS


def files_under(name: str) -> list[str]:
    path = ROOT / name
    if path.is_file():
        return [name]
    files = (p.relative_to(ROOT).as_posix() for p in path.rglob("*") if p.is_file())
    return sorted(f for f in files if not GENERATED.search(f))


def left_out(dockerignore: str, required: list[str]) -> list[str]:
    """The needed files a .dockerignore with this text keeps out of the build context,
    and needed paths that hold no file at all."""
    patterns = dockerignore_patterns(dockerignore)
    missing = []
    for name in required:
        files = files_under(name)
        missing += [f for f in files if is_excluded(f, patterns)] or ([] if files else [name])
    return missing


@pytest.fixture(scope="module")
def required() -> list[str]:
    return required_paths()


# --- The image ------------------------------------------------------------------------------


def test_dockerfile_copies_the_project_as_a_whole():
    copies = [rest.split() for keyword, rest in dockerfile_instructions() if keyword == "COPY"]
    assert any(args[:-1] == ["."] and args[-1] in {".", "./", "/app", "/app/"} for args in copies)


def test_every_app_package_and_asset_is_in_the_build_context(required):
    assert {"core", "allocation", "outcomes", "portal", "templates", "manage.py"} <= set(required)
    assert "bench" not in required  # the benchmark's app is installed by the test settings only
    assert left_out(DOCKERIGNORE.read_text(), required) == []


@pytest.mark.parametrize(
    "line,lost",
    [
        ("allocation", "allocation/views.py"),
        ("outcomes/migrations", "outcomes/migrations/0001_initial.py"),
        ("**/templates", "templates/base.html"),
        ("core*", "core/uploads/__init__.py"),
        ("*.py", "manage.py"),
        ("locale/**/*.po", "locale/cs/LC_MESSAGES/django.po"),
    ],
)
def test_a_dockerignore_that_leaves_out_something_needed_fails(tmp_path, required, line, lost):
    dockerignore = tmp_path / ".dockerignore"
    dockerignore.write_text(DOCKERIGNORE.read_text() + f"\n{line}\n")
    assert lost in left_out(dockerignore.read_text(), required)


def test_an_exception_brings_back_what_an_earlier_line_left_out(required):
    text = DOCKERIGNORE.read_text() + "\nreferrals\n!referrals\n"
    assert left_out(text, required) == []


def test_build_steps_give_the_production_settings_what_they_require():
    result = production_settings("DEBUG", env=build_step_environment())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [False]


# --- The matcher follows Docker's documented examples --------------------------------------


@pytest.mark.parametrize(
    "lines,path,excluded",
    [
        # a bare name is at the top of the context only; a leading slash changes nothing
        ("node_modules", "node_modules/x.js", True),
        ("node_modules", "e2e/node_modules/x.js", False),
        ("**/node_modules", "e2e/node_modules/x.js", True),
        ("/foo/bar", "foo/bar", True),
        # `*` and `?` do not cross a slash
        ("*/temp*", "somedir/temporary.txt", True),
        ("*/temp*", "somedir/sub/temporary.txt", False),
        ("*/*/temp*", "somedir/subdir/temporary.txt", True),
        ("temp?", "tempa", True),
        ("temp?", "tempab", False),
        ("*.md", "docs/x.md", False),
        ("**/*.go", "a/b/c.go", True),
        ("**/*.go", "c.go", True),
        ("[a-c]x", "bx", True),
        ("[^a-c]x", "bx", False),
        # a matched directory takes its content along
        ("tests", "tests/uploads/files.py", True),
        # the last matching line decides
        ("*.md\n!README*.md", "README.md", False),
        ("*.md\n!README*.md\nREADME-secret.md", "README-secret.md", True),
        ("!README.md\n*.md", "README.md", True),
    ],
)
def test_dockerignore_matching_follows_docker(lines, path, excluded):
    assert is_excluded(path, dockerignore_patterns(lines)) is excluded
