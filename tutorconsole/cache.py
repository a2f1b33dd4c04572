"""One Redis connection pool per process for the cache, whichever thread asks.

Django keeps a cache object per thread, and under ASGI every request runs in a thread of its
own: with the default pool class each request built a pool, opened a fresh Redis connection
(three round trips and a package-version lookup in redis-py) and dropped it again. redis-py's
pools are thread-safe, so every cache object in the process can draw on the same one.
"""

from __future__ import annotations

import os
import threading

import redis


class SharedConnectionPool(redis.ConnectionPool):
    """`from_url` hands back the process's pool for that URL and options, made once."""

    _pools: dict[tuple[int, str, str], redis.ConnectionPool] = {}
    _lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, **kwargs) -> redis.ConnectionPool:
        key = (os.getpid(), url, repr(sorted(kwargs.items())))
        pool = cls._pools.get(key)
        if pool is None:
            with cls._lock:
                pool = cls._pools.get(key)
                if pool is None:
                    pool = cls._pools[key] = super().from_url(url, **kwargs)
        return pool
