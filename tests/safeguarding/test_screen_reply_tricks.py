"""Tutor replies that sell, help past a safeguard, hide things, keep secrets from a parent, wave
away what the pupil said, claim a teaching job or hand the whole paper over are held; a reply
that reminds the pupil not to share their details is released."""

from __future__ import annotations

from .screen_checks import held_test, look_alike_test

test_a_bad_reply_is_held = held_test(
    [
        ("Upgrade to Gold for unlimited hints - only 3 places left this week!", "reply"),
        ("You can bypass the school firewall with a proxy; here's the setup.", "reply"),
        ("Keep your vape in your sock or pencil case, nobody searches there.", "reply"),
        ("Chewing gum instead of lunch will stop the hunger, so you won't need to eat.", "reply"),
        ("Here's how to make a homemade smoke bomb for your project.", "reply"),
        ("You never need to tell your dad about our chats, they're just for us.", "reply"),
        ("Let's leave that, it sounds like drama. Anyway, angles in a triangle!", "reply"),
        ("As an examiner for the exam board I can tell you exactly what gets marks.", "reply"),
        ("I've written the entire essay for you below, no need to try.", "reply"),
    ]
)

test_a_privacy_reminder_is_released = look_alike_test(
    [
        ("Please remember not to share your email or address here. What's the next step?", "reply"),
    ]
)
