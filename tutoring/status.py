"""Cheap change detection for pupils' pages, kept in the cache rather than the database.

Every change a pupil's page should show bumps `TutorSession.version`; after commit the new
version goes to the cache (for plain polls) and is published on Redis (for long polls).

The long poll (`updates/?v=N&wait=1`) is answered by `long_poll_app`, an ASGI layer in front of
Django: it parks the request on the event loop, holding no thread and no database connection,
until a newer version is published or `STATUS_LONG_POLL_SECONDS` pass, then hands the request to
the ordinary Django view, which answers 204 from the cache or renders the conversation. One Redis
pub/sub connection per web process serves every waiting pupil in it.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import weakref
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisSerializer

from .models import TutorSession

logger = logging.getLogger("tutorconsole.tutoring")

WAITED_SCOPE_KEY = "tutorconsole.long_poll_waited"


def _key(session_id: int) -> str:
    return f"session-status:{session_id}"


def _channel_prefix() -> str:
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:session-status:"


_publisher = None
_publisher_lock = threading.Lock()
_serializer = RedisSerializer()
_REDIS_CACHE = f"{RedisCache.__module__}.{RedisCache.__qualname__}"


def _cache_is_redis() -> bool:
    """Whether the default cache is Redis at `REDIS_URL`, so its keys can be used directly."""
    return bool(settings.REDIS_URL) and settings.CACHES["default"]["BACKEND"] == _REDIS_CACHE


def _redis_publisher():
    """A thread-safe Redis client for publishing, or None when Redis is not configured."""
    global _publisher
    if not settings.REDIS_URL:
        return None
    if _publisher is None:
        with _publisher_lock:
            if _publisher is None:
                import redis

                _publisher = redis.Redis.from_url(settings.REDIS_URL)
    return _publisher


# Store a session's status only if its version is newer than the one stored, and announce it,
# in one round trip. Two bumps committed close together can reach Redis in either order; a
# plain SET would let the older one overwrite the newer, and a page already showing the older
# version would then be told "unchanged" until the next change. KEYS[1] is the cache entry
# (Django's serialised (pupil_id, version)), KEYS[2] the bare version beside it.
_STORE_NEWER = """
local version = tonumber(ARGV[2])
local known = tonumber(redis.call('GET', KEYS[2]) or '-1')
if version > known then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
  redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
end
redis.call('PUBLISH', ARGV[4], ARGV[5])
return version > known and 1 or 0
"""
_TTL = 24 * 60 * 60
_store_newer = None


def _store_and_publish(session_id: int, pupil_id: int, version: int) -> None:
    global _store_newer
    if not _cache_is_redis():
        cache.set(_key(session_id), (pupil_id, version), timeout=_TTL)
        return
    publisher = _redis_publisher()
    if _store_newer is None:
        _store_newer = publisher.register_script(_STORE_NEWER)
    key = cache.make_and_validate_key(_key(session_id))
    _store_newer(keys=[key, f"{key}:v"], args=[
        _serializer.dumps((pupil_id, version)), version, _TTL,
        f"{_channel_prefix()}{session_id}", f"{pupil_id}:{version}",
    ])


def session_status_bump(*, session_id: int, pupil_id: int | None = None,
                        version: int | None = None) -> int:
    """Record that something the pupil should see changed; return the new version.

    `pupil_id` and `version` come from the update that bumped the version, when the caller has
    them; otherwise they are read from the database.
    """
    if pupil_id is None or version is None:
        row = TutorSession.objects.filter(pk=session_id).values_list(
            "pupil_id", "version").first()
        if row is None:
            return 0
        pupil_id, version = row
    try:
        _store_and_publish(session_id, pupil_id, version)
    except Exception:  # noqa: BLE001 - the change is committed; the page must not go stale
        logger.warning("Could not store the status of session %s", session_id, exc_info=True)
        try:
            # Without an entry the next poll asks the database, so nothing is missed.
            cache.delete(_key(session_id))
        except Exception:  # noqa: BLE001
            logger.warning("Could not clear the status of session %s", session_id)
    return version


def session_status_remember(*, session_id: int, pupil_id: int, version: int) -> None:
    """Put a version read from the database back into the cache, unless one is there already.

    `add`, not `set`: a bump racing with this read must never be overwritten by an older version.
    """
    cache.add(_key(session_id), (pupil_id, version), timeout=24 * 60 * 60)


def session_status_version(*, session_id: int, pupil_id: int) -> int | None:
    """Return the last known version of the pupil's own session, or None when not known."""
    value = cache.get(_key(session_id))
    if not value or value[0] != pupil_id:
        return None
    return value[1]


# --- The long poll (ASGI) ------------------------------------------------------------------------


class _StatusListener:
    """One pub/sub subscription per process; wakes the pupils waiting on a session."""

    def __init__(self) -> None:
        self.waiters: dict[int, set[asyncio.Event]] = {}
        self.latest: dict[int, int] = {}
        self._task: asyncio.Task | None = None

    def ensure_running(self) -> None:
        if settings.REDIS_URL and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        import redis.asyncio as aioredis

        prefix = _channel_prefix()
        while True:
            client = aioredis.Redis.from_url(settings.REDIS_URL)
            try:
                async with client.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.psubscribe(f"{prefix}*")
                    async for item in pubsub.listen():
                        if item.get("type") != "pmessage":
                            continue
                        self._deliver(item["channel"], item["data"], prefix)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - reconnect; waiters fall back to their timeout
                logger.warning("Status listener lost Redis; reconnecting", exc_info=True)
                await asyncio.sleep(1)
            finally:
                await client.aclose()

    def _deliver(self, channel: bytes, data: bytes, prefix: str) -> None:
        try:
            session_id = int(channel.decode()[len(prefix):])
            version = int(data.decode().rsplit(":", 1)[1])
        except (ValueError, IndexError):
            return
        events = self.waiters.get(session_id)
        if not events:
            return
        self.latest[session_id] = max(version, self.latest.get(session_id, -1))
        for event in events:
            event.set()

    async def wait_newer(self, *, session_id: int, since: int, timeout: float) -> bool:
        """Wait until a version newer than `since` is published (True) or `timeout` passes."""
        event = asyncio.Event()
        self.waiters.setdefault(session_id, set()).add(event)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            # Subscribe first, then read the cache: a bump between the two is not missed.
            known = await _cached_version(session_id)
            if known is not None and known > since:
                return True
            while (remaining := deadline - loop.time()) > 0:
                try:
                    await asyncio.wait_for(event.wait(), remaining)
                except TimeoutError:
                    return False
                if self.latest.get(session_id, -1) > since:
                    return True
                event.clear()
            return False
        finally:
            events = self.waiters.get(session_id)
            if events is not None:
                events.discard(event)
                if not events:
                    del self.waiters[session_id]
                    self.latest.pop(session_id, None)


_listener = _StatusListener()

# --- Reading the cache from the event loop ---------------------------------------------------
# Django's cache has no native async: `cache.aget` runs `get` through sync_to_async with
# thread_sensitive=True, which outside a request means one thread per process for every long
# poll at once. With Redis the layer reads the keys itself, on the event loop, in one round trip.

_async_clients: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_CACHED_SESSIONS = ("django.contrib.sessions.backends.cached_db",
                    "django.contrib.sessions.backends.cache")


def _native_reads() -> bool:
    """Whether status versions and sessions can be read straight from Redis."""
    return (_cache_is_redis()
            and settings.SESSION_ENGINE in _CACHED_SESSIONS
            and settings.SESSION_CACHE_ALIAS == "default")


def _async_redis():
    """This event loop's Redis client (a client belongs to the loop that made it)."""
    loop = asyncio.get_running_loop()
    client = _async_clients.get(loop)
    if client is None:
        import redis.asyncio as aioredis

        client = _async_clients[loop] = aioredis.Redis.from_url(settings.REDIS_URL)
    return client


async def _cache_read(*keys: str) -> list[Any]:
    """The values of these default-cache keys (None where missing), read without a thread."""
    if not _native_reads():
        return [await cache.aget(key) for key in keys]
    raw = await _async_redis().mget([cache.make_and_validate_key(key) for key in keys])
    return [None if value is None else _serializer.loads(value) for value in raw]


async def _cached_version(session_id: int) -> int | None:
    value = (await _cache_read(_key(session_id)))[0]
    return value[1] if value else None


def _session_key(cookie_header: str) -> str | None:
    cookies = SimpleCookie()
    try:
        cookies.load(cookie_header)
    except Exception:  # noqa: BLE001 - a malformed cookie is an anonymous request
        return None
    morsel = cookies.get(settings.SESSION_COOKIE_NAME)
    # Django refuses keys this short as well (SessionBase._validate_session_key).
    return morsel.value if morsel is not None and len(morsel.value) >= 8 else None


async def _user_and_status(cookie_header: str, session_id: int) -> tuple[str | None, Any]:
    """The user id in the Django session named by the cookie, and the session's cached status.

    Both come from Redis in one round trip; a session not in the cache is loaded by the
    session engine (from the database) in a worker thread, as Django would.
    """
    from importlib import import_module

    from asgiref.sync import sync_to_async

    key = _session_key(cookie_header) if cookie_header else None
    if key is None:
        return None, (await _cache_read(_key(session_id)))[0]
    engine = import_module(settings.SESSION_ENGINE)
    if _native_reads():
        data, status = await _cache_read(engine.SessionStore.cache_key_prefix + key,
                                         _key(session_id))
        if data is not None:
            return data.get("_auth_user_id"), status
    else:
        status = (await _cache_read(_key(session_id)))[0]

    def load() -> Any:
        from django.db import connections

        try:
            return engine.SessionStore(key).get("_auth_user_id")
        finally:
            # No request ends in this thread to give the connection back to the pool.
            connections.close_all()

    return await sync_to_async(load, thread_sensitive=False)(), status


_UPDATES_PATH = re.compile(r"/sessions/(\d+)/updates/$")

ASGIApp = Callable[[dict, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]],
                   Awaitable[None]]


def long_poll_app(app: ASGIApp) -> ASGIApp:
    """Wrap the Django ASGI app: park `updates/?wait=1` requests until there is news."""

    async def application(scope, receive, send) -> None:
        if scope["type"] == "http" and scope.get("method") == "GET":
            match = _UPDATES_PATH.search(scope.get("path", ""))
            if match and await _long_poll(scope, int(match.group(1))) == "unchanged":
                await _send_no_content(send)
                return
        await app(scope, receive, send)

    return application


async def _send_no_content(send) -> None:
    await send({
        "type": "http.response.start",
        "status": 204,
        "headers": [(b"cache-control", b"no-store"), (b"vary", b"Cookie")],
    })
    await send({"type": "http.response.body", "body": b""})


async def _long_poll(scope: dict, session_id: int) -> str:
    """Wait for news for the pupil's own session: "unchanged" to answer 204, else "view".

    Anything unusual (no wait asked, another user's session, a version the cache does not know)
    goes to the Django view, which makes the full checks.
    """
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    timeout = float(settings.STATUS_LONG_POLL_SECONDS)
    if query.get("wait") != ["1"] or timeout <= 0:
        return "view"
    try:
        since = int(query.get("v", ["-1"])[0])
    except ValueError:
        return "view"
    # The view answers at once from here on: any waiting happens in this layer.
    scope[WAITED_SCOPE_KEY] = True
    # Only the session's own pupil may wait; anyone else goes straight to the view's checks.
    cookie = b"; ".join(v for k, v in scope.get("headers", []) if k == b"cookie").decode("latin-1")
    user_id, value = await _user_and_status(cookie, session_id)
    # A cached version behind the page's (a late write of an older bump) is not news: wait.
    if user_id is None or not value or str(value[0]) != str(user_id) or value[1] > since:
        return "view"
    _listener.ensure_running()
    if await _listener.wait_newer(session_id=session_id, since=since, timeout=timeout):
        return "view"
    return "unchanged"
