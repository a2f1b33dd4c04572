"""Sign-in suited to schools: lockout, staff password rules, two-factor for DSLs, idle expiry."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tutorconsole.middleware import KEY as LAST_SEEN
from tutorconsole.models import AuditEvent

from ..conftest import login
from ..factories import PASSWORD


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_username_is_locked_after_repeated_wrong_passwords(world_a):
    client = Client()
    for _ in range(3):
        response = client.post(reverse("login"), {"username": world_a.teacher.username,
                                                  "password": "wrong-password-123"})
        assert response.status_code in (200, 429)
    locked = client.post(reverse("login"), {"username": world_a.teacher.username,
                                            "password": PASSWORD})
    assert locked.status_code == 429
    assert b"Too many attempts" in locked.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_another_pupil_can_still_sign_in_while_one_is_locked(world_a):
    client = Client()
    for _ in range(3):
        client.post(reverse("login"), {"username": world_a.pupil.username, "password": "nope"})
    response = Client().post(reverse("login"), {"username": world_a.other_pupil.username,
                                                "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_staff_passwords_need_twelve_characters_and_more_than_letters(world_a):
    with pytest.raises(ValidationError) as short:
        validate_password("Kx9#mPq2", user=world_a.teacher)
    assert "at least 12" in str(short.value)
    with pytest.raises(ValidationError):
        validate_password("onlylettersherebutlong", user=world_a.dsl)
    validate_password("tide-marker-oak-71", user=world_a.teacher)


@pytest.mark.django_db
def test_pupils_keep_the_simpler_password_rules(world_a):
    validate_password("Kx9mPq2z", user=world_a.pupil)


@pytest.mark.django_db
def test_a_dsl_without_a_confirmed_device_is_sent_to_set_one_up_before_seeing_concerns(world_a):
    client = login(world_a.dsl, second_factor=False)
    response = client.get(reverse("safeguarding:concern_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    assert client.get(reverse("safeguarding:concern_list"), follow=True
                      ).request["PATH_INFO"] == reverse("two_factor_setup")


@pytest.mark.django_db
def test_a_dsl_who_confirms_a_device_then_sees_concerns(world_a):
    client = login(world_a.dsl, second_factor=False)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=world_a.dsl)
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    response = client.post(reverse("two_factor_setup"),
                           {"token": f"{token:06d}", "next": reverse("safeguarding:concern_list")})
    assert response.status_code == 302
    assert client.get(reverse("safeguarding:concern_list")).status_code == 200
    assert AuditEvent.objects.filter(action="account.two_factor_confirmed",
                                     actor=world_a.dsl).exists()


@pytest.mark.django_db
def test_a_dsl_with_a_device_must_enter_a_code_at_each_sign_in(world_a):
    device = TOTPDevice.objects.create(user=world_a.dsl, name="phone", confirmed=True)
    client = login(world_a.dsl, second_factor=False)
    response = client.get(reverse("safeguarding:concern_list"))
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert client.post(reverse("two_factor_verify"), {"token": "abc"}).status_code == 400
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    client.post(reverse("two_factor_verify"), {"token": f"{token:06d}"})
    assert client.get(reverse("safeguarding:concern_list")).status_code == 200


@pytest.mark.django_db
def test_a_teacher_may_sign_in_without_a_second_factor(world_a):
    assert login(world_a.teacher).get(reverse("review:queue")).status_code == 200


@pytest.mark.django_db
@override_settings(PUPIL_IDLE_TIMEOUT_SECONDS=60, STAFF_IDLE_TIMEOUT_SECONDS=3600)
def test_a_pupil_on_a_shared_device_is_signed_out_after_a_short_idle_time(world_a):
    client = login(world_a.pupil)
    assert client.get(reverse("tutoring:session_list")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 61
    session.save()
    response = client.get(reverse("tutoring:session_list"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
@override_settings(PUPIL_IDLE_TIMEOUT_SECONDS=60, STAFF_IDLE_TIMEOUT_SECONDS=3600)
def test_staff_keep_their_session_over_the_same_idle_time(world_a):
    client = login(world_a.teacher)
    client.get(reverse("review:queue"))
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 61
    session.save()
    assert client.get(reverse("review:queue")).status_code == 200


@pytest.mark.django_db
@override_settings(PUPIL_IDLE_TIMEOUT_SECONDS=60)
def test_background_polling_does_not_keep_a_pupil_signed_in(world_a):
    from ..security.helpers import held_reply

    reply = held_reply(world_a)
    client = login(world_a.pupil)
    client.get(reverse("tutoring:session_list"))
    session = client.session
    seen = int(time.time()) - 50
    session[LAST_SEEN] = seen
    session.save()
    client.get(reverse("tutoring:session_updates", args=[reply.session_id]) + "?v=-1")
    assert client.session[LAST_SEEN] == seen


def test_sessions_end_when_the_browser_closes_and_after_a_working_day(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True
