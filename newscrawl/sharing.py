"""Objects one process shares among its users: the crawlers of ``newscrawl run SITE SITE…`` run in one
process and share its extraction pool and one connection per index file. The first :meth:`Shared.acquire`
makes the object, and the last :meth:`Shared.release` tells its caller to close it."""
from __future__ import annotations

import threading
from typing import Any, Callable, Hashable, TypeVar

T = TypeVar("T")


class Shared:
    def __init__(self) -> None:
        self._held: dict[Hashable, tuple[Any, int]] = {}  # key -> (object, users)
        self._lock = threading.Lock()

    def acquire(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            obj, users = self._held.get(key, (None, 0))
            if obj is None:
                obj = make()
            self._held[key] = (obj, users + 1)
            return obj

    def release(self, key: Hashable, obj: Any) -> bool:
        """One user of ``obj`` is done: True when it was the last (the caller closes it). False also for an
        object not held under ``key``."""
        with self._lock:
            held = self._held.get(key)
            if held is None or held[0] is not obj:
                return False
            if held[1] > 1:
                self._held[key] = (obj, held[1] - 1)
                return False
            del self._held[key]
            return True
