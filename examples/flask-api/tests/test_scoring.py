import unittest

from buddy_recommender.main.recommender import cosine, jaccard


class ScoringTest(unittest.TestCase):
    def test_cosine(self):
        self.assertAlmostEqual(cosine([1, 0], [0, 1]), 0.0)
        self.assertAlmostEqual(cosine([1, 2, 3], [2, 4, 6]), 1.0)
        self.assertEqual(cosine([0, 0], [1, 1]), 0.0)
        with self.assertRaises(ValueError):
            cosine([1], [1, 2])

    def test_jaccard(self):
        self.assertAlmostEqual(jaccard([1, 2, 3], [2, 3, 4]), 0.5)
        self.assertEqual(jaccard([], []), 0.0)


if __name__ == "__main__":
    unittest.main()
