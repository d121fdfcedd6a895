import unittest

from buddy import create_app, db
from buddy.models import User


class ApiTest(unittest.TestCase):
    def setUp(self):
        self.app = create_app("testing")
        with self.app.app_context():
            db.create_all()
            db.session.add_all(
                [
                    User(name="A", city="X", ratings="5,0,5,0,0,5,0,0"),
                    User(name="B", city="X", ratings="4,0,4,0,0,4,0,0"),
                    User(name="C", city="Y", ratings="0,5,0,5,5,0,5,5"),
                ]
            )
            db.session.commit()
        self.client = self.app.test_client()

    def test_health(self):
        body = self.client.get("/health").get_json()
        self.assertEqual(body["status"], "ok")
        self.assertEqual(body["users"], 3)

    def test_nearest_buddy_first(self):
        recs = self.client.get("/users/1/recommendations?limit=2").get_json()["recommendations"]
        self.assertEqual([r["buddy"]["name"] for r in recs], ["B", "C"])
        self.assertGreater(recs[0]["similarity"], recs[1]["similarity"])

    def test_unknown_user(self):
        self.assertEqual(self.client.get("/users/99/recommendations").status_code, 404)

    def test_unknown_interest(self):
        resp = self.client.post("/users", json={"name": "D", "city": "Z", "interests": {"yodel": 3}})
        self.assertEqual(resp.status_code, 400)


if __name__ == "__main__":
    unittest.main()
