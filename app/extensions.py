"""Extensions created once and attached to the app in create_app."""
from flask_babel import Babel
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

db = SQLAlchemy()
babel = Babel()
csrf = CSRFProtect()
migrate = Migrate()
