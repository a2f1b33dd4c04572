"""Create a demo trust with two schools, staff, pupils and some history; print the logins."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from safeguarding.services import concern_open
from tutorconsole.models import PupilProfile, School, SchoolClass, Trust, User
from tutorconsole.services import school_enable_tutoring
from tutoring.models import Message, Reply, ReplyDraft, TutorSession
from tutoring.states import ReplyState

DEMO_PASSWORD = "demo-tutor-2026"

SCHOOLS = [
    {
        "name": "Northfield Academy", "urn": "900001", "prefix": "nf",
        "teacher": ("Amira", "Khan"), "dsl": ("Gareth", "Jones"), "deputy": ("Priya", "Shah"),
        "pupils": [("Ella", "Brown", True, False, False, ""), ("Kacper", "Nowak", True, False, True,
                   "Polish"), ("Jayden", "Smith", False, True, False, ""),
                   ("Aisha", "Begum", True, False, True, "Bengali")],
    },
    {
        "name": "Riverside School", "urn": "900002", "prefix": "rs",
        "teacher": ("Tom", "Hughes"), "dsl": ("Sarah", "Okafor"), "deputy": ("Liam", "Murphy"),
        "pupils": [("Maya", "Patel", True, False, False, ""), ("Oliver", "Wood", False, False,
                   False, ""), ("Zainab", "Ali", True, True, True, "Somali")],
    },
]

HISTORY = [
    ("maths.algebra.linear-equations", "How do I solve 2x + 3 = 11?",
     "Good question. What could you do to both sides to get 2x on its own?"),
    ("maths.algebra.linear-equations", "take away 3 so 2x = 8",
     "That step is right. Now, what do you do to 2x = 8 to find x?"),
]


class Command(BaseCommand):
    help = "Create demo school data and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print only the logins.")

    def handle(self, *args, **options):
        if Trust.objects.filter(name="Demo Learning Trust").exists():
            self.stdout.write("Demo data already present.")
        else:
            with transaction.atomic():
                self._seed()
        self._print_logins()

    def _user(self, username, first, last, role, school, **extra) -> User:
        user = User(username=username, first_name=first, last_name=last, role=role, school=school,
                    email=extra.pop("email", ""), **extra)
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user

    def _seed(self) -> None:
        trust = Trust.objects.create(name="Demo Learning Trust")
        admin = User(username="trust.admin", role=User.Role.TRUST_ADMIN, trust=trust,
                     first_name="Trust", last_name="Admin")
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        for spec in SCHOOLS:
            school = School.objects.create(trust=trust, name=spec["name"], urn=spec["urn"])
            p = spec["prefix"]
            teacher = self._user(f"{p}.teacher", *spec["teacher"], User.Role.TEACHER, school,
                                 email=f"{p}.teacher@example.org")
            self._user(f"{p}.dsl", *spec["dsl"], User.Role.DSL, school,
                       email=f"{p}.dsl@example.org", phone="0161 496 0000")
            self._user(f"{p}.deputy", *spec["deputy"], User.Role.DSL, school, is_deputy=True,
                       email=f"{p}.deputy@example.org", phone="0161 496 0001")
            self._user(f"{p}.admin", "School", "Admin", User.Role.SCHOOL_ADMIN, school)
            school_enable_tutoring(school=school, by=None)
            maths = SchoolClass.objects.create(school=school, name="10M1", subject="maths")
            english = SchoolClass.objects.create(school=school, name="10E1", subject="english")
            maths.teachers.add(teacher)
            english.teachers.add(teacher)
            for index, (first, last, fsm, send, eal, language) in enumerate(spec["pupils"], 1):
                pupil = self._user(f"{p}.pupil{index}", first, last, User.Role.PUPIL, school)
                PupilProfile.objects.create(user=pupil, fsm=fsm, send=send, eal=eal,
                                            home_language=language)
                maths.pupils.add(pupil)
                english.pupils.add(pupil)
            first_pupil = User.objects.get(username=f"{p}.pupil1")
            self._history(first_pupil, school)
            self._held_example(User.objects.get(username=f"{p}.pupil2"), school)
            self._concern_example(User.objects.get(username=f"{p}.pupil3"), school)

    def _history(self, pupil: User, school: School) -> None:
        session = TutorSession.objects.create(
            pupil=pupil, school=school, subject="maths", topic_code=HISTORY[0][0],
            topic_title="Solving linear equations",
        )
        for _, question, answer in HISTORY:
            message = Message.objects.create(session=session, school=school, pupil=pupil,
                                             text=question, screen_action="allow")
            reply = Reply.objects.create(
                message=message, session=session, school=school, pupil=pupil,
                state=ReplyState.RELEASED, draft_text=answer, released_text=answer,
                released_at=timezone.now(), provider="offline", confidence=0.9,
            )
            ReplyDraft.objects.create(reply=reply, source="provider", text=answer,
                                      screen_action="allow", confidence=0.9)

    def _held_example(self, pupil: User, school: School) -> None:
        session = TutorSession.objects.create(
            pupil=pupil, school=school, subject="english", topic_code="english.literature.macbeth",
            topic_title="Macbeth",
        )
        message = Message.objects.create(
            session=session, school=school, pupil=pupil, screen_action="allow",
            text="what does the dagger speech show about macbeth",
        )
        draft = ("The dagger speech shows Macbeth's guilt and his disturbed mind. What do you "
                 "notice about the question he asks: 'Is this a dagger which I see before me?'")
        reply = Reply.objects.create(
            message=message, session=session, school=school, pupil=pupil,
            state=ReplyState.HELD, draft_text=draft, provider="offline", confidence=0.45,
            hold_categories=["low_confidence"],
            hold_reasons=["The tutor's confidence (0.45) is below the school's threshold (0.60)."],
        )
        ReplyDraft.objects.create(reply=reply, source="provider", text=draft,
                                  screen_action="hold", confidence=0.45)

    def _concern_example(self, pupil: User, school: School) -> None:
        from safeguarding.signposting import SIGNPOSTING_MESSAGE

        session = TutorSession.objects.create(
            pupil=pupil, school=school, subject="maths", topic_code="maths.number.fractions",
            topic_title="Fractions",
        )
        text = "can u help with fractions. also i dont get fed at home most days"
        message = Message.objects.create(session=session, school=school, pupil=pupil, text=text,
                                         screen_action="escalate", screen_categories=["neglect"])
        Reply.objects.create(
            message=message, session=session, school=school, pupil=pupil,
            state=ReplyState.SIGNPOSTED, released_text=SIGNPOSTING_MESSAGE,
            released_at=timezone.now(),
        )
        concern_open(school=school, pupil_id=pupil.pk, message=message, categories=["neglect"],
                     urgency=2, words=text, conversation=[text], source="screen", by=None)

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for every account: {DEMO_PASSWORD})")
        for spec in SCHOOLS:
            p = spec["prefix"]
            self.stdout.write(f"  {spec['name']}:")
            self.stdout.write(f"    teacher      {p}.teacher")
            self.stdout.write(f"    DSL          {p}.dsl   (deputy: {p}.deputy)")
            self.stdout.write(f"    school admin {p}.admin")
            self.stdout.write(f"    pupils       {p}.pupil1 .. {p}.pupil{len(spec['pupils'])}")
        self.stdout.write("  Trust admin:  trust.admin")
        self.stdout.write("")
        self.stdout.write("DSLs sign in with a second factor. For the demo, the code for the")
        self.stdout.write("authenticator step comes from: python manage.py demo_totp nf.dsl")
