"""Sign-in slowed down rather than locked, sessions that end on the server, and each check's result saved once:
a session version per account, failed sign-ins counted per account and address, the reference of each check.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 06:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
        # the lockout is gone: no count on the account, no time it is locked until
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_sign_ins')
    op.create_table('sign_in_failures',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_in', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('check_results',
    sa.Column('check_id', sa.String(length=16), nullable=False),
    sa.Column('made_from', sa.String(length=64), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('check_id', 'made_from')
    )
    op.create_index('ix_check_results_created_at', 'check_results', ['created_at'], unique=False)


def downgrade():
    op.drop_index('ix_check_results_created_at', table_name='check_results')
    op.drop_table('check_results')
    op.drop_table('sign_in_failures')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_sign_ins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_column('session_version')
