import unittest

from buddy_recommender import create_app
from buddy_recommender.main import db


class ApiTest(unittest.TestCase):
    def setUp(self):
        db.reset_memory()
        self.app = create_app("testing")
        db.upgrade(db.connect(), log=lambda _msg: None)
        self.client = self.app.test_client()

    def test_health(self):
        resp = self.client.get("/health")
        self.assertEqual(resp.status_code, 200)
        body = resp.get_json()
        self.assertEqual(body["status"], "ok")
        self.assertTrue(body["scoring"])
        self.assertEqual(body["users"], 24)

    def test_create_and_fetch_user(self):
        resp = self.client.post(
            "/users",
            json={"name": "Zoe", "city": "Berlin", "interests": {"chess": 5, "hiking": 2}, "languages": ["en"]},
        )
        self.assertEqual(resp.status_code, 201)
        user_id = resp.get_json()["id"]
        fetched = self.client.get("/users/%d" % user_id).get_json()
        self.assertEqual(fetched["interests"], {"hiking": 2, "chess": 5})

    def test_unknown_interest_is_rejected(self):
        resp = self.client.post("/users", json={"name": "X", "city": "Y", "interests": {"yodel": 3}})
        self.assertEqual(resp.status_code, 400)
        self.assertIn("yodel", resp.get_json()["error"])

    def test_recommendations_are_sorted_and_limited(self):
        body = self.client.get("/users/1/recommendations?limit=3").get_json()
        scores = [r["score"] for r in body["recommendations"]]
        self.assertEqual(len(scores), 3)
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertNotIn(1, [r["buddy"]["id"] for r in body["recommendations"]])

    def test_missing_user(self):
        self.assertEqual(self.client.get("/users/999").status_code, 404)
        self.assertEqual(self.client.get("/users/999/recommendations").status_code, 404)

    def test_wrong_method(self):
        self.assertEqual(self.client.open("/interests", method="DELETE").status_code, 405)


if __name__ == "__main__":
    unittest.main()
