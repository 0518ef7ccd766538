"""`ragnews config`: the settings in force and where each came from.

"Which store is this reading?" and "why is it calling that server?" are the
first questions when something looks wrong. The answer comes from the same
lookup every command uses (`ragnews.config`), with the key itself never shown.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ragnews.config import Settings, setting_rows
from ragnews.text.untrusted import plain

if TYPE_CHECKING:
    from rich.console import Console

log = logging.getLogger(__name__)


def rows(settings: Settings) -> list[dict[str, Any]]:
    """One row per setting: variable, setting, value, from (flag | environment | .env | default), file."""
    return setting_rows(settings)


def render(console: Console, table_rows: list[dict[str, Any]]) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_header=True, header_style="bold")
    for col in ("variable", "value", "from"):
        table.add_column(col, overflow="fold")
    for r in table_rows:
        origin = r["from"] + (f" ({r['file']})" if r.get("file") else "")
        value = "—" if r["value"] is None else str(r["value"])
        table.add_row(Text(r["variable"]), Text(plain(value)), Text(plain(origin), style="dim" if r["from"] == "default" else ""))
    console.print(table)
