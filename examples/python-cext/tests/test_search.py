import os
import unittest

import editdist

from fuzzyfind.index import Catalog

HERE = os.path.dirname(__file__)


class SearchTest(unittest.TestCase):
    def test_distance(self):
        self.assertEqual(editdist.distance("kitten", "sitting"), 3)
        self.assertEqual(editdist.distance("", "abc"), 3)
        self.assertTrue(editdist.within("bolt", "blot", 2))
        self.assertFalse(editdist.within("bolt", "washer", 2))

    def test_typo_tolerant_search(self):
        catalog = Catalog.load(os.path.join(HERE, "..", "data", "catalog.txt"))
        hits = catalog.search("stainles hex bolt m6", max_dist=1)
        self.assertTrue(hits)
        self.assertEqual(hits[0]["name"], "stainless hex bolt M6")


if __name__ == "__main__":
    unittest.main()
