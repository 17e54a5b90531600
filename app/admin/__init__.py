"""The policy team's pages under /admin/: versions and reviews, the impact of a change, what people
ask, the audit log. Every page needs a signed-in account; recording a review needs an editor."""
from flask import Blueprint
from flask_login import LoginManager

bp = Blueprint("admin", __name__, url_prefix="/admin")
login_manager = LoginManager()
login_manager.login_view = "admin.sign_in"
login_manager.session_protection = "strong"  # a session cookie moved to another browser is refused
login_manager.login_message = None  # the sign-in page says why it is shown
bp.after_request(login_manager._update_remember_cookie)


def register(app):
    # the signed-in user is looked up for the policy team's pages alone: the public pages never load an
    # account, so their responses carry no remember-me cookie cleared by the session protection
    login_manager.init_app(app, add_context_processor=False)
    # Flask-Login refreshes or clears its remember-me cookie after every request of the app; only the policy
    # team's pages sign in and out, so it runs after theirs alone (below), not after every page and call
    app.after_request_funcs[None].remove(login_manager._update_remember_cookie)
    app.register_blueprint(bp)


@bp.context_processor
def _signed_in():
    from flask_login import current_user
    return {"current_user": current_user}


from . import drafts, routes, usage_routes  # noqa: E402,F401
