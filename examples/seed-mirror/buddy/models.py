from buddy import db

INTERESTS = ["board games", "chess", "climbing", "cooking", "cycling", "hiking", "running", "tennis"]


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    city = db.Column(db.String(80), nullable=False)
    # one 0-5 rating per entry of INTERESTS, comma separated
    ratings = db.Column(db.String(64), nullable=False)

    def vector(self):
        return [int(r) for r in self.ratings.split(",")]

    def to_dict(self):
        return {"id": self.id, "name": self.name, "city": self.city, "interests": dict(zip(INTERESTS, self.vector()))}


class Heartbeat(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(db.DateTime, nullable=False)
