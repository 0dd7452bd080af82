"""The processes a benchmark runs: the stub upstream, our proxy, the LiteLLM proxy, the load generator.

Each runs as its own process on loopback, with its output in a log file in a temporary directory. Our
proxy is the code beside this folder (``python -m router.cli serve`` with this repository first on
``PYTHONPATH``), configured only through ``HYBRID_ROUTER_*`` environment variables.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# LiteLLM 1.82.7 and 1.82.8 on PyPI were compromised (a credential stealer in a .pth file); 1.82.6 is the
# last release published before them, the version most projects pinned to in response.
LITELLM_VERSION = "1.82.6"
LITELLM_VENV = HERE / ".venv-litellm"
_LITELLM_BAD_FILES = ("litellm_init.pth",)


class ServiceError(RuntimeError):
    """A benchmark process did not start or answer."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any hybrid-router configuration or API key of the caller's."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("HYBRID_ROUTER_") and k != "OPENAI_API_KEY"
    }
    env.update(extra)
    return env


def http_get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def http_post(url: str, body: Any, timeout: float = 10.0) -> tuple[int, dict[str, str], bytes]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"content-type": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


class Service:
    """A child process with a readiness URL; stopped (and its group killed if need be) on ``stop``."""

    def __init__(self, name: str, cmd: list[str], ready_url: str, workdir: Path, env: dict[str, str]) -> None:
        self.name = name
        self.cmd = cmd
        self.ready_url = ready_url
        self.log_path = workdir / f"{name}.log"
        self.env = env
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 60.0) -> Service:
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                self.cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=self.workdir,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(OSError):
                if http_get(self.ready_url, timeout=1.0)[0] == 200:
                    return self
            if self.proc.poll() is not None or time.monotonic() > deadline:
                tail = self.log_tail()
                self.stop()
                raise ServiceError(f"{self.name} did not start: {tail}")
            time.sleep(0.1)

    def log_tail(self, chars: int = 1500) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process so far (all its threads)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, 9)
            self.proc.wait(5)


def start_stub(workdir: Path, **options: Any) -> Service:
    port = free_port()
    cmd = [sys.executable, str(HERE / "stub_upstream.py"), "--port", str(port)]
    for key, value in options.items():
        cmd += [f"--{key.replace('_', '-')}", str(value)]
    return Service("stub", cmd, f"http://127.0.0.1:{port}/health", workdir, clean_env()).start()


def stub_base(stub: Service) -> str:
    return stub.ready_url.rsplit("/", 1)[0] + "/v1"


def configure_stub(stub: Service, **options: Any) -> None:
    """Replace the stub's defaults (unnamed options go back to the stub's own defaults)."""
    status, _, body = http_post(stub.ready_url.rsplit("/", 1)[0] + "/_stub/config", options)
    if status != 200:
        raise ServiceError(f"stub config failed: {body[:200]!r}")


def start_hybrid_router(workdir: Path, upstream: str, log_level: str = "info", **settings: str) -> Service:
    """``hybrid-router serve`` from this repository, remote = ``upstream``, ledger in ``workdir``."""
    port = free_port()
    env = clean_env(
        PYTHONPATH=str(ROOT),
        XDG_STATE_HOME=str(workdir / "state"),
        HYBRID_ROUTER_REMOTE__BASE_URL=upstream,
        HYBRID_ROUTER_REMOTE__API_KEY="sk-bench",
        HYBRID_ROUTER_LEDGER__PATH=str(workdir / "ledger.sqlite3"),
        HYBRID_ROUTER_LOG__LEVEL=log_level,
        **{f"HYBRID_ROUTER_{k.upper()}": v for k, v in settings.items()},
    )
    cmd = [sys.executable, "-m", "router.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    return Service("hybrid-router", cmd, f"http://127.0.0.1:{port}/health", workdir, env).start(120)


# -- LiteLLM -----------------------------------------------------------------------------------------


def litellm_python() -> Path:
    return LITELLM_VENV / "bin" / "python"


def installed_litellm_version() -> str | None:
    python = litellm_python()
    if not python.exists():
        return None
    code = "import importlib.metadata as m; print(m.version('litellm'))"
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=60, check=False)
    if out.returncode != 0:
        return None
    return out.stdout.strip() or None


def ensure_litellm(timeout_s: float = 900.0) -> str:
    """Create ``benchmarks/.venv-litellm`` with ``litellm[proxy]==LITELLM_VERSION`` if it is not there yet;
    returns the installed version or raises ``ServiceError`` saying why not."""
    if installed_litellm_version() != LITELLM_VERSION:
        deadline = time.monotonic() + timeout_s
        steps = [
            [sys.executable, "-m", "venv", "--clear", str(LITELLM_VENV)],
            [
                str(litellm_python()),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                f"litellm[proxy]=={LITELLM_VERSION}",
            ],
        ]
        for step in steps:
            try:
                out = subprocess.run(
                    step,
                    capture_output=True,
                    text=True,
                    timeout=max(1.0, deadline - time.monotonic()),
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                raise ServiceError(f"installing litellm took longer than {timeout_s:.0f} s") from exc
            if out.returncode != 0:
                raise ServiceError(f"installing litellm failed: {(out.stderr or out.stdout)[-600:]}")
    site = next(LITELLM_VENV.glob("lib/python*/site-packages"), None)
    if site is not None and any((site / bad).exists() for bad in _LITELLM_BAD_FILES):
        raise ServiceError("the LiteLLM environment holds a file of the compromised releases; delete it")
    version = installed_litellm_version()
    if version != LITELLM_VERSION:
        raise ServiceError(f"litellm {LITELLM_VERSION} expected, found {version}")
    return version


def start_litellm(workdir: Path, upstream: str) -> Service:
    """The LiteLLM proxy, one worker, with model "remote" = the OpenAI-compatible ``upstream``."""
    port = free_port()
    config = workdir / "litellm.yaml"
    config.write_text(
        "model_list:\n"
        "  - model_name: remote\n"
        "    litellm_params:\n"
        "      model: openai/remote\n"
        f"      api_base: {upstream}\n"
        "      api_key: sk-bench\n"
        "litellm_settings:\n"
        "  drop_params: true\n"
    )
    env = clean_env(LITELLM_LOCAL_MODEL_COST_MAP="True", LITELLM_LOG="ERROR")
    cmd = [
        str(LITELLM_VENV / "bin" / "litellm"),
        "--config",
        str(config),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--num_workers",
        "1",
        "--telemetry",
        "False",
    ]
    return Service("litellm", cmd, f"http://127.0.0.1:{port}/health/liveliness", workdir, env).start(180)


# -- the load generator ------------------------------------------------------------------------------


class LoadGen:
    """``loadgen.py --worker`` in its own process: bursts are sent as JSON lines, results read back."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "loadgen.py"), "--worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=clean_env(),
        )

    def burst(self, **spec: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(spec) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise ServiceError("the load generator exited")
        result: dict[str, Any] = json.loads(line)
        if "fatal" in result:
            raise ServiceError(f"load generator: {result['fatal']}")
        return result

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
