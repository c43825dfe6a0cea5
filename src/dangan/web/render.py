"""Text of the sources as safe HTML: every character escaped first, then the matches
(character offsets from :mod:`dangan.highlight` or a quotation's span) wrapped in
``<mark>`` and note calls added as links; the timeline as an SVG drawn here; a
passage's ``lang`` attribute; links that may only point to the web.

Nothing from a source reaches a page unescaped: this module and Jinja2's autoescape
are the only ways text gets into HTML. It imports neither the web framework nor the
index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from ..clean.language import detect_language

ELLIPSIS = "…"
SAFE_SCHEMES = ("http", "https")


def marked(
    text: str,
    spans: Iterable[tuple[int, int]],
    calls: Sequence[tuple[int, str, str]] = (),
    window: tuple[int, int] | None = None,
) -> Markup:
    """``text`` escaped, each span in ``<mark>``, each call ``(offset, label, target id)``
    a superscript link; only ``text[window]`` (with ellipses where it is cut) if given."""
    start, end = window or (0, len(text))
    spans = sorted((max(s, start), min(e, end)) for s, e in spans if s < end and e > start)
    calls = sorted(c for c in calls if start <= c[0] <= end)
    cuts = sorted({start, end, *(p for s in spans for p in s), *(c[0] for c in calls)})
    out = [ELLIPSIS if start > 0 else ""]
    waiting = list(calls)
    for a, b in zip(cuts, [*cuts[1:], end], strict=True):
        while waiting and waiting[0][0] == a:
            _, label, target = waiting.pop(0)
            out.append(
                f'<sup class="call"><a href="#{escape(target)}" id="call-{escape(target)}">'
                f"{escape(label)}</a></sup>"
            )
        if a >= b:
            continue
        piece = str(escape(text[a:b]))
        inside = any(s <= a and b <= e for s, e in spans)
        out.append(f"<mark>{piece}</mark>" if inside else piece)
    out.append(ELLIPSIS if end < len(text) else "")
    return Markup("".join(out))


def passage_lang(text: str, declared: str | None) -> str:
    """The ``lang`` of a passage: its own language where it is plainly one, else its
    document's (so that the browser picks a Chinese font for Chinese text)."""
    found = detect_language(text)
    if found in ("en", "zh-Hans", "zh-Hant"):
        return found
    return declared if declared in ("en", "zh-Hans", "zh-Hant") else "en"


def safe_url(url: str | None) -> str | None:
    """The URL if it points to the web (http or https), else None: a source's
    ``javascript:`` or ``data:`` link is shown as text, never followed."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in SAFE_SCHEMES else None


BAR_WIDTH = 14
CHART_HEIGHT = 80
MIN_WIDTH = 140


def timeline_svg(years: Sequence[tuple[str, int]], link: str) -> Markup:
    """Hits per year as bars, each a link to the search narrowed to that year (``link``
    is the current search's query string without dates); undated hits are left out."""
    dated = [(year, n) for year, n in years if year.isdigit()]
    if not dated:
        return Markup("")
    most = max(n for _, n in dated) or 1
    width = max(BAR_WIDTH * len(dated), MIN_WIDTH)
    bars = []
    for i, (year, n) in enumerate(dated):
        height = round(CHART_HEIGHT * n / most) if n else 0
        href = escape(f"?{link}&from={year}&to={year}" if link else f"?from={year}&to={year}")
        label = f"{year}: {n} hit{'s' if n != 1 else ''}"
        bars.append(
            f'<a href="{href}" aria-label="{label}"><rect class="bar" x="{i * BAR_WIDTH}" '
            f'y="{CHART_HEIGHT - height}" width="{BAR_WIDTH - 2}" height="{max(height, 1)}">'
            f"<title>{label}</title></rect></a>"
        )
    first, last = dated[0][0], dated[-1][0]
    summary = f"Hits per year, {first} to {last}"
    return Markup(
        f'<svg class="timeline" role="group" aria-label="{summary}" width="{width}" '
        f'height="{CHART_HEIGHT + 14}" viewBox="0 0 {width} {CHART_HEIGHT + 14}">'
        f"{''.join(bars)}"
        f'<text x="0" y="{CHART_HEIGHT + 12}" class="axis">{first}</text>'
        f'<text x="{width}" y="{CHART_HEIGHT + 12}" class="axis end">{last}</text></svg>'
    )
