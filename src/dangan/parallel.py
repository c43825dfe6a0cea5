"""Indexing in several processes: Whoosh's multi-process writer with dangan's workers.

Imported only by a run that uses workers, so that a search never loads
multiprocessing. A worker lets go of the index lock it inherits at fork and exits when
dangan does: a killed run must leave no process holding the lock.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask


class WorkerTask(SubWriterTask):
    """A Whoosh writer process that lets go of the index lock it inherits at fork, and
    exits when dangan does: a killed run must leave no process holding the lock."""

    lock_fd = -1

    def run(self) -> None:
        if self.lock_fd >= 0:
            os.close(self.lock_fd)
        parent = os.getppid()

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.2)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
        super().run()


class ParallelWriter(MpWriter):
    """Whoosh's multi-process writer, with dangan's worker processes."""

    lock_fd = -1

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
        self.tasks.append(task)
        task.start()
        return task
