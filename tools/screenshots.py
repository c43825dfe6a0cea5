"""The README's screenshots: the search page and a reading view, over the shared
corpora and the bundled corpus, taken in the system's headless Chromium.

    python tools/screenshots.py [--index-dir DIR] [--out docs/]

Needs Playwright (the test extra) and Debian's chromium; an index is built in a
temporary folder unless --index-dir names one.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from dangan.index import build_index
from dangan.web.server import running

REPO = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path)
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = args.index_dir
        if index_dir is None:
            index_dir = Path(tmp) / "index"
            build_index([REPO.parent / "shared" / "corpora", REPO / "corpus"], index_dir)
        with running(index_dir) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 760})
            page.goto(url + "?q=Chou+En-lai&collection=dfat&collection=mao-xuanji")
            page.screenshot(path=str(args.out / "serve-search.png"))
            page.goto(url + "?q=Chou+En-lai&collection=dfat&from=1955&to=1955")
            page.locator(".hit-title a").first.click()
            page.wait_for_load_state()
            page.screenshot(path=str(args.out / "serve-reading.png"))
            browser.close()


if __name__ == "__main__":
    main()
