import unittest

import fastscore


class FastscoreTest(unittest.TestCase):
    def test_cosine(self):
        self.assertAlmostEqual(fastscore.cosine([1, 0], [0, 1]), 0.0)
        self.assertAlmostEqual(fastscore.cosine([1, 2, 3], [2, 4, 6]), 1.0)
        self.assertEqual(fastscore.cosine([0, 0], [1, 1]), 0.0)
        with self.assertRaises(ValueError):
            fastscore.cosine([1], [1, 2])

    def test_jaccard(self):
        self.assertAlmostEqual(fastscore.jaccard([1, 2, 3], [2, 3, 4]), 0.5)
        self.assertEqual(fastscore.jaccard([], []), 0.0)


if __name__ == "__main__":
    unittest.main()
