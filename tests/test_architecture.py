"""The import contracts of pyproject.toml ([tool.importlinter]) hold on the tree as it is
and catch a forbidden import: the root packages' Python files are copied to a temporary
folder, a probe module with one forbidden import is added, and `lint-imports` must fail
and name the contract it breaks, and only that one."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
CONTRACTS = {contract["id"]: contract["name"] for contract in CONFIG["contracts"]}


def lint_imports_executable() -> str:
    beside = Path(sys.executable).with_name("lint-imports")
    return str(beside) if beside.exists() else shutil.which("lint-imports")


def copy_of_the_project(tmp_path: Path) -> Path:
    """pyproject.toml and the .py files of the root packages, nothing else."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for package in CONFIG["root_packages"]:
        for source in (ROOT / package).rglob("*.py"):
            target = tmp_path / source.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return tmp_path


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the venv's lint-imports on our own copy
        [lint_imports_executable(), "--config", str(project / "pyproject.toml"), "--no-cache"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def verdicts(output: str) -> dict[str, str]:
    """Contract id -> KEPT or BROKEN, from the report's one line per contract (long names
    wrap over two lines there)."""
    flat = " ".join(output.split())
    return {
        contract_id: verdict
        for contract_id, name in CONTRACTS.items()
        for verdict in ("KEPT", "BROKEN")
        if f"{name} {verdict}" in flat
    }


def test_the_tree_keeps_every_contract(tmp_path):
    result = lint_imports(copy_of_the_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert verdicts(result.stdout) == dict.fromkeys(CONTRACTS, "KEPT")


@pytest.mark.parametrize(
    "module,source,broken",
    [
        # partners stands below referrals
        ("partners/_probe.py", "import referrals.models\n", "layers"),
        # allocation may use referrals, but not its views
        ("allocation/_probe.py", "import referrals.views\n", "referrals-internals"),
        ("outcomes/_probe.py", "from knowledge import forms\n", "knowledge-internals"),
        # search reads the apps; none reads search
        ("allocation/_probe.py", "from search import selectors\n", "search-internals"),
    ],
    ids=["import-upward", "other-apps-views", "other-apps-forms", "reading-search"],
)
def test_a_forbidden_import_breaks_its_contract(tmp_path, module, source, broken):
    project = copy_of_the_project(tmp_path)
    (project / module).write_text(source)
    result = lint_imports(project)
    assert result.returncode != 0, result.stdout
    assert module.replace("/", ".").removesuffix(".py") in result.stdout
    expected = dict.fromkeys(CONTRACTS, "KEPT") | {broken: "BROKEN"}
    assert verdicts(result.stdout) == expected, result.stdout
