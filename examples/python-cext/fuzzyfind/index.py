"""An in-memory catalog searched word by word with the editdist C extension."""

import editdist


class Catalog:
    def __init__(self, items):
        self.items = items  # list of (sku, name)
        self.vocabulary = sorted({w for _, name in items for w in name.lower().split()})

    @classmethod
    def load(cls, path):
        items = []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                sku, name = line.rstrip("\n").split("\t", 1)
                items.append((sku, name))
        return cls(items)

    def correct(self, word, max_dist):
        """The vocabulary words within max_dist edits of word, closest first."""
        word = word.lower()
        near = [w for w in self.vocabulary if editdist.within(word, w, max_dist)]
        return sorted(near, key=lambda w: (editdist.distance(word, w), w))

    def search(self, query, max_dist=1, limit=10):
        terms = [t for t in query.lower().split() if t]
        if not terms:
            return []
        options = [set(self.correct(t, max_dist)) for t in terms]
        hits = []
        for sku, name in self.items:
            words = set(name.lower().split())
            if all(words & opts for opts in options):
                cost = sum(min(editdist.distance(t, w) for w in words) for t in terms)
                hits.append((cost, sku, name))
        hits.sort()
        return [{"sku": sku, "name": name, "cost": cost} for cost, sku, name in hits[:limit]]
