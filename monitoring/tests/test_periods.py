from datetime import date

from monitoring.periods import accepts_reports, effective_state, ensure_periods, policy_for, round_periods


def test_a_year_has_four_quarters_with_deadlines_after_their_end(world):
    periods = ensure_periods(world.org, 2570)
    assert [(p.number, p.starts_on, p.ends_on) for p in periods] == [
        (1, date(2026, 10, 1), date(2026, 12, 31)),
        (2, date(2027, 1, 1), date(2027, 3, 31)),
        (3, date(2027, 4, 1), date(2027, 6, 30)),
        (4, date(2027, 7, 1), date(2027, 9, 30)),
    ]
    assert periods[0].deadline == date(2027, 1, 15)
    assert ensure_periods(world.org, 2570) == periods  # created once


def test_an_organization_may_report_monthly(world):
    policy = policy_for(world.org)
    policy.period_kind = "month"
    policy.save()
    months = ensure_periods(world.org, 2571)  # 1 Oct 2027 – 30 Sep 2028, a leap year's February
    assert len(months) == 12
    february = months[4]
    assert (february.starts_on, february.ends_on, february.quarter) == (date(2028, 2, 1), date(2028, 2, 29), 2)


def test_an_open_period_closes_by_itself_after_the_deadline_and_grace(world):
    q1 = ensure_periods(world.org, 2570)[0]
    policy = policy_for(world.org)
    assert effective_state(q1, policy, date(2027, 1, 22)) == "open"  # 15 Jan + 7 days of grace
    assert effective_state(q1, policy, date(2027, 1, 23)) == "closed"
    assert not accepts_reports(q1, policy, date(2027, 1, 23), project=world.plan.projects[0], exceptions=[])
    assert not accepts_reports(q1, policy, date(2026, 9, 30))  # not open yet


def test_the_six_month_round_is_the_first_two_quarters(world):
    periods = ensure_periods(world.org, 2570)
    assert [p.number for p in round_periods(periods, "half")] == [1, 2]
    assert [p.number for p in round_periods(periods, "year")] == [1, 2, 3, 4]
