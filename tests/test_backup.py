"""scripts/backup: referrals, their history and their files survive a backup and a
restore into a fresh database, on the real PostgreSQL with Debian's pg_dump/pg_restore."""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from referrals.models import Referral
from tests.referrals import conftest as referral_fixtures
from tests.referrals.conftest import S

# The referral fixtures live in tests/referrals/conftest.py, out of this module's reach.
case = referral_fixtures.case
programme = referral_fixtures.programme
private_media = referral_fixtures.private_media

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "backup"


def pg_tools_available() -> bool:
    return bool(shutil.which("pg_dump")) or any(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))


pytestmark = pytest.mark.skipif(not pg_tools_available(), reason="postgresql-client missing")


def url_for(database: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url_for("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(url_for("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_script(*args, database: str, media: Path, private: Path):
    env = {
        **os.environ,
        "DATABASE_URL": url_for(database),
        "MEDIA_ROOT": str(media),
        "PRIVATE_MEDIA_ROOT": str(private),
    }
    result = subprocess.run(  # noqa: S603 - our own script with fixed arguments
        [str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "secret" not in result.stderr.lower()
    return result


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrated_data_restored")
def test_backup_and_restore_into_a_fresh_database_keeps_referrals_and_history(
    case, tmp_path, fresh_database
):
    referrals = [case.make(S.DRAFT), case.make(S.ACCEPTED), case.make(S.CLOSED)]
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    (media / "images").mkdir(exist_ok=True)
    (media / "images" / "logo.txt").write_text("obrázek")
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    private_files = files_under(private)
    assert private_files, "the consent forms should be stored as private files"

    expected = {str(r.pk): r.status for r in Referral.objects.all()}
    history_rows = {
        str(r.pk): r.history.count()
        for r in Referral.objects.filter(pk__in=[x.pk for x in referrals])
    }
    assert history_rows[str(referrals[-1].pk)] > 1

    backup_dir = tmp_path / "zaloha"
    run_script(
        "backup",
        str(backup_dir),
        database=connection.settings_dict["NAME"],
        media=media,
        private=private,
    )
    manifest = (backup_dir / "manifest.txt").read_text()
    assert "format=portal-backup-1" in manifest
    assert "database.dump" in manifest and "private.tar.gz" in manifest
    assert connection.settings_dict.get("PASSWORD", "") in ("", None) or (
        connection.settings_dict["PASSWORD"] not in manifest
    )
    assert oct(backup_dir.joinpath("database.dump").stat().st_mode & 0o777) == "0o600"

    restored_media = tmp_path / "restored-media"
    restored_private = tmp_path / "restored-private"
    restored_private.mkdir()
    (restored_private / "stale.txt").write_text("not in the backup")
    run_script(
        "restore",
        str(backup_dir),
        "--yes",
        database=fresh_database,
        media=restored_media,
        private=restored_private,
    )

    with psycopg.connect(url_for(fresh_database)) as restored:
        rows = restored.execute("SELECT id::text, status FROM referrals_referral").fetchall()
        assert dict(rows) == expected
        for pk, count in history_rows.items():
            found = restored.execute(
                "SELECT count(*) FROM referrals_historicalreferral WHERE id::text = %s", [pk]
            ).fetchone()[0]
            assert found == count
        clients = restored.execute("SELECT count(*) FROM referrals_client").fetchone()[0]
        assert clients == 1
    assert files_under(restored_private) == private_files
    assert files_under(restored_media) == {"images/logo.txt": "obrázek".encode()}


def test_restore_refuses_without_confirmation_and_a_damaged_backup(tmp_path):
    backup_dir = tmp_path / "zaloha"
    backup_dir.mkdir()
    env = {**os.environ, "DATABASE_URL": url_for("nonexistent")}
    (backup_dir / "manifest.txt").write_text(
        "format=portal-backup-1\nfiles:\n"
        + "\n".join(
            f"{'0' * 64}  {name}" for name in ("database.dump", "media.tar.gz", "private.tar.gz")
        )
        + "\n"
    )
    for name in ("database.dump", "media.tar.gz", "private.tar.gz"):
        (backup_dir / name).write_bytes(b"x")
    damaged = subprocess.run(  # noqa: S603
        [str(SCRIPT), "restore", str(backup_dir), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert damaged.returncode != 0
    assert "damaged" in damaged.stderr


def test_backup_refuses_a_non_postgres_database(tmp_path):
    env = {**os.environ, "DATABASE_URL": "sqlite:///db.sqlite3"}
    result = subprocess.run(  # noqa: S603
        [str(SCRIPT), "backup", str(tmp_path / "x")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr
