"""Nearest neighbours over interest ratings (scikit-learn, cosine distance)."""

import numpy as np
from sklearn.neighbors import NearestNeighbors


def recommend(users, user_id, limit=5):
    """Up to ``limit`` (user, similarity) pairs closest to ``user_id``; None if there is no such user."""
    ids = [u.id for u in users]
    if user_id not in ids or len(users) < 2:
        return None if user_id not in ids else []
    matrix = np.array([u.vector() for u in users], dtype=float)
    k = min(limit + 1, len(users))
    model = NearestNeighbors(n_neighbors=k, metric="cosine").fit(matrix)
    distances, indexes = model.kneighbors(matrix[ids.index(user_id)].reshape(1, -1))
    pairs = [(users[i], round(1.0 - float(d), 4)) for d, i in zip(distances[0], indexes[0]) if users[i].id != user_id]
    return pairs[:limit]
