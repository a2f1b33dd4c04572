from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import PupilProfile, School, SchoolClass, Trust, User


@admin.register(User)
class ConsoleUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "school", "is_active")
    list_filter = ("role", "school")
    fieldsets = UserAdmin.fieldsets + (
        ("Tutor Console", {"fields": ("role", "school", "trust", "is_deputy", "phone")}),
    )


admin.site.register(Trust)
admin.site.register(School)
admin.site.register(SchoolClass)
admin.site.register(PupilProfile)
