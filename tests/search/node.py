"""The real search node for tests: the one at ELASTICSEARCH_URL when it answers, otherwise
one started by scripts/search-node on a free loopback port for the session. Each session
gets its own index prefix, and its indexes are dropped at the end."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.test import override_settings

REPO = Path(__file__).resolve().parents[2]
SEARCHNODE = REPO / "scripts" / "search-node" / "searchnode"


@dataclass(frozen=True)
class SearchNode:
    url: str
    prefix: str
    started_here: bool


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=3) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


def free_port() -> int:
    # the node also binds port+100..port+199 for its transport: stay well below 65335
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port < 60000:
            return port
    return 59777


def closed_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_node(tmp_dir: Path):
    """Yield a SearchNode; stop it afterwards only if this context started it."""
    url = os.environ.get("ELASTICSEARCH_URL", "")
    home = None
    if not (url and answers(url)):
        port = free_port()
        home = tmp_dir / "searchnode"
        env = {**os.environ, "SEARCH_NODE_HOME": str(home)}
        subprocess.run(  # noqa: S603
            [str(SEARCHNODE), "up", "--port", str(port)],
            env=env,
            check=True,
            capture_output=True,
            timeout=900,
        )
        url = f"http://127.0.0.1:{port}"
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    try:
        yield SearchNode(url=url, prefix=prefix, started_here=home is not None)
    finally:
        if home is not None:
            subprocess.run(  # noqa: S603
                [str(SEARCHNODE), "down"],
                env={**os.environ, "SEARCH_NODE_HOME": str(home)},
                check=False,
                capture_output=True,
                timeout=120,
            )


@contextmanager
def search_settings(node: SearchNode):
    """Point the portal at the node with the session's prefix; index synchronously."""
    with override_settings(
        ELASTICSEARCH_URL=node.url, SEARCH_INDEX_PREFIX=node.prefix, SEARCH_INDEX_SYNC=True
    ):
        yield


class OwnNode:
    """A search node of a test's own (never the shared one): its own port, home and data
    directory, so a test may kill it and start it again on the same data."""

    def __init__(self, home: Path, port: int | None = None):
        self.home = home
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def _env(self) -> dict:
        return {**os.environ, "SEARCH_NODE_HOME": str(self.home)}

    @property
    def pid(self) -> int | None:
        try:
            return int((self.home / "searchnode.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def start(self) -> None:
        subprocess.run(  # noqa: S603
            [str(SEARCHNODE), "up", "--port", str(self.port)],
            env=self._env(),
            check=True,
            capture_output=True,
            timeout=900,
        )
        assert answers(self.url)

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no clean close."""
        pid = self.pid
        assert pid is not None, "the node's pid file is missing"
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
                state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1]
            except (ProcessLookupError, OSError):
                break
            if state == "Z":  # dead, waiting for whoever adopted it to reap it
                break
            time.sleep(0.1)
        assert not answers(self.url)

    def stop(self) -> None:
        subprocess.run(  # noqa: S603
            [str(SEARCHNODE), "down"],
            env=self._env(),
            check=False,
            capture_output=True,
            timeout=120,
        )
