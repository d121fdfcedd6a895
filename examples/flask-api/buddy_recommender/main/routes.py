import datetime

import flask
from flask import abort, request

from buddy_recommender.main import models, recommender


def register(app):
    @app.route("/health")
    def health():
        # touches the database for reading AND writing: a read-only storage
        # directory (wrong owner) must fail the health check
        users = len(models.list_users())
        models.touch_meta("last_health_check", datetime.datetime.utcnow().isoformat())
        return {
            "status": "ok",
            "users": users,
            "flask": flask.__version__,
            "scoring": recommender.self_test(),
        }

    @app.route("/interests")
    def interests():
        return {"interests": sorted(models.interest_catalog())}

    @app.route("/users")
    def list_users():
        return {"users": models.list_users()}

    @app.route("/users", methods=["POST"])
    def create_user():
        body = request.get_json(silent=True) or {}
        name = (body.get("name") or "").strip()
        city = (body.get("city") or "").strip()
        if not name or not city:
            abort(400, "name and city are required")
        interests = body.get("interests") or {}
        if not isinstance(interests, dict) or not all(
            isinstance(v, int) and 0 <= v <= 5 for v in interests.values()
        ):
            abort(400, "interests must map interest names to ratings 0-5")
        try:
            user = models.create_user(name, city, interests, body.get("languages") or [])
        except ValueError as err:
            abort(400, str(err))
        return user, 201

    @app.route("/users/<int:user_id>")
    def get_user(user_id):
        user = models.get_user(user_id)
        if user is None:
            abort(404, "no user %d" % user_id)
        return user

    @app.route("/users/<int:user_id>", methods=["DELETE"])
    def delete_user(user_id):
        if not models.delete_user(user_id):
            abort(404, "no user %d" % user_id)
        return {"deleted": user_id}

    @app.route("/users/<int:user_id>/recommendations")
    def recommendations(user_id):
        try:
            limit = int(request.args.get("limit", 5))
        except ValueError:
            abort(400, "limit must be an integer")
        limit = max(1, min(limit, app.config["MAX_RECOMMENDATIONS"]))
        same_city = request.args.get("same_city") in ("1", "true", "yes")
        result = recommender.recommend(user_id, limit, app.config["INTEREST_WEIGHT"], same_city)
        if result is None:
            abort(404, "no user %d" % user_id)
        return {"user_id": user_id, "recommendations": result}
