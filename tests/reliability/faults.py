"""Tools of the fault tests: a TCP proxy in front of PostgreSQL that can be cut and restored (the
database "restarting" without touching the cluster other sessions use), and a gunicorn server on
the test database behind it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FaultProxy:
    """Forwards 127.0.0.1:<port> to the database. `cut()` closes the listening socket and every open
    connection (what clients see when PostgreSQL restarts: connections reset, new ones refused);
    `restore()` listens again on the same port."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self._server: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def restore(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(64)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def cut(self) -> None:
        if self._server is not None:
            with contextlib.suppress(OSError):
                self._server.shutdown(socket.SHUT_RDWR)  # wakes the accept() in progress: no new connection
            self._server.close()
            self._server = None
        with self._lock:
            for s in list(self._open):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self._open.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _addr = server.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update({client, upstream})
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
                with self._lock:
                    self._open.discard(s)


class Gunicorn:
    """gunicorn (sync workers, DEBUG off, persistent connections with health checks as in
    production) serving the test database through `database_url`."""

    def __init__(self, database_url: str, workers: int = 1, **env: str):
        self.port = free_port()
        environment = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("PYTEST") and k != "DJANGO_SETTINGS_MODULE"
        }
        environment.update(
            DVK_TESTING="1",  # the test settings (fixed key, dev vault keys, plain static storage), DEBUG off
            DEBUG="false",
            DATABASE_URL=database_url,
            CONN_MAX_AGE="600",
            DJANGO_SETTINGS_MODULE="config.settings",
            LOG_LEVEL="CRITICAL",
            PYTHONPATH=str(ROOT),
            **env,
        )
        self.proc = subprocess.Popen(  # noqa: S603 (this interpreter's gunicorn, fixed arguments)
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi:application",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "--log-level",
                "critical",
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def get(self, path: str, timeout: float = 30) -> tuple[int, dict[str, str], str]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers={"Host": "127.0.0.1"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as r:  # noqa: S310 (our local server)
                return r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode()

    def wait(self, path: str = "/healthz", timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("gunicorn exited")
            with contextlib.suppress(OSError):
                if self.get(path, timeout=10)[0] == 200:
                    return
            time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
