"""Benchmarks of dangan against the search tools a user would otherwise pick.

``python -m bench`` measures dangan, stock Whoosh with jieba's ChineseAnalyzer,
tantivy-py, SQLite FTS5 and ripgrep on the same passages and queries in one run and
writes ``bench/RESULTS.md`` and ``bench/results.png``. See ``bench/__main__.py``.
This package imports nothing at import time, so that ``python -m bench.cold`` starts
as fast as the tool it measures.
"""
