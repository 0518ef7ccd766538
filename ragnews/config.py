"""All settings in one place: explicit argument > environment > .env > default.

Every knob ragnews reads lives here and in .env.example, so a user can see
what is configurable and a test can isolate all state with RAGNEWS_HOME.
The .env file is read, never written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ragnews.errors import RagnewsError


class ConfigError(RagnewsError, ValueError):
    """A setting that can't work; the message names the fix."""


ENGINES = ("auto", "extractive", "llm")
NEEDS_MODEL_SERVER = ("the llm engine needs a model server: set OPENAI_API_KEY (and optionally OPENAI_BASE_URL) "
                      "or use --engine extractive")


def default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "ragnews"


# (field name, environment variable, default, type)
_SPEC: list[tuple[str, str, Any, type]] = [
    ("home", "RAGNEWS_HOME", None, str),
    ("db", "RAGNEWS_DB", None, str),
    ("chroma_url", "RAGNEWS_CHROMA_URL", None, str),
    ("collection", "RAGNEWS_COLLECTION", "ragnews", str),
    ("embedder", "RAGNEWS_EMBEDDER", "minilm", str),
    ("engine", "RAGNEWS_ENGINE", "auto", str),
    ("model", "RAGNEWS_MODEL", "gpt-4o-mini", str),
    ("openai_api_key", "OPENAI_API_KEY", None, str),
    ("openai_base_url", "OPENAI_BASE_URL", None, str),
    ("llm_timeout", "RAGNEWS_LLM_TIMEOUT", 60.0, float),
    ("llm_retries", "RAGNEWS_LLM_RETRIES", 2, int),
    ("context_tokens", "RAGNEWS_CONTEXT_TOKENS", 6000, int),
    ("max_file_mb", "RAGNEWS_MAX_FILE_MB", 20.0, float),
    ("lock_timeout", "RAGNEWS_LOCK_TIMEOUT", 600.0, float),
]


@dataclass
class Settings:
    home: str | None = None
    db: str | None = None
    chroma_url: str | None = None
    collection: str = "ragnews"
    embedder: str = "minilm"
    engine: str = "auto"
    model: str = "gpt-4o-mini"
    openai_api_key: str | None = field(default=None, repr=False)
    openai_base_url: str | None = None
    llm_timeout: float = 60.0
    llm_retries: int = 2
    context_tokens: int = 6000
    max_file_mb: float = 20.0
    lock_timeout: float = 600.0

    @property
    def home_dir(self) -> Path:
        return Path(self.home) if self.home else default_home()

    @property
    def db_dir(self) -> Path:
        return Path(self.db) if self.db else self.home_dir / "db"

    @property
    def llm_configured(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url)

    def engine_name(self, *, model_given: bool = False) -> str:
        """'llm' or 'extractive'. 'auto' means llm when a model server is configured (or a model object was given)."""
        engine = (self.engine or "auto").lower()
        if engine not in ENGINES:
            raise ConfigError(f"unknown engine '{self.engine}'; use --engine extractive or --engine llm")
        has_model = model_given or self.llm_configured
        if engine == "auto":
            return "llm" if has_model else "extractive"
        if engine == "llm" and not has_model:
            raise ConfigError(NEEDS_MODEL_SERVER)
        return engine


def _dotenv(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def load_settings(env: dict[str, str] | None = None, dotenv_path: str | os.PathLike[str] | None = None, **explicit: Any) -> Settings:
    """Build Settings from explicit values (None means unset), the environment and .env."""
    env = dict(os.environ) if env is None else env
    dotenv = _dotenv(Path(dotenv_path) if dotenv_path else Path.cwd() / ".env")
    values: dict[str, Any] = {}
    for name, var, default, kind in _SPEC:
        raw = explicit.get(name)
        if raw is None:
            raw = env.get(var) or dotenv.get(var) or None
        if raw is None:
            values[name] = default
            continue
        try:
            values[name] = kind(raw)
        except (TypeError, ValueError):
            raise ConfigError(f"{var}={raw!r} is not a valid {kind.__name__}") from None
    unknown = set(explicit) - {f.name for f in fields(Settings)}
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    return Settings(**values)
