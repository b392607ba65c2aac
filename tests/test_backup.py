"""scripts/backup.sh and scripts/restore.sh: a backup restored into an empty database and empty
folders gives back the offers with their files; a damaged backup or a non-empty target is refused
before anything changes."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
BACKUP = ROOT / "scripts" / "backup.sh"
RESTORE = ROOT / "scripts" / "restore.sh"


def run(script, *args, database_url, media_root, private_media_root, check=True):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "SECRET_KEY": "backup-test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "PRIVATE_MEDIA_ROOT": str(private_media_root),
    }
    result = subprocess.run(  # noqa: S603
        ["bash", str(script), *map(str, args)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_the_scripts_document_their_usage():
    for script in (BACKUP, RESTORE):
        text = script.read_text()
        assert "set -euo pipefail" in text
        result = subprocess.run(["bash", str(script), "--help"], capture_output=True, text=True)  # noqa: S603,S607
        assert result.returncode == 0
        assert "Usage:" in result.stdout


@pytest.fixture
def sqlite_site(tmp_path):
    """A small SQLite database and two media folders with one file each."""
    database = tmp_path / "site.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE offer (id INTEGER PRIMARY KEY, title TEXT)")
        db.execute("INSERT INTO offer VALUES (7, 'Lato na Pradze')")
    media, private = tmp_path / "media", tmp_path / "private"
    (media / "images").mkdir(parents=True)
    (media / "images" / "logo.png").write_bytes(b"\x89PNG logo")
    (private / "offers").mkdir(parents=True)
    (private / "offers" / "statut.pdf").write_bytes(b"%PDF-1.4 statut")
    return {"database_url": f"sqlite:///{database}", "media_root": media, "private_media_root": private}


def test_a_sqlite_backup_restores_the_rows_and_the_files(tmp_path, sqlite_site):
    folder = Path(run(BACKUP, tmp_path / "backups", **sqlite_site).stdout.strip())
    assert folder.name.startswith("portal-")
    assert sorted(p.name for p in folder.iterdir()) == [
        "SHA256SUMS",
        "database.sqlite3",
        "media.tar.gz",
        "private-media.tar.gz",
    ]
    assert oct(folder.stat().st_mode & 0o777) == "0o700"

    target = tmp_path / "restored"
    run(
        RESTORE,
        folder,
        database_url=f"sqlite:///{target / 'site.sqlite3'}",
        media_root=target / "media",
        private_media_root=target / "private",
    )
    with sqlite3.connect(target / "site.sqlite3") as db:
        assert db.execute("SELECT title FROM offer WHERE id = 7").fetchone() == ("Lato na Pradze",)
    assert (target / "private" / "offers" / "statut.pdf").read_bytes() == b"%PDF-1.4 statut"
    assert (target / "media" / "images" / "logo.png").read_bytes() == b"\x89PNG logo"


def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path, sqlite_site):
    folder = Path(run(BACKUP, tmp_path / "backups", **sqlite_site).stdout.strip())
    archive = folder / "private-media.tar.gz"
    archive.write_bytes(archive.read_bytes()[:-10] + b"0123456789")
    target = tmp_path / "restored"
    result = run(
        RESTORE,
        folder,
        database_url=f"sqlite:///{target / 'site.sqlite3'}",
        media_root=target / "media",
        private_media_root=target / "private",
        check=False,
    )
    assert result.returncode != 0
    assert "checksums do not match" in result.stderr
    assert not target.exists()


def test_a_restore_over_existing_data_is_refused_without_force(tmp_path, sqlite_site):
    folder = Path(run(BACKUP, tmp_path / "backups", **sqlite_site).stdout.strip())
    result = run(RESTORE, folder, **sqlite_site, check=False)
    assert result.returncode != 0
    assert "already exists" in result.stderr


def _pg_reachable() -> bool:
    return connection.vendor == "postgresql" and all(
        shutil.which(b) for b in ("pg_dump", "pg_restore", "psql")
    )


def _database_url(name: str) -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def empty_database():
    """A throwaway empty PostgreSQL database, dropped afterwards."""
    import psycopg

    name = f"portal_restore_{uuid.uuid4().hex[:12]}"
    admin = _database_url("postgres")
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":", 1)[0] not in ("postgres", "postgresql", "pgsql"),
    reason="needs the tests to run on PostgreSQL (DATABASE_URL) with pg_dump, pg_restore and psql",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the migration data for later tests
def test_a_postgresql_backup_restores_the_offer_with_its_file(tmp_path, make_user, empty_database):
    import psycopg

    from competitions.models import OfferAttachment
    from competitions.offer_services import offer_start
    from competitions.tests.offer_helpers import ngo_member, open_competition
    from organisations.choices import Role

    assert _pg_reachable(), "PostgreSQL tests need pg_dump, pg_restore and psql on the PATH"
    member = ngo_member(make_user)
    organisation = member.memberships.get().organisation
    offer = offer_start(
        user=member, competition=open_competition(make_user(Role.OFFICIAL)), organisation=organisation
    )
    content = b"%PDF-1.4\n" + os.urandom(2048)
    digest = hashlib.sha256(content).hexdigest()
    attachment = OfferAttachment.objects.create(
        offer=offer,
        name="Statut organizacji",
        file=ContentFile(content, name="statut.pdf"),
        size=len(content),
        sha256=digest,
        uploaded_by=member,
    )

    folder = Path(
        run(
            BACKUP,
            tmp_path / "backups",
            database_url=_database_url(connection.settings_dict["NAME"]),
            media_root=settings.MEDIA_ROOT,
            private_media_root=settings.PRIVATE_MEDIA_ROOT,
        ).stdout.strip()
    )
    restored_private = tmp_path / "restored-private"
    run(
        RESTORE,
        folder,
        database_url=_database_url(empty_database),
        media_root=tmp_path / "restored-media",
        private_media_root=restored_private,
    )

    with psycopg.connect(_database_url(empty_database)) as db:
        row = db.execute(
            "SELECT o.id, o.organisation_id, a.file, a.sha256 FROM competitions_offer o "
            "JOIN competitions_offerattachment a ON a.offer_id = o.id WHERE a.id = %s",
            [attachment.pk],
        ).fetchone()
    assert row is not None, "the restored database has no such offer"
    offer_id, organisation_id, file_name, stored_digest = row
    assert (offer_id, organisation_id, stored_digest) == (offer.pk, organisation.pk, digest)
    restored_file = restored_private / file_name
    assert hashlib.sha256(restored_file.read_bytes()).hexdigest() == digest

    # A second restore into the now non-empty database is refused.
    again = run(
        RESTORE,
        folder,
        database_url=_database_url(empty_database),
        media_root=tmp_path / "other-media",
        private_media_root=tmp_path / "other-private",
        check=False,
    )
    assert again.returncode != 0
    assert "already has" in again.stderr
