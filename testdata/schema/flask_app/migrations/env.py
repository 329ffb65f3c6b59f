from alembic import context
from sqlalchemy import engine_from_config
