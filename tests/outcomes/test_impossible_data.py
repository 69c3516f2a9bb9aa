"""A project (cms) and its statistics and indicator values (outcomes) refuse periods that
end before they start and negative amounts: in the admin's model validation with a Czech
message on the field, and in the database (issue 17, point 4)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cms.models import ProjectIndicator, ProjectPage
from outcomes.indicator_models import IndicatorValue
from tests.outcomes.factories import ProjectStatisticsPageFactory

pytestmark = pytest.mark.django_db


def test_project_ending_before_it_starts_is_refused_on_the_end_field(project):
    project.period_end = project.period_start - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert refused.value.message_dict["period_end"] == ["Konec nemůže být dříve než začátek."]
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectPage.objects.filter(pk=project.pk).update(period_end=project.period_end)


def test_negative_budget_and_indicator_target_are_refused(project):
    project.budget_czk = Decimal("-1")
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert refused.value.message_dict["budget_czk"] == ["Částka nemůže být záporná."]
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectPage.objects.filter(pk=project.pk).update(budget_czk=-1)
    indicator = ProjectIndicator.objects.create(page=project, code="6 00 00", name="Osoby")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectIndicator.objects.filter(pk=indicator.pk).update(target=-5)


def test_statistics_period_ending_before_it_starts_is_refused(project):
    page = ProjectStatisticsPageFactory(parent=project)
    page.period_start = datetime.date(2026, 6, 1)
    page.period_end = datetime.date(2026, 1, 1)
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert refused.value.message_dict["period_end"] == ["Konec nemůže být dříve než začátek."]


def test_database_refuses_a_negative_indicator_value(project):
    indicator = ProjectIndicator.objects.create(page=project, code="6 70 01", name="Semináře")
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            indicator=indicator,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 3, 31),
            value=Decimal("-3"),
        )
