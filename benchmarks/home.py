"""Each benchmark work dir reads with a ragnews home of its own.

Without one, every run on the machine shared the default home's readings cache (`~/.local/share/ragnews`): two
checkouts whose reading code differs under the same `READING_VERSION` number (two branches that each bumped it once)
were served each other's readings, and a measurement could report the other branch's reading. A home set by the
caller (`RAGNEWS_HOME`) is kept.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


def own_home(workdir: Path) -> Path:
    """Set `RAGNEWS_HOME` to `workdir/home` unless the caller set one; the home in use."""
    if not os.environ.get("RAGNEWS_HOME"):
        os.environ["RAGNEWS_HOME"] = str(Path(workdir) / "home")
    home = Path(os.environ["RAGNEWS_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    log.debug("ragnews home for this run: %s", home)
    return home
