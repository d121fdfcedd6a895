import datetime

import flask
import sklearn
from flask import Blueprint, request
from flask_restx import Api, Resource, abort

from buddy import db
from buddy.models import INTERESTS, Heartbeat, User
from buddy.recommender import recommend

blueprint = Blueprint("api", __name__)
api = Api(blueprint, title="Buddy Recommender", doc="/docs")


@api.route("/health")
class Health(Resource):
    def get(self):
        # reads and writes the database: a storage directory the user cannot write fails here
        db.session.add(Heartbeat(at=datetime.datetime.utcnow()))
        db.session.commit()
        return {"status": "ok", "users": User.query.count(), "flask": flask.__version__, "sklearn": sklearn.__version__}


@api.route("/interests")
class Interests(Resource):
    def get(self):
        return {"interests": INTERESTS}


@api.route("/users")
class Users(Resource):
    def get(self):
        return {"users": [u.to_dict() for u in User.query.order_by(User.id)]}

    def post(self):
        body = request.get_json(silent=True) or {}
        ratings = body.get("interests") or {}
        if not body.get("name") or not body.get("city"):
            abort(400, "name and city are required")
        unknown = sorted(set(ratings) - set(INTERESTS))
        if unknown:
            abort(400, "unknown interests: %s" % ", ".join(unknown))
        user = User(name=body["name"], city=body["city"], ratings=",".join(str(int(ratings.get(i, 0))) for i in INTERESTS))
        db.session.add(user)
        db.session.commit()
        return user.to_dict(), 201


@api.route("/users/<int:user_id>/recommendations")
class Recommendations(Resource):
    def get(self, user_id):
        limit = max(1, min(int(request.args.get("limit", 5)), 20))
        result = recommend(User.query.order_by(User.id).all(), user_id, limit)
        if result is None:
            abort(404, "no user %d" % user_id)
        return {"user_id": user_id, "recommendations": [{"buddy": u.to_dict(), "similarity": s} for u, s in result]}
