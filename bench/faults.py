"""Fault injection against the dangan command, by its behaviour only: processes,
signals, files on disk and ``dangan export``. Shared by the reliability tests
(tests/test_reliability.py, a short run) and the crash-loop benchmark
(bench/crashloop.py, the full run), so that both mean the same by "a kill" and "the
same index". Nothing here imports dangan's internals.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WORDS = (
    "Gao", "Gang", "Rao", "Shushi", "plenum", "criticised", "February", "conference",
    "delegates", "cadres", "Liu", "Shaoqi", "Zhou", "Enlai", "Yudin", "Molotov", "treaty",
    "alliance", "Peking", "Moscow", "report", "committee", "resolution",
)  # fmt: skip
HAN = "高岗饶漱石全会批判中央委员会刘少奇周恩来毛泽东七千人大会报告决议"


def write_corpus(folder: Path, files: int, seed: int = 0, paragraphs: int = 4) -> None:
    """A generated corpus of plain-text files in English and Chinese (several
    passages each), the same for the same arguments."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        chunks = [f"Document {n}"]
        for _ in range(paragraphs):
            if rng.random() < 0.3:
                chunks.append("".join(rng.choice(HAN) for _ in range(rng.randint(150, 400))))
            else:
                chunks.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(80, 200))))
        (folder / f"doc{n:04}.txt").write_text("\n\n".join(chunks) + "\n", encoding="utf-8")


def change_some(folder: Path, rng: random.Random, share: float = 0.3) -> None:
    """Change, add and delete some of a generated corpus's files."""
    files = sorted(folder.glob("*.txt"))
    for file in files:
        roll = rng.random()
        if roll < share / 2:
            file.write_text(file.read_text(encoding="utf-8") + f"\n\nAdded {rng.random()}\n")
        elif roll < share * 0.6:
            file.unlink()
    for n in range(rng.randint(0, 5)):
        extra = folder / f"new{rng.randrange(10**6):06}-{n}.txt"
        extra.write_text(" ".join(rng.choice(WORDS) for _ in range(300)), encoding="utf-8")


def dangan_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "dangan", *args]


def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        dangan_command(*args), capture_output=True, text=True, timeout=timeout, env=env
    )


def snapshot(index_dir: Path) -> dict[str, str]:
    """Every file of an index folder (the lock aside) and the SHA-256 of its bytes."""
    return {
        str(p.relative_to(index_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(index_dir.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def exported(index_dir: Path) -> dict[str, str]:
    """Passage id → text, from ``dangan export``; an error if the export fails or holds
    an id twice."""
    result = run("export", "--index-dir", str(index_dir))
    if result.returncode != 0:
        raise AssertionError(f"export failed: {result.stderr.strip()}")
    return by_id(json.loads(line) for line in result.stdout.splitlines())


def by_id(records: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Passage id → text of exported records; an error if an id comes twice."""
    found: dict[str, str] = {}
    for record in records:
        pid = record["passage_id"]
        if pid in found:
            raise AssertionError(f"passage {pid} is exported twice")
        found[pid] = record["text"]
    return found


@dataclass(frozen=True)
class Difference:
    lost: int
    extra: int
    changed: int

    @property
    def none(self) -> bool:
        return not (self.lost or self.extra or self.changed)


def compare(found: dict[str, str], expected: dict[str, str]) -> Difference:
    return Difference(
        lost=len(expected.keys() - found.keys()),
        extra=len(found.keys() - expected.keys()),
        changed=sum(1 for k in expected.keys() & found.keys() if found[k] != expected[k]),
    )


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (dangan's indexing workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == pid and b"resource_tracker" not in cmdline:
            found.append(int(entry.name))
    return found


def start(*args: str, session: bool = False) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(
        dangan_command(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=session,
    )


def wait_for_workers(proc: subprocess.Popen[str], timeout: float = 120) -> list[int]:
    """Wait until the run has started its workers; none if it ended first."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        workers = children(proc.pid)
        if workers:
            return workers
        if time.monotonic() > deadline:
            raise AssertionError("the run started no worker")
        time.sleep(0.01)
    return []


def kill_at(proc: subprocess.Popen[str], delay: float, target: str) -> str:
    """After ``delay`` seconds kill -9 the run's main process or one of its workers,
    whichever ``target`` says ("main", "worker"); what was killed, or "none" if the
    run ended first (or had no worker to kill)."""
    deadline = time.monotonic() + delay
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    if proc.poll() is not None:
        return "none"
    if target == "worker":
        workers = children(proc.pid)
        if not workers:
            return "none"
        os.kill(random.choice(workers), signal.SIGKILL)
        return "worker"
    proc.kill()
    return "main"


def stderr_lines(text: str) -> Sequence[str]:
    """The lines of a run's stderr besides the progress bar's."""
    return [line for line in text.splitlines() if line.strip() and not line.startswith("Indexing")]


_READER = """
import sys
from pathlib import Path
from dangan.search import search
index_dir, stop, queries = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
done = errors = empty = 0
while not stop.exists():
    for q in queries:
        try:
            if not search(q, index_dir, limit=3):
                empty += 1
        except Exception as exc:
            errors += 1
            print(type(exc).__name__, exc, file=sys.stderr)
        done += 1
print(done, errors, empty)
"""


def start_readers(
    index_dir: Path, stop: Path, queries: Sequence[str], count: int
) -> list[subprocess.Popen[str]]:
    """Processes that search ``queries`` (each must have hits) in a loop until the file
    ``stop`` exists."""
    return [
        subprocess.Popen(
            [sys.executable, "-c", _READER, str(index_dir), str(stop), *queries],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]


def stop_readers(procs: Sequence[subprocess.Popen[str]]) -> tuple[int, int, int]:
    """Searches made, errors and empty answers of readers told to stop."""
    searches = errors = empty = 0
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        done, failed, nothing = (int(x) for x in out.split())
        searches, errors, empty = searches + done, errors + failed, empty + nothing
        if err.strip():
            print(err.strip()[-2000:], file=sys.stderr)
    return searches, errors, empty
