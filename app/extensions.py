"""Extensions created once and attached to the app in create_app."""
from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

# a saved row is not read back after its commit: the request already holds what it wrote
db = SQLAlchemy(session_options={"expire_on_commit": False})
babel = Babel()
csrf = CSRFProtect()
migrate = Migrate()
# per client address; in memory unless RATELIMIT_STORAGE_URI names Redis or another store
limiter = Limiter(key_func=get_remote_address, headers_enabled=True)
# look-ups of saved determinations have a limit of their own, one count for every way of asking (the API's
# two and the wizard's posted form): a reference is the only key to a record
lookup_limit = limiter.shared_limit(lambda: current_app.config["API_LOOKUP_RATE_LIMIT"], scope="lookup")
