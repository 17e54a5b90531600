"""The JWT ids CDS Hooks calls have used, so a replayed token is refused by every worker.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 06:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('crd_seen_tokens',
    sa.Column('issuer', sa.String(length=255), nullable=False),
    sa.Column('jti', sa.String(length=255), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('issuer', 'jti')
    )
    with op.batch_alter_table('crd_seen_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crd_seen_tokens_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('crd_seen_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crd_seen_tokens_expires_at'))

    op.drop_table('crd_seen_tokens')
