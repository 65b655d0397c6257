from datetime import date

import pytest

from surveys.factories import build_survey, form_3_2, form_3_3
from surveys.models import Survey


@pytest.fixture
def survey(world):
    """A 3/2-like survey of บ้านแพน (profile, nine 3-level items, a comment box), without answers."""
    return build_survey(
        world.org,
        title="แบบสำรวจความพึงพอใจ ปี 2569",
        form=Survey.Form.DLA_3_2,
        fiscal_year=2569,
        sections=form_3_2(),
        opens_on=date(2025, 10, 1),
        closes_on=date(2026, 9, 30),
    )


@pytest.fixture
def survey_3_3(world):
    return build_survey(
        world.org,
        title="แบบที่ 3/3",
        form=Survey.Form.DLA_3_3,
        fiscal_year=2569,
        sections=form_3_3([world.plan.strategy]),
    )


def options_of(survey, number):
    return list(survey.questions.get(number=number).options.order_by("number"))
