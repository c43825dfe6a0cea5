"""Drawing a timeline of hits per year as a PNG with matplotlib: imported only by
``dangan timeline --png``, so no other command pays for matplotlib."""

from __future__ import annotations

from pathlib import Path

from .errors import DanganError


def draw_timeline(years: list[tuple[str, int]], query: str, path: Path) -> None:
    """Bars of hits per year (undated left out), titled with the query."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise DanganError(
            "--png needs matplotlib: pip install 'dangan[plot]'; the bars above need nothing"
        ) from exc
    dated = [(int(y), n) for y, n in years if y.isdigit()]
    figure, axes = plt.subplots(figsize=(8, 3), dpi=100)
    axes.bar([y for y, _ in dated], [n for _, n in dated], color="#4a6fa5", width=0.8)
    axes.set_title(f"hits per year: {query}"[:90], fontsize=10)
    axes.set_xlabel("year")
    axes.set_ylabel("hits")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    try:
        figure.savefig(path, format="png")
    except OSError as exc:
        raise DanganError(f"cannot write {path} ({exc.strerror or exc})") from exc
    finally:
        plt.close(figure)
