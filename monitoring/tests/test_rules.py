from decimal import Decimal

from monitoring.rules import ReportContext, report_errors, result_errors
from plans.models import Indicator

D = Decimal


def test_percent_complete_must_be_between_0_and_100():
    assert "percent_complete" in report_errors({"percent_complete": D(101)}, ReportContext())
    assert "percent_complete" in report_errors({"percent_complete": D(-1)}, ReportContext())
    assert report_errors({"percent_complete": D(100)}, ReportContext()) == {}


def test_spending_above_the_budget_to_date_needs_a_reason():
    context = ReportContext(budget=D("100000"), disbursed_before=D("80000"))
    errors = report_errors({"disbursed": D("30000")}, context)
    assert "110,000.00" in errors["over_budget_reason"]
    assert report_errors({"disbursed": D("30000"), "over_budget_reason": "ค่าวัสดุขึ้นราคา"}, context) == {}
    assert report_errors({"disbursed": D("20000")}, context) == {}


def test_completed_with_less_than_100_percent_must_be_confirmed():
    data = {"project_status": "completed", "percent_complete": D(90)}
    assert "confirm_completed" in report_errors(data, ReportContext())
    assert report_errors({**data, "confirm_completed": True}, ReportContext()) == {}


def kpi(**fields):
    return Indicator(pk=7, name="ครัวเรือนที่มีน้ำประปา", **fields)


def test_a_percentage_needs_numerator_and_denominator_together():
    percentage = kpi(measure_type="percentage", aggregation="ratio")
    assert "denominator" in result_errors(percentage, {"numerator": D(5)}, ReportContext())
    assert "numerator" in result_errors(percentage, {"denominator": D(5)}, ReportContext())


def test_the_numerator_may_not_exceed_the_denominator_where_the_kpi_says_so():
    strict = kpi(measure_type="percentage", aggregation="ratio", numerator_le_denominator=True)
    assert "numerator" in result_errors(strict, {"numerator": D(6), "denominator": D(5)}, ReportContext())
    loose = kpi(measure_type="percentage", aggregation="ratio", numerator_le_denominator=False)
    assert result_errors(loose, {"numerator": D(6), "denominator": D(5)}, ReportContext()) == {}


def test_a_zero_denominator_is_refused():
    percentage = kpi(measure_type="percentage", aggregation="ratio")
    assert "denominator" in result_errors(percentage, {"numerator": D(0), "denominator": D(0)}, ReportContext())


def test_a_cumulative_value_that_goes_down_needs_a_comment():
    cumulative = kpi(aggregation="cumulative")
    context = ReportContext(previous_values={7: D(120)})
    assert "comment" in result_errors(cumulative, {"value": D(100)}, context)
    assert result_errors(cumulative, {"value": D(100), "comment": "แก้ไขตัวเลขที่รายงานผิด"}, context) == {}
    assert result_errors(cumulative, {"value": D(130)}, context) == {}


def test_disaggregated_parts_must_add_up_to_the_total():
    by_sex = kpi(disaggregation_label="เพศ", disaggregation_categories="ชาย\nหญิง")
    errors = result_errors(by_sex, {"value": D(10), "breakdown": {"ชาย": D(4), "หญิง": D(5)}}, ReportContext())
    assert "value" in errors
    assert result_errors(by_sex, {"value": D(9), "breakdown": {"ชาย": D(4), "หญิง": D(5)}}, ReportContext()) == {}
