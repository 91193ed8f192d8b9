"""`make test-replica`: a PostgreSQL primary and a streaming replica of it on 127.0.0.1, in a
temporary directory, then the replica tests (tests/replica/test_replica.py) against both.

The two servers are this script's own (initdb, pg_basebackup -R, two free ports): the machine's
PostgreSQL service is not touched. PostgreSQL refuses to run as root, so as root the servers run
as the `postgres` system user. Both are stopped and their directory removed at the end, whatever
the outcome. Exit status: pytest's.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
DB = "dvk_replica"


def bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if found:
        return Path(found[-1])
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(pg_ctl).parent
    sys.exit("make test-replica: PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) not found")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def run(cmd: list[str], **kw) -> None:
    subprocess.run(as_postgres(cmd), check=True, stdout=subprocess.DEVNULL, **kw)


def configure(data: Path, port: int, sockets: Path) -> None:
    with open(data / "postgresql.conf", "a") as f:
        f.write(
            f"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{sockets}'\n"
            "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\nfsync = off\n"
            "synchronous_commit = off\nfull_page_writes = off\n"
        )


def main() -> int:
    bins = bindir()
    tmp = Path(tempfile.mkdtemp(prefix="dvk-replica-"))
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
    primary, replica = tmp / "primary", tmp / "replica"
    p1, p2 = free_port(), free_port()
    started: list[Path] = []
    try:
        run(
            [
                str(bins / "initdb"),
                "-D",
                str(primary),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
        configure(primary, p1, tmp)
        with open(primary / "pg_hba.conf", "a") as f:
            f.write("host replication all 127.0.0.1/32 trust\n")
        run([str(bins / "pg_ctl"), "-D", str(primary), "-l", str(tmp / "primary.log"), "-w", "start"])
        started.append(primary)
        run(
            [
                str(bins / "pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                str(p1),
                "-U",
                "postgres",
                "-D",
                str(replica),
                "-R",
                "-X",
                "stream",
            ]
        )
        with open(replica / "postgresql.auto.conf", "a") as f:
            f.write(f"\nport = {p2}\n")
        run([str(bins / "pg_ctl"), "-D", str(replica), "-l", str(tmp / "replica.log"), "-w", "start"])
        started.append(replica)
        primary_url = f"postgres://postgres@127.0.0.1:{p1}/{DB}"
        replica_url = f"postgres://postgres@127.0.0.1:{p2}/{DB}"
        subprocess.run(
            [str(bins / "createdb"), "-h", "127.0.0.1", "-p", str(p1), "-U", "postgres", DB], check=True
        )
        env = {**os.environ, "DATABASE_URL": primary_url, "DVK_TESTING": "1"}
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        print(f"primary 127.0.0.1:{p1}, streaming replica 127.0.0.1:{p2}, database {DB}", flush=True)
        env.update(
            DATABASE_REPLICA_URL=replica_url,
            DVK_REPLICA_DATA=str(replica),
            DVK_PG_BIN=str(bins),
        )
        return subprocess.run(
            [PY, "-m", "pytest", "-q", "-p", "no:xdist", "-m", "replica", "tests/replica"], cwd=ROOT, env=env
        ).returncode
    finally:
        for data in reversed(started):
            subprocess.run(
                as_postgres([str(bins / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        time.sleep(0.5)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
