"""The policy team's pages under /admin/: versions and reviews, the impact of a change, what people
ask, the audit log. Every page needs a signed-in account; recording a review needs an editor."""
from flask import Blueprint
from flask_login import LoginManager

bp = Blueprint("admin", __name__, url_prefix="/admin")
login_manager = LoginManager()
login_manager.login_view = "admin.sign_in"
login_manager.session_protection = "strong"  # a session cookie moved to another browser is refused
login_manager.login_message = None  # the sign-in page says why it is shown


def register(app):
    login_manager.init_app(app)
    app.register_blueprint(bp)


from . import routes, usage_routes  # noqa: E402,F401
