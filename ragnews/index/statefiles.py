"""Every state file ragnews keeps beside the store and under RAGNEWS_HOME: checked by `ragnews check`, reset by `--repair`.

The followed feeds and the snapshot index are the user's own state: a repair
keeps every part of them that fits its shape and sets the file aside. The
saved stories are a cache: a damaged one is deleted and regrouped. (The BM25
index and the generation marker are checked with the store itself.)
"""

from __future__ import annotations

import logging
from pathlib import Path

from ragnews.config import Settings
from ragnews.index import storybook
from ragnews.index.check import Problem
from ragnews.web import shapes
from ragnews.web.feeds import FEEDS_FILE
from ragnews.web.snapshots import INDEX

log = logging.getLogger(__name__)


def _user_state(settings: Settings) -> list[tuple[Path, object, object]]:
    home = settings.home_dir
    return [(home / FEEDS_FILE, shapes.clean_feeds, lambda feeds: {"version": 1, "feeds": feeds}),
            (home / "snapshots" / INDEX, shapes.clean_snapshots, lambda index: index)]


def check_state(settings: Settings, repair: bool) -> tuple[list[Problem], list[Problem]]:
    """(problems left, problems repaired) in the state files outside Chroma's own database."""
    problems: list[Problem] = []
    repaired: list[Problem] = []
    for path, clean, wrap in _user_state(settings):
        why = shapes.problem(path, clean)
        if why is None:
            continue
        if repair:
            done = shapes.repair(path, clean, wrap)
            repaired.append(Problem("state_file", str(path), done or why))
        else:
            problems.append(Problem("state_file", str(path), why))
    if storybook.damaged(settings):
        stories = storybook.story_file(settings)
        message = f"{stories} can't be read"
        if repair and stories is not None:
            stories.unlink(missing_ok=True)
            repaired.append(Problem("state_file", str(stories), f"{message}; deleted (stories are grouped again when needed)"))
        else:
            problems.append(Problem("state_file", str(stories), f"{message}; `ragnews check --repair` deletes it (a cache)"))
    log.debug("state files: %d problems, %d repaired", len(problems), len(repaired))
    return problems, repaired
