from django.apps import AppConfig


class TutorConsoleConfig(AppConfig):
    name = "tutorconsole"
    verbose_name = "Tutor Console"
