"""Configuration, resolved with one precedence: explicit option, then environment, then default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from summarizer.errors import ConfigError

EngineName = Literal["auto", "offline", "llm"]
ModeName = Literal["tools", "json", "json_schema", "md_json"]

# Environment variable for each setting that has one.
ENVIRONMENT = {
    "engine": "SUMMARIZER_ENGINE",
    "model": "SUMMARIZER_MODEL",
    "base_url": "OPENAI_BASE_URL",
    "api_key": "OPENAI_API_KEY",
    "mode": "SUMMARIZER_MODE",
    "concurrency": "SUMMARIZER_CONCURRENCY",
    "chunk_size": "SUMMARIZER_CHUNK_SIZE",
    "cache_dir": "SUMMARIZER_CACHE_DIR",
    "timeout": "SUMMARIZER_TIMEOUT",
    "script": "SUMMARIZER_SCRIPT",
}


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "summarizer"


class Settings(BaseModel):
    """Everything a run can be told. Build it with :meth:`Settings.resolve`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    engine: EngineName = "auto"
    model: str | None = None
    base_url: str | None = None
    api_key: SecretStr | None = Field(default=None, repr=False)
    mode: ModeName = "tools"
    concurrency: int = Field(default=4, ge=1, le=256)
    chunk_size: int | None = Field(
        default=None,
        ge=200,
        le=100_000,
        description="Characters per chunk; unset: the engine's own size (offline 1500, llm 4000).",
    )
    max_reasks: int = Field(default=2, ge=0, le=10)
    timeout: float = Field(
        default=60.0, gt=0, description="Seconds one attempt of a model request may take, start to last byte."
    )
    max_attempts: int = Field(default=5, ge=1, le=20, description="Transport attempts per request.")
    max_retry_seconds: float = Field(
        default=120.0, gt=0, description="Seconds one model request may take in all: attempts and waits."
    )
    backoff: float = Field(
        default=1.0, gt=0, description="First transport retry wait (s); doubles, with jitter."
    )
    temperature: float = 0.0
    cache: bool = True
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    unsupported: Literal["flag", "drop"] = "flag"
    allow_rounding: bool = Field(
        default=False,
        description="Accept a summary value that rounds the source value (2.02亿 for 2.0228亿).",
    )
    script: Literal["auto", "simplified", "traditional"] = Field(
        default="auto",
        description="Script of the summary's own text; auto: the source's (evidence is always the source's).",
    )

    @classmethod
    def resolve(cls, env: Mapping[str, str] | None = None, **options: Any) -> Settings:
        """Options given (not None) win over the environment, which wins over defaults."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, variable in ENVIRONMENT.items():
            if env.get(variable):
                values[name] = env[variable]
        values.update({name: value for name, value in options.items() if value is not None})
        try:
            return cls(**values)
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in error.errors()
            )
            raise ConfigError(f"invalid settings: {problems}") from error

    @property
    def endpoint_configured(self) -> bool:
        return bool(self.base_url or self.api_key)

    def chosen_engine(self) -> Literal["offline", "llm"]:
        """The engine that will run: ``auto`` means the LLM when an endpoint or key is configured."""
        if self.engine == "auto":
            return "llm" if self.endpoint_configured else "offline"
        return self.engine
