"""The demo data and its logins."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tutorconsole.models import School, User
from tutoring.models import Reply

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_two_schools_prints_logins_and_the_logins_work(settings):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()
    assert "nf.teacher" in printed and "rs.dsl" in printed and "demo-tutor-2026" in printed
    assert School.objects.filter(tutoring_enabled=True).count() == 2
    assert Reply.objects.filter(state="held").exists()

    client = Client()
    assert client.login(username="nf.pupil1", password="demo-tutor-2026")
    assert client.get(reverse("tutoring:session_list")).status_code == 200

    # Running it again changes nothing.
    users = User.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.count() == users


def test_a_demo_dsl_can_pass_the_second_factor_with_the_demo_code(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    client = Client()
    response = client.post(reverse("login"),
                           {"username": "nf.dsl", "password": "demo-tutor-2026"})
    assert response.status_code == 302
    setup = client.get(reverse("two_factor_setup"))
    assert setup.status_code == 200
    out = StringIO()
    call_command("demo_totp", "nf.dsl", stdout=out)
    response = client.post(reverse("two_factor_setup"), {"token": out.getvalue().strip()})
    assert response.status_code == 302
    assert client.get(reverse("safeguarding:concern_list")).status_code == 200
