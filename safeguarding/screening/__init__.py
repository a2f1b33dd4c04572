"""Screening of pupil messages and tutor replies."""
