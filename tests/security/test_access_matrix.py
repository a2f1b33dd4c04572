"""Every URL, as every role, from inside and outside the school, and anonymously.

The table below is the contract: a new URL fails this test until its row is added.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ..conftest import login
from .helpers import held_reply, school_admin, teacher_concern, trust_admin

OK = "ok"  # 200 or 302 (and 400 for a POST with an empty form: allowed but invalid)
PUBLIC = "public"
ROLES = ("pupil", "teacher", "dsl", "admin", "trust")


def row(method, *, pupil=403, teacher=403, dsl=403, admin=403, trust=403, args=()):
    return {"method": method, "args": args,
            "expect": dict(pupil=pupil, teacher=teacher, dsl=dsl, admin=admin, trust=trust)}


def everyone(method, args=()):
    return row(method, pupil=OK, teacher=OK, dsl=OK, admin=OK, trust=OK, args=args)


TABLE = {
    "home": everyone("GET"),
    "login": {"method": "GET", "args": (), "expect": PUBLIC},
    "logout": everyone("POST"),
    "privacy": {"method": "GET", "args": (), "expect": PUBLIC},
    "health": {"method": "GET", "args": (), "expect": PUBLIC},
    "two_factor_setup": row("GET", teacher=OK, dsl=OK, admin=OK),
    "two_factor_verify": everyone("GET"),
    "data_protection": row("GET", teacher=OK, dsl=OK, admin=OK),
    "pupil_data_list": row("GET", dsl=OK, admin=OK),
    "pupil_export": row("GET", dsl=OK, admin=OK, args=("pupil", "json")),
    "pupil_erase": row("GET", dsl=OK, admin=OK, args=("pupil",)),
    "tutoring:session_list": row("GET", pupil=OK),
    "tutoring:session_new": row("POST", pupil=OK),
    "tutoring:preferences": row("POST", pupil=OK),
    "tutoring:session_detail": row("GET", pupil=OK, args=("session",)),
    "tutoring:message_new": row("POST", pupil=OK, args=("session",)),
    "tutoring:session_updates": row("GET", pupil=OK, args=("session",)),
    "offloading_report": row("GET", teacher=OK),
    "review:queue": row("GET", teacher=OK),
    "review:bulk_approve": row("GET", teacher=OK),
    "review:class_detail": row("GET", teacher=OK, args=("class",)),
    "review:class_figures_csv": row("GET", teacher=OK, args=("class",)),
    "review:pupil_settings": row("GET", teacher=OK, args=("pupil",)),
    "review:pupil_session": row("GET", teacher=OK, args=("pupil", "session")),
    "review:item": row("GET", teacher=OK, args=("reply",)),
    "review:approve": row("POST", teacher=OK, args=("reply",)),
    "review:edit": row("POST", teacher=OK, args=("reply",)),
    "review:reject": row("POST", teacher=OK, args=("reply",)),
    "review:regenerate": row("POST", teacher=OK, args=("reply",)),
    "review:write": row("POST", teacher=OK, args=("reply",)),
    "review:raise_concern": row("POST", teacher=OK, args=("reply",)),
    "safeguarding:concern_list": row("GET", teacher=OK, dsl=OK),
    "safeguarding:concern_detail": row("GET", teacher=OK, dsl=OK, args=("concern",)),
    "safeguarding:concern_acknowledge": row("POST", dsl=OK, args=("concern",)),
    "safeguarding:concern_action": row("POST", dsl=OK, args=("concern",)),
    "safeguarding:concern_close": row("POST", dsl=OK, args=("concern",)),
    "safeguarding:concern_export": row("GET", dsl=OK, args=("concern", "csv")),
    "safeguarding:message_raise_concern": row("POST", teacher=OK, dsl=OK, args=("message",)),
}


def served_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith("admin/"):
                    continue
                walk(p.url_patterns, f"{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern):
                names.add(namespace + (p.name or str(p.pattern)))

    walk(get_resolver().url_patterns)
    return names


def test_every_url_the_app_serves_is_in_the_access_table():
    served = served_url_names()
    missing = sorted(served - set(TABLE))
    assert not missing, f"Add these URLs to the access table: {missing}"
    assert not sorted(set(TABLE) - served), "The table names URLs the app no longer serves"


def _allowed(status: int, method: str) -> bool:
    return status in ((200, 302, 400) if method == "POST" else (200, 302))


def _request(client: Client, method: str, url: str):
    return client.post(url, {}) if method == "POST" else client.get(url)


@pytest.mark.django_db
def test_each_role_gets_exactly_what_the_table_says_inside_and_outside_the_school(
    world_a, world_b
):
    reply = held_reply(world_a)
    concern = teacher_concern(world_a, reply)
    objects = {"pupil": world_a.pupil.pk, "session": reply.session_id, "reply": reply.pk,
               "concern": concern.pk, "class": world_a.klass.pk, "message": reply.message_id,
               "json": "json", "csv": "csv"}
    people = {
        "inside": {"pupil": world_a.pupil, "teacher": world_a.teacher, "dsl": world_a.dsl,
                   "admin": school_admin(world_a), "trust": trust_admin(world_a)},
        "outside": {"pupil": world_b.pupil, "teacher": world_b.teacher, "dsl": world_b.dsl,
                    "admin": school_admin(world_b)},
    }
    failures = []
    for name, spec in TABLE.items():
        url = reverse(name, args=[objects[a] for a in spec["args"]])
        method = spec["method"]
        anonymous = _request(Client(), method, url)
        if spec["expect"] == PUBLIC:
            if anonymous.status_code != 200:
                failures.append(f"anonymous {method} {url}: {anonymous.status_code}")
            continue
        if anonymous.status_code != 302 or not anonymous["Location"].startswith("/login/"):
            failures.append(f"anonymous {method} {url}: {anonymous.status_code}, not to login")
        for where, roles in people.items():
            for role, user in roles.items():
                expected = spec["expect"][role]
                if where == "outside" and expected == OK and spec["args"]:
                    expected = 404  # another school's object does not exist for them
                status = _request(login(user), method, url).status_code
                good = _allowed(status, method) if expected == OK else status == expected
                if not good:
                    failures.append(f"{where} {role} {method} {url}: got {status}, "
                                    f"expected {expected}")
    assert not failures, "\n".join(failures)
