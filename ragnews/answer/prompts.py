"""Prompts live in files, so they can be read, reviewed and tuned without code.

A prompt file has a `---system---` section and a `---user---` section
(anything before the first marker is a comment for editors). Placeholders
are `{name}`; other braces are literal. Each prompt's placeholders are
declared here and checked when the file is loaded, so a typo in a template
fails loudly at start-up instead of sending the model a literal `{qestion}`.

Retrieved article text is untrusted: a scraped page can contain "ignore your
instructions". `format_sources` fences each chunk with a per-request random
nonce (spotlighting) and cleans the text so it can't fake a fence or hide
instructions in invisible characters.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ragnews.errors import RagnewsError
from ragnews.text.untrusted import strip_hidden

EXPECTED_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "answer": frozenset({"question", "sources", "nonce", "ids"}),
    "brief": frozenset({"topic", "sources", "nonce", "ids"}),
    "rewrite": frozenset({"history", "question"}),
}

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SECTION = re.compile(r"^---(system|user)---[ \t]*$", re.MULTILINE)
_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the ragnews package


class PromptError(RagnewsError, ValueError):
    """A prompt file is missing or malformed, or was rendered with the wrong values."""


@dataclass(frozen=True)
class Prompt:
    """A loaded, checked template: `render(**values)` gives chat messages."""

    name: str
    system: str
    user: str
    path: Path
    placeholders: frozenset[str]

    def render(self, **values: object) -> list[dict[str, str]]:
        """Fill the placeholders; every declared value must be given, and nothing else."""
        given = set(values)
        missing, extra = sorted(self.placeholders - given), sorted(given - self.placeholders)
        if missing or extra:
            parts = [f"missing {', '.join(missing)}" if missing else "", f"unexpected {', '.join(extra)}" if extra else ""]
            raise PromptError(f"prompt {self.name!r}: {'; '.join(p for p in parts if p)} (expects {_names(self.placeholders)})")
        text = {key: str(value) for key, value in values.items()}
        return [
            {"role": "system", "content": _fill(self.system, text)},
            {"role": "user", "content": _fill(self.user, text)},
        ]


def prompt_dirs() -> list[Path]:
    """Where prompt files are looked for, in order.

    The wheel ships the top-level `prompts/` as `ragnews/prompts/`; an
    editable checkout has it next to the package.
    """
    return [_PACKAGE_DIR / "prompts", _PACKAGE_DIR.parent / "prompts"]


def find_prompt(name: str, directory: Path | None = None) -> Path:
    """The file for prompt `name` (`<name>.md`), or a PromptError naming where we looked."""
    dirs = [Path(directory)] if directory is not None else prompt_dirs()
    for folder in dirs:
        candidate = folder / f"{name}.md"
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(d) for d in dirs)
    raise PromptError(f"prompt file {name}.md not found (looked in {looked}); reinstall ragnews or restore prompts/{name}.md")


def load_prompt(name: str, directory: Path | None = None) -> Prompt:
    """Load and check a prompt; its placeholders must be exactly those declared for it."""
    if name not in EXPECTED_PLACEHOLDERS:
        raise PromptError(f"unknown prompt {name!r}; known prompts: {', '.join(sorted(EXPECTED_PLACEHOLDERS))}")
    path = find_prompt(name, directory)
    system, user = _split_sections(path.read_text(encoding="utf-8"), path)
    found = frozenset(_PLACEHOLDER.findall(system + "\n" + user))
    expected = EXPECTED_PLACEHOLDERS[name]
    if found != expected:
        problems = []
        if expected - found:
            problems.append(f"missing {_names(expected - found)}")
        if found - expected:
            problems.append(f"unknown {_names(found - expected)}")
        raise PromptError(f"{path}: {'; '.join(problems)} (prompt {name!r} expects {_names(expected)})")
    return Prompt(name, system, user, path, expected)


def _split_sections(text: str, path: Path) -> tuple[str, str]:
    markers = list(_SECTION.finditer(text))
    kinds = [m.group(1) for m in markers]
    if kinds != ["system", "user"]:
        raise PromptError(f"{path}: expected one '---system---' line followed by one '---user---' line, found {kinds or 'none'}")
    system = text[markers[0].end() : markers[1].start()].strip()
    user = text[markers[1].end() :].strip()
    if not system or not user:
        raise PromptError(f"{path}: the system and user sections must both have text")
    return system, user


def _fill(template: str, values: dict[str, str]) -> str:
    """Substitute in one pass, so `{question}` inside an article is never expanded."""
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _names(names: frozenset[str] | set[str]) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names))


# --------------------------------------------------------------------------
# untrusted source text

_FENCE_RUN = re.compile(r"<{3,}|>{3,}")


def new_nonce() -> str:
    """A fresh random fence marker; per request, so an article can't guess it."""
    return secrets.token_hex(6)


def clean_untrusted(text: str) -> str:
    """Strip invisible/bidi/control characters and break anything that looks like a fence."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = strip_hidden(text)  # the same set detection ignores: what detection saw is what the model reads
    return _FENCE_RUN.sub(lambda m: ("‹" if m.group(0)[0] == "<" else "›") * len(m.group(0)), text)


def format_sources(chunks: list[tuple[int, str, str]], nonce: str) -> str:
    """Fence each (id, header, text) chunk as data for the answer/brief prompts.

    The header (title / outlet / date) is untrusted too, so it is cleaned and
    kept on one line. Any occurrence of the nonce in the text is removed, in
    case it leaked.
    """
    if not re.fullmatch(r"[A-Za-z0-9]{6,}", nonce):
        raise ValueError("nonce must be at least 6 letters/digits; use new_nonce()")
    blocks = []
    for source_id, header, text in chunks:
        header = " ".join(clean_untrusted(header).replace(nonce, "").split())
        body = clean_untrusted(text).replace(nonce, "").strip()
        blocks.append(
            f"<<<SOURCE id={int(source_id)} nonce={nonce}>>>\n{header}\n\n{body}\n<<<END nonce={nonce}>>>"
        )
    return "\n\n".join(blocks)


def format_ids(ids: list[int]) -> str:
    """The id list for the {ids} placeholder, as the model should write them: [1], [2]."""
    return ", ".join(f"[{int(i)}]" for i in ids)
