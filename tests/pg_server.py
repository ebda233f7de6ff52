"""A throwaway PostgreSQL cluster on 127.0.0.1 for the store's tests, from Debian's binaries.

``postgres_url`` (session scope) runs ``initdb`` into a temporary folder and
starts the server on a free port with ``pg_ctl``; as root, both run as the
``postgres`` user (PostgreSQL refuses to run as root). ``fresh_postgres_db``
gives each test its own empty database. When the binaries are missing the
tests skip, unless ``PRECIS_REQUIRE_POSTGRES`` is set (as ``.ci/run`` does):
then they fail.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _missing(reason: str) -> None:
    if os.environ.get("PRECIS_REQUIRE_POSTGRES"):
        pytest.fail(f"PostgreSQL is required (PRECIS_REQUIRE_POSTGRES is set) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """``postgresql://postgres@127.0.0.1:PORT/`` of a cluster that lives for the test session."""
    if not os.environ.get("PRECIS_REQUIRE_POSTGRES"):
        pytest.importorskip("psycopg")
    bindir = _bin_dir()
    if bindir is None:
        _missing("PostgreSQL's initdb is not installed (apt-get install postgresql)")
    assert bindir is not None
    run_as: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="precis-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            _missing("running as root and there is no 'postgres' user to run the server")
        os.chown(folder, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E",
                    "UTF8"], check=True, capture_output=True, env=env, cwd=folder)  # fmt: skip
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w",
                    "start"], check=True, capture_output=True, env=env, cwd=folder)  # fmt: skip
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/"
    finally:
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, env=env, cwd=folder)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def fresh_postgres_db(postgres_url: str) -> Iterator[str]:
    """The URL of a new, empty database on the session's cluster."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_url + "postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_url + name
    with psycopg.connect(postgres_url + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
