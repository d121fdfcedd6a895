"""Buddy Recommender: a small JSON API that suggests activity buddies."""

from buddy_recommender.main import create_app

__all__ = ["create_app"]
