"""factory_boy factories for the school structure and tutoring."""

from __future__ import annotations

import factory

from tutorconsole.models import PupilProfile, School, SchoolClass, Trust, User

PASSWORD = "correct-horse-battery-staple-42"


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust
        django_get_or_create = ("name",)

    name = "Test Trust"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    trust = factory.SubFactory(TrustFactory)
    name = factory.Sequence(lambda n: f"School {n}")
    urn = factory.Sequence(lambda n: f"{100000 + n}")
    tutoring_enabled = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Firstname{n}")
    last_name = factory.Sequence(lambda n: f"Surname{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = User.Role.PUPIL
    school = factory.SubFactory(SchoolFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PupilFactory(UserFactory):
    role = User.Role.PUPIL

    @factory.post_generation
    def profile(obj, create, extracted, **kwargs):
        if create:
            PupilProfile.objects.get_or_create(user=obj, defaults=kwargs)


class TeacherFactory(UserFactory):
    role = User.Role.TEACHER


class DslFactory(UserFactory):
    role = User.Role.DSL
    phone = "0161 496 0000"


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"10X{n}")
    subject = "maths"
