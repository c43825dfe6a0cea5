"""A whole search process, as a user starts one: open the index, run one query,
print the hits. ``python -m bench.cold ENGINE INDEX_DIR words|phrase TEXT``."""

from __future__ import annotations

import sys
import warnings


def main() -> None:
    warnings.simplefilter("ignore")
    from pathlib import Path

    from .engines import engines

    name, index_dir, kind, text = sys.argv[1:5]
    engine = engines()[name]
    engine.open(Path(index_dir))
    hits = (engine.words if kind == "words" else engine.phrase)(text, 10)
    print("\n".join(hits))


if __name__ == "__main__":
    main()
