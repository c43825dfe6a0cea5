"""Indexing in several processes: Whoosh's multi-process writer with dangan's workers.

Imported only by a run that uses workers, so that a search never loads
multiprocessing. What it adds to Whoosh's writer is that no worker can fail unnoticed:

- a worker lets go of the index lock it inherits at fork, ignores Ctrl-C from the
  moment it exists (the run handles it once, in the main process) and exits when
  dangan does, so a killed run leaves no process holding the lock;
- a worker that fails sends its error to the main process instead of printing a
  traceback, and the run fails with that error;
- the main process never waits on a worker blindly: while it hands out work and
  while it waits for the results it watches every worker, and a worker that died (a
  signal, the out-of-memory killer, an error) fails the run with one line naming it;
- cancelling ends the workers.

A run whose workers did not all finish cleanly never commits, so the previous
generation stays current.
"""

from __future__ import annotations

import errno
import os
import pickle
import queue
import signal
import threading
import time
from multiprocessing import Queue
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name

from ...errors import IndexWorkerError

POLL_SECONDS = 0.2
"""How often a waiting main process looks at its workers."""


def _error_record(exc: BaseException) -> tuple[str, int, str]:
    """What the main process needs to re-raise a worker's error: kind, errno, text."""
    if isinstance(exc, OSError):
        return ("os", exc.errno or 0, exc.strerror or str(exc))
    return (type(exc).__name__, 0, str(exc))


class WorkerTask(SubWriterTask):
    """A Whoosh writer process that reports its failure instead of printing it."""

    lock_fd = -1
    errors: Any = None  # a Queue of _error_record tuples, set before start()

    def run(self) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked at fork
        if self.lock_fd >= 0:
            os.close(self.lock_fd)
        parent = os.getppid()

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(POLL_SECONDS)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
        try:
            super().run()
        except BaseException as exc:  # reported to the main process, never printed
            self.errors.put(_error_record(exc))
            self.errors.close()
            self.errors.join_thread()
            os._exit(1)


def _death(task: WorkerTask, n: int) -> str:
    code = task.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        why = f"was killed by {name}" + (" (out of memory?)" if name == "SIGKILL" else "")
    else:
        why = f"exited with status {code}"
    return f"indexing worker {n} (pid {task.pid}) {why}"


def _failed(what: str) -> IndexWorkerError:
    return IndexWorkerError(f"{what}; the run was stopped and the previous index is unchanged")


class ParallelWriter(MpWriter):
    """Whoosh's multi-process writer (one segment per worker), with watched workers."""

    lock_fd = -1

    def __init__(self, ix: Any, procs: int, **kwargs: Any) -> None:
        super().__init__(ix, procs=procs, multisegment=True, **kwargs)
        self.errors: Any = Queue()
        self.docbuffer: list[Any] = []

    def _new_task(self) -> Any:
        task = WorkerTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        task.lock_fd = self.lock_fd
        task.errors = self.errors
        self.tasks.append(task)
        # Ctrl-C between the fork and the worker's ignoring it would print a traceback.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            task.start()
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        return task

    def _check_workers(self, finishing: bool) -> None:
        """Fail the run if a worker died; before ``finishing`` any exit is a death."""
        try:
            kind, code, text = self.errors.get_nowait()
        except queue.Empty:
            pass
        else:
            if kind == "os":
                raise OSError(code or errno.EIO, text)
            if kind == "MemoryError":
                raise _failed("an indexing worker ran out of memory")
            raise _failed(f"an indexing worker failed ({kind}: {text})")
        for n, task in enumerate(self.tasks, 1):
            if task.exitcode is not None and (task.exitcode != 0 or not finishing):
                raise _failed(_death(task, n))

    def _put(self, job: Any, finishing: bool = False) -> None:
        """Put a job on the queue, watching the workers while it is full (a worker that
        had its end-of-work job may have exited by now: ``finishing``)."""
        while True:
            self._check_workers(finishing)
            try:
                self.jobqueue.put(job, timeout=POLL_SECONDS)
                return
            except queue.Full:
                continue

    def _enqueue(self) -> None:
        """Hand the buffered documents to a worker as a job file (as Whoosh does, but
        putting the job with :meth:`_put`: Whoosh's put waits forever on dead workers)."""
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as f:
            for item in self.docbuffer:
                pickle.dump(item, f, 2)
        if len(self.tasks) < self.procs:
            self._new_task()
        self._put((filename, len(self.docbuffer)))
        self.docbuffer = []

    def _results(self) -> list[Any]:
        results: list[Any] = []
        while len(results) < len(self.tasks):
            try:
                results.append(self.resultqueue.get(timeout=POLL_SECONDS))
                continue
            except queue.Empty:
                self._check_workers(finishing=True)
            if all(task.exitcode == 0 for task in self.tasks):
                try:  # the last results may have been sent just before the exits
                    results.append(self.resultqueue.get(timeout=POLL_SECONDS))
                except queue.Empty:
                    missing = len(self.tasks) - len(results)
                    raise _failed(f"{missing} indexing worker(s) ended without a segment") from None
        return results

    def _commit(self, mergetype: Any, optimize: Any, merge: Any) -> None:
        """Whoosh's parallel commit (multisegment), waiting on the workers watchfully."""
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self._put(None, finishing=True)
        finalsegments = self._merge_segments(mergetype, optimize, merge)
        results = self._results()
        for task in self.tasks:
            while task.exitcode is None:
                task.join(POLL_SECONDS)
                self._check_workers(finishing=True)
        self._check_workers(finishing=True)
        finalsegments += [segment for _, _, segment in results]
        if self._added:
            finalsegments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(finalsegments)
        self._finish()

    def cancel(self) -> None:
        """Stop the workers, then drop what this writer wrote."""
        for task in self.tasks:
            if task.exitcode is None:
                task.terminate()
        for task in self.tasks:
            task.join(5)
            if task.exitcode is None:
                task.kill()
                task.join()
        super().cancel()
