"""The policy team's tables: accounts, reviews of policy versions, the audit log; and each saved
determination's service in a column of its own, for counting use.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 06:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('failed_sign_ins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('policy_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.String(length=16), nullable=False),
    sa.Column('policy_version', sa.String(length=16), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('next_review_date', sa.Date(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_policy_reviews_version', 'policy_reviews', ['policy_id', 'policy_version'], unique=False)
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_audit_log_at', 'audit_log', ['at'], unique=False)
    # the service, copied out of the answers on save: counted without reading JSON, on any database
    with op.batch_alter_table('determinations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('service', sa.String(length=16), nullable=True))
    determinations = sa.table('determinations', sa.column('id', sa.Integer), sa.column('answers', sa.JSON),
                              sa.column('service', sa.String))
    connection = op.get_bind()
    for row_id, answers in connection.execute(sa.select(determinations.c.id, determinations.c.answers)).all():
        service = (answers or {}).get('service') if isinstance(answers, dict) else None
        connection.execute(determinations.update().where(determinations.c.id == row_id).values(service=service))


def downgrade():
    with op.batch_alter_table('determinations', schema=None) as batch_op:
        batch_op.drop_column('service')
    op.drop_index('ix_audit_log_at', table_name='audit_log')
    op.drop_table('audit_log')
    op.drop_index('ix_policy_reviews_version', table_name='policy_reviews')
    op.drop_table('policy_reviews')
    op.drop_table('users')
