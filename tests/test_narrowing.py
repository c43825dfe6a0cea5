"""Narrow, sort, count and page: filters and date sorts against a brute-force filter
over ``export``, counts and pages against ``--limit all``, and the examples of the
issue that asked for them (the query language, dates, output that survives a pipe,
which index is searched)."""

from __future__ import annotations

import calendar
import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dangan.clean.dates import parse_dateline
from dangan.cli import cli
from dangan.errors import QueryError
from dangan.filters import Filters, SearchOptions
from dangan.search import export, search

WORDS = ("China", "Quemoy", "Chou", "recognition", "Formosa", "trade", "人民", "帝国主义", "Peking")
LANGS = {"en": {"en", "mixed"}, "zh": {"zh-Hans", "zh-Hant", "mixed"}, "zh-Hans": {"zh-Hans"}}


def _first_day(iso: str) -> int:
    parts = [int(p) for p in iso.split("-")]
    return (
        parts[0] * 10000
        + (parts[1] if len(parts) > 1 else 1) * 100
        + (parts[2] if len(parts) > 2 else 1)
    )


def _last_day(iso: str) -> int:
    parts = [int(p) for p in iso.split("-")]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(parts[0], month)[1]
    return parts[0] * 10000 + month * 100 + day


@pytest.fixture(scope="module")
def records(shared_index: Path) -> dict[str, tuple[int, dict]]:
    """Every unit's export record with its place in export order."""
    return {r["passage_id"]: (i, r) for i, r in enumerate(export(shared_index))}


def _keeps(record: dict, f: Filters) -> bool:
    m = record["metadata"]
    if f.date_from or f.date_to:
        if not m["date"]:
            return False
        start, end = _first_day(m["date"]), _last_day(m["date_end"] or m["date"])
        if f.date_to and start > _last_day(f.date_to):
            return False
        if f.date_from and end < _first_day(f.date_from):
            return False
    if f.collections and m["collection_id"] not in f.collections:
        return False
    if f.langs and m["language"] not in set().union(*(LANGS[x] for x in f.langs)):
        return False
    return not f.types or (m["doc_type"] or "").lower() in f.types


def _random_filters(rng: random.Random) -> Filters:
    year = rng.randint(1925, 1972)
    date_from = rng.choice([None, str(year), f"{year}-{rng.randint(1, 12):02d}"])
    date_to = rng.choice([None, str(year + rng.randint(0, 12))])
    return Filters(
        date_from=date_from,
        date_to=date_to,
        collections=tuple(rng.sample(["dfat", "frus", "mao-xuanji", "corpus"], rng.randint(0, 2))),
        langs=tuple(rng.sample(["en", "zh", "zh-Hans"], rng.randint(0, 1))),
        types=tuple(rng.sample(["cablegram", "memorandum", "minute"], rng.randint(0, 1))),
    )


def _date_key(record: dict, order: int, newest: bool) -> tuple:
    date = record["metadata"]["date"]
    if not date:
        return (1, 0, record["path"], order)
    return (0, -_first_day(date) if newest else _first_day(date), record["path"], order)


def test_filters_and_date_sorts_agree_with_a_brute_force_filter(
    shared_index: Path, records: dict[str, tuple[int, dict]]
) -> None:
    rng = random.Random(1958)
    for _ in range(50):
        query, filters = rng.choice(WORDS), _random_filters(rng)
        everything = search(query, shared_index, limit=None).ids
        expected = [pid for pid in everything if _keeps(records[pid][1], filters)]
        sort = rng.choice(["relevance", "date", "-date"])
        options = SearchOptions(limit=None, filters=filters, sort=sort)  # type: ignore[arg-type]
        found = search(query, shared_index, options).ids
        assert sorted(found) == sorted(expected), (query, filters)
        if sort == "relevance":
            assert found == expected, (query, filters)  # a filter never reorders
        else:
            key = {p: _date_key(records[p][1], records[p][0], sort == "-date") for p in found}
            assert found == sorted(found, key=key.__getitem__), (query, filters, sort)


def test_counts_equal_every_hit_and_pages_concatenate(shared_index: Path) -> None:
    for query in ("China", "人民", "Chou NEAR/10 Kissinger", "Quemoy date:1955..1958"):
        every = search(query, shared_index, limit=None)
        assert every.summary.total == len(every.ids) > 0
        assert every.summary.documents == len({i.rsplit("-", 1)[0] for i in every.ids})
        pages: list[str] = []
        for page in range(1, every.summary.total // 7 + 2):
            result = search(query, shared_index, limit=7, page=page)
            assert result.summary.total == every.summary.total
            pages += result.ids
        assert pages == every.ids
        assert [h.passage_id for h in search(query, shared_index, limit=7, page=2)] == pages[7:14]


def test_undated_documents_left_out_are_counted(
    shared_index: Path, records: dict[str, tuple[int, dict]]
) -> None:
    result = search("China", shared_index, SearchOptions(filters=Filters(date_from="1950")))
    every = search("China", shared_index, limit=None).ids
    undated = {records[i][1]["doc_id"] for i in every if not records[i][1]["metadata"]["date"]}
    assert result.summary.undated_left_out == len(undated) > 0
    assert search("China date:1950..", shared_index).summary.undated_left_out == len(undated)


def test_facets_count_the_hits(shared_index: Path, records: dict[str, tuple[int, dict]]) -> None:
    result = search("Formosa", shared_index, limit=1, facets=("year", "collection", "lang"))
    every = search("Formosa", shared_index, limit=None).ids
    years = dict(result.summary.facets["year"])
    for pid in every:
        date = records[pid][1]["metadata"]["date"]
        assert years[date[:4] if date else "undated"] > 0
    assert sum(years.values()) == sum(dict(result.summary.facets["collection"]).values())
    assert sum(years.values()) == result.summary.total == len(every)
    assert list(years) == sorted(years, key=lambda y: (y == "undated", y))


@pytest.mark.parametrize(
    ("query", "near"),
    [('"Chou Kissinger"~10', 10), ("Chou NEAR Kissinger", 10), ("Kissinger NEAR/3 Chou", 3)],
)
def test_proximity_finds_words_within_n_in_any_order(
    shared_index: Path, records: dict[str, tuple[int, dict]], query: str, near: int
) -> None:
    hits = search(query, shared_index, limit=None).ids
    assert hits
    for pid in hits:
        words = re.findall(r"\w+", records[pid][1]["text"].lower())
        chou = [i for i, w in enumerate(words) if w == "chou"]
        kissinger = [i for i, w in enumerate(words) if w == "kissinger"]
        assert min(abs(a - b) for a in chou for b in kissinger) <= near + 1, pid
    both = search("Chou Kissinger", shared_index, limit=None).ids
    assert set(hits) <= set(both)


def test_proximity_counts_the_words_between_and_phrases_as_their_words(tmp_path: Path) -> None:
    from dangan.index import build_index

    corpus = tmp_path / "c"
    corpus.mkdir()
    filler = " ".join(["word"] * 20)
    texts = {
        "near.txt": "Chou En-lai met Kissinger in Peking.",
        "far.txt": f"Chou En-lai spoke. {filler} Then Kissinger answered.",
        "reverse.txt": "Kissinger had met Chou En-lai.",
        "周.txt": "周恩来会见了基辛格。",
    }
    for name, text in texts.items():
        (corpus / name).write_text(text + "\n", "utf-8")
    build_index([corpus], tmp_path / "ix")

    def paths(query: str) -> set[str]:
        return {h.path for h in search(query, tmp_path / "ix", limit=None) if h.in_ == "body"}

    assert paths('"Chou Kissinger"~3') == {"near.txt", "reverse.txt"}
    assert paths('"Chou En-lai" NEAR/1 Kissinger') == {"near.txt"}
    assert paths('"Chou Kissinger"~30') == {"near.txt", "reverse.txt", "far.txt"}
    assert paths("周恩来 NEAR/3 基辛格") == {"周.txt"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"Chou * said"', "wildcards inside quotes are not supported"),
        ("Chou~", "fuzzy matching"),
        ("China^2", "boosts"),
        ("[1958 TO 1960]", "ranges in brackets"),
        ("date:1958-13", "not a date"),
        ("date:1960..1958", "ends before it starts"),
        ("lang:fr China", "language 'fr'"),
        ("Ch?u", "wildcards inside a word"),
        ("*ou", "a * can only end a word"),
        ('"Chou Kissinger"~abc', "takes a number of words"),
        ("Chou NEAR/x Kissinger", "NEAR/ takes a number"),
        ("Chou || Kissinger", "operators are the words OR"),
        ("NEAR China", "NEAR needs"),
    ],
)
def test_unsupported_syntax_says_so(shared_index: Path, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        search(query, shared_index)


@pytest.mark.parametrize(
    ("written", "iso", "kept"),
    [
        ("March 1959", "1959-03", "March 1959"),
        ("September 19532", "1953-09", "September 1953"),
        ("28 September 19532", "1953-09-28", "28 September 1953"),
        ("1959", "1959", "1959"),
        ("一九四九年三月", "1949-03", "一九四九年三月"),
        ("1949年3月5日", "1949-03-05", "1949年3月5日"),
        ("undated", None, "undated"),
    ],
)
def test_datelines(written: str, iso: str | None, kept: str) -> None:
    assert parse_dateline(written) == (iso, kept)


def test_month_only_datelines_of_the_corpora_are_dated(
    records: dict[str, tuple[int, dict]],
) -> None:
    by_path = {r["path"]: r["metadata"] for _, r in records.values()}
    assert by_path["dfat/vol22/76-extract-from-brief-for-tange.md"]["date"] == "1959-03"
    assert by_path["dfat/vol22/43-minute-from-griffth-to-brown.md"]["date"] == "1953-09"


# The command line -----------------------------------------------------------------------


def _run(*args: str, **kwargs: object) -> object:
    return CliRunner().invoke(cli, list(args), **kwargs)  # type: ignore[arg-type]


def test_cli_filters_sort_and_summary(shared_index: Path) -> None:
    args = ["search", "--index-dir", str(shared_index), "Quemoy", "--from", "1958-08"]
    result = _run(*args, "--to", "1958-10", "--collection", "dfat", "--sort", "date", "--json")
    found = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert found["hits"] and all("1958-08" <= h["date"] <= "1958-10-31" for h in found["hits"])
    assert {h["collection"] for h in found["hits"]} == {"dfat"}
    assert [h["date"] for h in found["hits"]] == sorted(h["date"] for h in found["hits"])
    text = _run("search", "--index-dir", str(shared_index), "China", "-l", "3")
    assert re.fullmatch(
        rf"showing 1–3 of [\d,]+ hits in [\d,]+ documents · index {shared_index}\n",
        text.stderr,  # type: ignore[attr-defined]
    )


def test_cli_short_options_and_negation(shared_index: Path) -> None:
    limited = _run(
        "search", "--index-dir", str(shared_index), "China", "-l", "2", "--format", "oneline"
    )
    assert len(limited.stdout.splitlines()) == 2  # type: ignore[attr-defined]
    helped = _run("search", "-h")
    assert helped.exit_code == 0 and "Usage: dangan search" in helped.stdout  # type: ignore[attr-defined]
    negated = _run("search", "--index-dir", str(shared_index), "Rao", "-Gao", "--json")
    hits = json.loads(negated.stdout)["hits"]  # type: ignore[attr-defined]
    assert hits and all("gao" not in h["text"].lower() for h in hits)


def test_piped_output_marks_matches_and_oneline_is_tab_separated(shared_index: Path) -> None:
    result = _run("search", "--index-dir", str(shared_index), "Quemoy", "--format", "oneline")
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert lines and all(len(line.split("\t")) == 4 for line in lines)
    assert all("«Quemoy" in line for line in lines) and "\x1b[" not in result.stdout  # type: ignore[attr-defined]
    coloured = _run("search", "--index-dir", str(shared_index), "Quemoy", "--color", "always")
    assert "\x1b[" in coloured.stdout and "«" not in coloured.stdout  # type: ignore[attr-defined]


def test_a_named_index_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "indx"
    result = _run("search", "--index-dir", str(missing), "China")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        f"Error: no index at {missing}; build one with: dangan index [PATH ...] "
        f"--index-dir {missing}, or check the folder's name\n"
    )
    assert not missing.exists()
    from_env = _run("search", "China", env={"DANGAN_INDEX_DIR": str(missing)})
    assert from_env.exit_code == 1 and not missing.exists()  # type: ignore[attr-defined]


def test_facets_timeline_and_collections(shared_index: Path, tmp_path: Path) -> None:
    bars = _run("search", "--index-dir", str(shared_index), "Formosa", "--by", "decade", "-n", "1")
    lines = bars.stdout.splitlines()  # type: ignore[attr-defined]
    assert lines[0] == "hits by decade" and re.match(r"  19\d0s +█+ +\d+$", lines[1])
    png = tmp_path / "t.png"
    timeline = _run("timeline", "--index-dir", str(shared_index), "Formosa", "--png", str(png))
    years = [line.split()[0] for line in timeline.stdout.splitlines()]  # type: ignore[attr-defined]
    dated = [int(y) for y in years if y.isdigit()]
    assert dated == list(range(dated[0], dated[-1] + 1))  # years without hits are shown too
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    listed = _run("collections", "--index-dir", str(shared_index), "--json")
    found = {c["collection_id"]: c for c in json.loads(listed.stdout)}  # type: ignore[attr-defined]
    assert found["dfat"]["documents"] == 269 and found["mao-xuanji"]["languages"] == ["zh-Hans"]
    assert found["frus"]["first_date"] == "1965-06-04"


def test_option_values_that_start_with_a_minus_stay_values(shared_index: Path) -> None:
    base = ["search", "--index-dir", str(shared_index)]
    newest = _run(*base, "China", "--sort", "-date", "--json")
    dates = [h["date"] for h in json.loads(newest.stdout)["hits"]]  # type: ignore[attr-defined]
    assert dates == sorted(dates, reverse=True)
    glued = _run(*base, "China", "-n5", "--format", "oneline")
    assert len(glued.stdout.splitlines()) == 5  # type: ignore[attr-defined]
    phrase = _run(*base, "China", "-Chou En-lai", "--json")  # as the shell passes -"Chou En-lai"
    hits = json.loads(phrase.stdout)["hits"]  # type: ignore[attr-defined]
    assert len(hits) == 10 and all("chou en-lai" not in h["text"].lower() for h in hits)


def test_unknown_collections_and_types_are_named(shared_index: Path) -> None:
    with pytest.raises(QueryError, match=r"no collection 'nosuch' in .*'dfat', 'frus'"):
        search("China", shared_index, SearchOptions(filters=Filters(collections=("nosuch",))))
    with pytest.raises(QueryError, match="no document type 'xyz'"):
        search("China", shared_index, SearchOptions(filters=Filters(types=("xyz",))))
    by_name = search(
        "China", shared_index, SearchOptions(filters=Filters(collections=("Foreign Relations",)))
    )
    assert by_name.summary.total and {h.collection for h in by_name} == {"frus"}
    quoted = search('China type:"record of conversation"', shared_index, limit=None)
    assert (
        quoted.summary.total
        == search(
            "China", shared_index, limit=None, filters=Filters(types=("Record of Conversation",))
        ).summary.total
        > 0
    )
    assert (
        search("China", shared_index, filters=Filters(langs=("ZH",))).summary.total
        == search("China", shared_index, filters=Filters(langs=("zh",))).summary.total
    )


def test_years_far_from_the_corpus_match_nothing(shared_index: Path) -> None:
    for query in ("date:1000", "date:0001", "date:0100..0200", "China date:1678"):
        assert search(query, shared_index).summary.total == 0, query


def test_a_date_filter_under_not_leaves_no_undated_document_out(shared_index: Path) -> None:
    assert search("China -date:1964", shared_index).summary.undated_left_out == 0


def test_citations_are_not_mixed_with_facets_and_a_closed_pipe_is_no_error(
    shared_index: Path,
) -> None:
    cited = _run(
        "search", "--index-dir", str(shared_index), "Quemoy", "--by", "year", "--cite", "ris"
    )
    assert cited.stdout.startswith("TY  - ")  # type: ignore[attr-defined]
    import subprocess
    import sys

    piped = subprocess.run(
        f"{sys.executable} -m dangan search --index-dir {shared_index} China --limit all | head -1",
        shell=True,
        capture_output=True,
        text=True,
        executable="/bin/bash",
    )
    assert piped.stdout.count("\n") == 1 and "Traceback" not in piped.stderr
    command = f"{sys.executable} -m dangan search --index-dir {shared_index} China --limit all"
    status = subprocess.run(["bash", "-o", "pipefail", "-c", f"{command} | head -1 > /dev/null"])
    assert status.returncode == 0
