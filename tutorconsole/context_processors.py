def console(request):
    """Make the unread notification count available to every page for staff."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role == "pupil":
        return {}
    from safeguarding.models import Notification

    return {
        "unread_notifications": Notification.objects.filter(
            user=user, read_at__isnull=True
        ).count()
    }
