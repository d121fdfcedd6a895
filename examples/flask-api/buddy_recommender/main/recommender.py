"""Buddy scores: interest similarity (cosine) blended with shared languages (Jaccard)."""

import math

from buddy_recommender.main import models

LANGUAGE_IDS = {code: i for i, code in enumerate(["de", "en", "es", "fr", "it", "pt", "tr"])}


def cosine(a, b):
    """Cosine similarity of two equal-length rating vectors (0.0 when either is all zeros)."""
    if len(a) != len(b):
        raise ValueError("vectors differ in length: %d != %d" % (len(a), len(b)))
    dot = sum(x * y for x, y in zip(a, b))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


def jaccard(a, b):
    """Jaccard index of two collections of ids (0.0 for two empty ones)."""
    a, b = set(a), set(b)
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _vector(user, catalog):
    return [float(user["interests"].get(name, 0)) for name in catalog]


def _languages(user):
    return sorted(LANGUAGE_IDS.get(code, 100 + sum(map(ord, code))) for code in user["languages"])


def score(a, b, catalog, interest_weight=0.8):
    interests = cosine(_vector(a, catalog), _vector(b, catalog))
    languages = jaccard(_languages(a), _languages(b))
    bonus = 0.05 if a["city"] == b["city"] else 0.0
    return round(interest_weight * interests + (1 - interest_weight) * languages + bonus, 4)


def recommend(user_id, limit=5, interest_weight=0.8, same_city_only=False):
    users = models.list_users()
    me = next((u for u in users if u["id"] == user_id), None)
    if me is None:
        return None
    catalog = sorted(models.interest_catalog())
    scored = [
        (other["id"], score(me, other, catalog, interest_weight))
        for other in users
        if other["id"] != user_id and (not same_city_only or other["city"] == me["city"])
    ]
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    best = scored[:limit]
    models.save_recommendations(user_id, best)
    by_id = {u["id"]: u for u in users}
    return [{"buddy": by_id[bid], "score": s} for bid, s in best]


def self_test():
    """A cheap check that scoring computes."""
    return cosine([1.0, 2.0, 0.0], [2.0, 4.0, 0.0]) > 0.999
