"""Evaluations and quarter locks move from the reports app to monitoring: the Python home only.

The tables keep their names (reports_*); nothing in the database changes but the content types,
renamed so that the history, the admin log and permissions stay attached to the same rows.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = ["evaluation", "quarterlock", "historicalevaluation", "historicalquarterlock"]


def adopt_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="monitoring", model=model).exists():
            ContentType.objects.filter(app_label="reports", model=model).update(app_label="monitoring")


def return_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="reports", model=model).exists():
            ContentType.objects.filter(app_label="monitoring", model=model).update(app_label="reports")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("agreement", "0001_initial"),
        ("obligations", "0001_initial"),
        ("reports", "0002_issued_report"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='HistoricalEvaluation',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='Jalali year')),
                    ('quarter', models.PositiveSmallIntegerField(verbose_name='quarter')),
                    ('rating', models.CharField(choices=[('not_started', 'Not started'), ('weak', 'Weak'), ('partly_met', 'Partly met'), ('largely_met', 'Largely met'), ('fully_met', 'Fully met')], max_length=16, verbose_name='rating')),
                    ('assessment', models.TextField(verbose_name='assessment')),
                    ('evaluated_at', models.DateTimeField(blank=True, editable=False, verbose_name='evaluated at')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('commitment', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='obligations.commitment')),
                    ('evaluated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical evaluation',
                    'db_table': 'reports_historicalevaluation',
                    'verbose_name_plural': 'historical evaluations',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='HistoricalQuarterLock',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='Jalali year')),
                    ('quarter', models.PositiveSmallIntegerField(verbose_name='quarter')),
                    ('locked', models.BooleanField(default=True, verbose_name='locked')),
                    ('changed_at', models.DateTimeField(blank=True, editable=False, verbose_name='changed at')),
                    ('reason', models.TextField(blank=True, verbose_name='reason')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreement.agreement')),
                    ('changed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical quarter lock',
                    'db_table': 'reports_historicalquarterlock',
                    'verbose_name_plural': 'historical quarter locks',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='Evaluation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='Jalali year')),
                    ('quarter', models.PositiveSmallIntegerField(verbose_name='quarter')),
                    ('rating', models.CharField(choices=[('not_started', 'Not started'), ('weak', 'Weak'), ('partly_met', 'Partly met'), ('largely_met', 'Largely met'), ('fully_met', 'Fully met')], max_length=16, verbose_name='rating')),
                    ('assessment', models.TextField(verbose_name='assessment')),
                    ('evaluated_at', models.DateTimeField(auto_now=True, verbose_name='evaluated at')),
                    ('commitment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='obligations.commitment')),
                    ('evaluated_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'evaluation',
                    'db_table': 'reports_evaluation',
                    'verbose_name_plural': 'evaluations',
                    'ordering': ['-year', '-quarter', 'commitment'],
                    'constraints': [models.UniqueConstraint(fields=('commitment', 'year', 'quarter'), name='evaluation_once_per_quarter'), models.CheckConstraint(condition=models.Q(('quarter__gte', 1), ('quarter__lte', 4)), name='evaluation_quarter_1_to_4'), models.CheckConstraint(condition=models.Q(('rating__in', ['not_started', 'weak', 'partly_met', 'largely_met', 'fully_met'])), name='evaluation_rating_is_known'), models.CheckConstraint(condition=models.Q(('assessment', ''), _negated=True), name='evaluation_assessment_required')],
                },
            ),
            migrations.CreateModel(
                name='QuarterLock',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='Jalali year')),
                    ('quarter', models.PositiveSmallIntegerField(verbose_name='quarter')),
                    ('locked', models.BooleanField(default=True, verbose_name='locked')),
                    ('changed_at', models.DateTimeField(auto_now=True, verbose_name='changed at')),
                    ('reason', models.TextField(blank=True, verbose_name='reason')),
                    ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='quarter_locks', to='agreement.agreement')),
                    ('changed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'quarter lock',
                    'db_table': 'reports_quarterlock',
                    'verbose_name_plural': 'quarter locks',
                    'constraints': [models.UniqueConstraint(fields=('agreement', 'year', 'quarter'), name='quarter_lock_once'), models.CheckConstraint(condition=models.Q(('quarter__gte', 1), ('quarter__lte', 4)), name='quarter_lock_quarter_1_to_4'), models.CheckConstraint(condition=models.Q(('locked', True), models.Q(('reason', ''), _negated=True), _connector='OR'), name='quarter_reopen_has_a_reason')],
                },
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(adopt_content_types, return_content_types),
    ]
