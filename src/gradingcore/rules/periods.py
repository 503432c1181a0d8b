"""The dates the rules compute: deadlines, periods, windows and lockouts.

Each function names its rule and reads its number from the policy, so a number lives only in
the policy data. Working-day deadlines follow ``period.workdays``; validities, windows and
lockouts follow ``period.civil_code`` (never stretched over holidays).
"""

from __future__ import annotations

import pendulum

from gradingcore.calendar import civil_period_end, not_less_than_workdays, within_workdays
from gradingcore.rules._judge import Judge
from gradingcore.state import Application


def correction_due(judge: Judge, app: Application) -> pendulum.Date:
    """``intake.correction``: the last day to send a correction notice."""
    n = judge.value("intake.correction", "workdays")
    return within_workdays(judge.calendar, app.applied_on, n)


def deemed_acceptance_from(judge: Judge, app: Application) -> pendulum.Date:
    """``intake.deemed_acceptance``: the first day an application with no notice counts as
    accepted (it then counts as accepted from the day of receipt)."""
    n = judge.value("intake.deemed_acceptance", "workdays")
    return within_workdays(judge.calendar, app.applied_on, n).add(days=1)


def audit_due(judge: Judge, app: Application) -> pendulum.Date:
    """``intake.audit``: audit, forward or reject, and tell the enterprise within N WD of
    acceptance (deemed: of receipt) or of the complete resubmission."""
    return audit_due_after(judge, app.resubmitted_on or app.accepted_on or app.applied_on)


def audit_due_after(judge: Judge, start: pendulum.Date) -> pendulum.Date:
    """``intake.audit`` counted from ``start``."""
    return within_workdays(judge.calendar, start, judge.value("intake.audit", "workdays"))


def within_workdays_after(
    judge: Judge, rule_id: str, start: pendulum.Date, *, extra: int = 0
) -> pendulum.Date:
    """The deadline of rule ``rule_id`` ("within N WD of ``start``"), plus ``extra`` WD."""
    n = judge.value(rule_id, "workdays")
    return within_workdays(judge.calendar, start, n + extra)


def rectification_start(app: Application) -> pendulum.Date:
    """The day ``rectify.deadline`` counts from: the enterprise's receipt of the review report
    (企业收到现场评审报告后), recorded with the report; the report's date for a report recorded
    before receipt dates were."""
    start = app.report_received_on or app.reviewed_on
    assert start is not None
    return start


def rectification_due(judge: Judge, app: Application) -> pendulum.Date:
    """``rectify.deadline`` (+ ``rectify.extension``): fix everything and report in writing,
    within N WD of the receipt of the review report."""
    return within_workdays_after(
        judge, "rectify.deadline", rectification_start(app), extra=app.extension_workdays
    )


def verification_due(judge: Judge, app: Application) -> pendulum.Date:
    """``rectify.verification``: the review team confirms within N WD of the report."""
    assert app.rectification_reported_on is not None
    return within_workdays_after(judge, "rectify.verification", app.rectification_reported_on)


def selfeval_publicity_complete(judge: Judge, publicity_from: pendulum.Date) -> pendulum.Date:
    """``selfeval.publicity``: the internal publicity is complete at the end of this day."""
    n = judge.value("selfeval.publicity", "workdays")
    return not_less_than_workdays(judge.calendar, publicity_from, n)


def publicity_complete(judge: Judge, publicized_on: pendulum.Date) -> pendulum.Date:
    """``publicity.duration``: public notice is complete at the end of this day."""
    n = judge.value("publicity.duration", "workdays")
    return not_less_than_workdays(judge.calendar, publicized_on, n)


def valid_until(judge: Judge, announced_on: pendulum.Date) -> pendulum.Date:
    """``validity.term``: the last day of validity of a level announced on ``announced_on``."""
    years = judge.value("validity.term", "years")
    return civil_period_end(announced_on, years=years)


def renewal_window_opens(judge: Judge, valid_until_: pendulum.Date) -> pendulum.Date:
    """``renewal.window``: the first day of the N months before expiry.

    Counted back from the last day of validity with ``period.civil_code``: for validity through
    2027-10-12 the 3 months are 2027-07-13 through 2027-10-12.
    """
    months = judge.value("renewal.window", "months")
    return valid_until_.subtract(months=months).add(days=1)


def lockout_ends(judge: Judge, rule_id: str, since: pendulum.Date) -> pendulum.Date:
    """The last day of a lockout (``lockout.*``) that began on ``since``; eligible the day after."""
    years = judge.value(rule_id, "years")
    return civil_period_end(since, years=years)


def selfeval_next_due(judge: Judge, last: pendulum.Date) -> pendulum.Date:
    """``selfeval.annual``: the next self-evaluation is due by the end of this day."""
    years = judge.value("selfeval.annual", "interval_years")
    return civil_period_end(last, years=years)
