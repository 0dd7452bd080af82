"""Configuration precedence and the public setting names."""

from __future__ import annotations

from pathlib import Path

import pytest

from router.config import default_state_dir, load_settings
from router.errors import ConfigurationError


def test_defaults_run_with_no_configuration() -> None:
    """With nothing configured: local default model, memory cache, no remote, ledger in the state dir."""
    s = load_settings()
    assert s.local.model_path is None
    assert s.remote.base_url is None
    assert s.cache.url is None
    assert s.server.api_keys == []
    assert s.ledger_path() == default_state_dir() / "ledger.sqlite3"


def test_yaml_then_env_then_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Overrides beat the environment, which beats the YAML file, which beats defaults."""
    cfg = tmp_path / "c.yaml"
    cfg.write_text("policy:\n  threshold: 0.3\nremote:\n  model: from-yaml\n  base_url: http://yaml/v1\n")
    s = load_settings(cfg)
    assert (s.policy.threshold, s.remote.model, s.remote.base_url) == (0.3, "from-yaml", "http://yaml/v1")
    monkeypatch.setenv("HYBRID_ROUTER_REMOTE__BASE_URL", "http://127.0.0.1:8081/v1")
    s = load_settings(cfg)
    assert s.remote.base_url == "http://127.0.0.1:8081/v1"
    assert s.remote.model == "from-yaml"
    s = load_settings(cfg, {"remote": {"model": "override"}})
    assert (s.remote.model, s.remote.base_url) == ("override", "http://127.0.0.1:8081/v1")


def test_config_file_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """HYBRID_ROUTER_CONFIG names the YAML file when --config is not given."""
    cfg = tmp_path / "c.yaml"
    cfg.write_text("cache:\n  url: redis://127.0.0.1:6379/3\n")
    monkeypatch.setenv("HYBRID_ROUTER_CONFIG", str(cfg))
    assert load_settings().cache.url == "redis://127.0.0.1:6379/3"


@pytest.mark.parametrize(
    ("env", "value", "read"),
    [
        ("HYBRID_ROUTER_LOCAL__MODEL_PATH", "/models/x.gguf", lambda s: str(s.local.model_path)),
        ("HYBRID_ROUTER_REMOTE__MODEL", "gpt-x", lambda s: s.remote.model),
        ("HYBRID_ROUTER_CACHE__URL", "redis://h:1/2", lambda s: s.cache.url),
        ("HYBRID_ROUTER_LEDGER__PATH", "/tmp/l.sqlite3", lambda s: str(s.ledger.path)),
        ("HYBRID_ROUTER_POLICY__THRESHOLD", "0.25", lambda s: str(s.policy.threshold)),
    ],
)
def test_setting_names_from_environment(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, read: object
) -> None:
    """Each documented setting name is read from its HYBRID_ROUTER_ variable."""
    monkeypatch.setenv(env, value)
    assert read(load_settings()) == value  # type: ignore[operator]


def test_proxy_keys_from_environment_are_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """server.api_keys is a JSON list in the environment and never prints its values."""
    monkeypatch.setenv("HYBRID_ROUTER_SERVER__API_KEYS", '["k-one", "k-two"]')
    s = load_settings()
    assert [k.get_secret_value() for k in s.server.api_keys] == ["k-one", "k-two"]
    assert "k-one" not in repr(s) and "k-one" not in str(s.model_dump())


def test_remote_key_falls_back_to_openai_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """remote.api_key comes from OPENAI_API_KEY when not set, and the explicit setting wins."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-openai-env")
    s = load_settings()
    assert s.remote.api_key is not None and s.remote.api_key.get_secret_value() == "sk-from-openai-env"
    monkeypatch.setenv("HYBRID_ROUTER_REMOTE__API_KEY", "sk-explicit")
    s = load_settings()
    assert s.remote.api_key is not None and s.remote.api_key.get_secret_value() == "sk-explicit"


@pytest.mark.parametrize(
    ("text", "message"),
    [("policy: [1, 2\n", "not valid YAML"), ("- a\n- b\n", "mapping"), (None, "cannot read")],
)
def test_bad_configuration_file(tmp_path: Path, text: str | None, message: str) -> None:
    """A missing or malformed file is a ConfigurationError that names the file."""
    cfg = tmp_path / "c.yaml"
    if text is not None:
        cfg.write_text(text)
    with pytest.raises(ConfigurationError, match=message) as info:
        load_settings(cfg)
    assert str(cfg) in info.value.message


def test_invalid_values_are_configuration_errors(tmp_path: Path) -> None:
    """A value out of range (threshold 2) is refused with the setting named."""
    cfg = tmp_path / "c.yaml"
    cfg.write_text("policy:\n  threshold: 2\n")
    with pytest.raises(ConfigurationError, match=r"policy\.threshold"):
        load_settings(cfg)


def test_example_configuration_is_valid() -> None:
    """configs/example.yaml loads as it is."""
    example = Path(__file__).parents[2] / "configs" / "example.yaml"
    s = load_settings(example)
    assert s.policy.threshold >= 0
