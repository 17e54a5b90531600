"""Saved determinations: one row per determination shown, found by its reference number.

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 11:41:23.116173

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('determinations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('outcome', sa.String(length=24), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('shown', sa.JSON(), nullable=False),
    sa.Column('policy_id', sa.String(length=16), nullable=False),
    sa.Column('policy_version', sa.String(length=16), nullable=False),
    sa.Column('policy_digest', sa.String(length=64), nullable=False),
    sa.Column('app_version', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference')
    )
    with op.batch_alter_table('determinations', schema=None) as batch_op:
        batch_op.create_index('ix_determinations_created_at', ['created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('determinations', schema=None) as batch_op:
        batch_op.drop_index('ix_determinations_created_at')

    op.drop_table('determinations')
