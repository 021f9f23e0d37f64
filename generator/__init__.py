"""Briefing Digest: news articles in, one briefing page per event out."""

__version__ = "0.1.0"
