"""One base for every error ragnews means to report to a person.

The CLI prints a `RagnewsError` as one line (what went wrong and what to do)
and exits 1; anything else is a bug and keeps its traceback. Each subclass
also keeps the builtin base it had before, so callers catching `ValueError`
or `RuntimeError` keep working.
"""

from __future__ import annotations


class RagnewsError(Exception):
    """An expected failure whose message names the fix."""


class InputError(RagnewsError, ValueError):
    """A request that can't be served as given (an empty question, an unknown topic)."""


class InstallError(RagnewsError, RuntimeError):
    """A dependency ragnews needs at run time is missing or broken; the message names the package."""
