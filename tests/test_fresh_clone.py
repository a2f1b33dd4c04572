"""The embedded default works on a fresh clone, which has no var/ folder yet.

With only the project's requirements installed, SQLite could not create its file there, so
the first step of `make run` failed on every fresh machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_migrate_creates_the_embedded_database_where_no_var_folder_exists(tmp_path):
    var_dir = tmp_path / "not-yet" / "var"
    env = {
        key: value for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        TUTORCONSOLE_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="tutorconsole.settings.dev"
    )

    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    assert (var_dir / "tutorconsole.sqlite3").is_file()
