"""Regenerate docs/briefing.png: the seeds briefing as an HTML page, a citation hovered, in headless Chromium.

    python docs/make_screenshot.py            # needs Debian's chromium and playwright (the dev extra)

The briefing is written by the real `ragnews brief seeds -o …html` in a throwaway RAGNEWS_HOME, so the
picture shows exactly what a user gets.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync"]


def main(out: Path = ROOT / "docs" / "briefing.png") -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as home:
        page_file = Path(home) / "briefing.html"
        env = {**os.environ, "RAGNEWS_HOME": home}
        subprocess.run([sys.executable, "-m", "ragnews", "brief", "seeds", "-o", str(page_file)], cwd=ROOT, env=env, check=True)
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(str(Path(home) / "profile"), executable_path="/usr/bin/chromium",
                                                           headless=True, args=FLAGS, viewport={"width": 960, "height": 1000})
            page = context.pages[0] if context.pages else context.new_page()
            page.goto(page_file.as_uri())
            page.locator("#key-points a.cite").first.hover()
            page.screenshot(path=str(out))
            context.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
