"""The fixed, pre-approved message a pupil receives after a disclosure. Never AI-written."""

SIGNPOSTING_MESSAGE = (
    "Thank you for telling me. What you have shared is important, and you deserve to be safe "
    "and supported. I'm a computer tutor, so I have passed this on to a trusted adult at your "
    "school, who will follow up with you soon.\n\n"
    "If you need to talk to someone now, you can:\n"
    "- call Childline free on 0800 1111 (any time, day or night)\n"
    "- text SHOUT to 85258 (free, 24/7)\n"
    "- call Samaritans free on 116 123\n\n"
    "If you are in danger right now, call 999."
)
