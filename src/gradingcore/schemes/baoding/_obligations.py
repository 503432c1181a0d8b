"""The year's eight steps (BD-4..BD-11) as obligations of one enterprise's record on a date."""

from __future__ import annotations

import attrs
import pendulum

from gradingcore.citation import Citation
from gradingcore.i18n import Joined, Locale, Message, msg, render
from gradingcore.rules import Judge
from gradingcore.schemes.baoding._state import CampaignRecord
from gradingcore.schemes.baoding._values import Outcome, acceptor_of


@attrs.frozen
class Step:
    """One step of the year for one record: who owes it, by when, and whether it is done.

    ``due`` is the last day (None: no date); ``overdue`` means not done and past ``due`` on the
    day asked; ``late`` means done after ``due``. ``text`` says what is owed, rendered in the
    reader's language by :meth:`localized`; ``what`` is its English wording. The party is
    named as the campaign's notice names it (data, in Chinese).
    """

    rule_id: str
    party: str
    text: str | Message | Joined
    citation: Citation
    due: pendulum.Date | None
    done_on: pendulum.Date | None
    overdue: bool
    late: bool

    @property
    def what(self) -> str:
        return render(self.text, "en")

    def localized(self, locale: Locale | str | None = None) -> str:
        return render(self.text, locale)


def steps(judge: Judge, record: CampaignRecord, on: pendulum.Date) -> list[Step]:
    """The record's steps in the year's order, as they stand on ``on``."""

    def step(
        rule_id: str,
        party: str,
        what: Message,
        due: pendulum.Date | None,
        done: pendulum.Date | None,
    ) -> Step:
        return Step(
            rule_id,
            party,
            what,
            judge.policy.citation(rule_id),
            due,
            done,
            overdue=done is None and due is not None and on > due,
            late=done is not None and due is not None and done > due,
        )

    county = "县（市、区）、高新区、白沟·白洋淀温泉城或市政府有关部门"
    found = [
        step(
            "BD-4",
            county,
            msg("list the enterprise, report to {to}", to=judge.value("BD-4", "to")),
            judge.value("BD-4", "due"),
            record.enrolled_on,
        ),
        step(
            "BD-5",
            county,
            msg("sign the commitment"),
            judge.value("BD-5", "due"),
            record.commitment_on,
        ),
        step(
            "BD-6",
            county,
            msg("agree the plan with the enterprise"),
            judge.value("BD-6", "due"),
            record.plan_on,
        ),
        step(
            "BD-7",
            "企业",
            msg("check itself and fix, with the experts on site"),
            judge.value("BD-7", "until"),
            record.work_done_on,
        ),
        step(
            "BD-9",
            "责任部门和企业",
            msg("apply for the acceptance check (from {day})", day=judge.value("BD-9", "from")),
            None,
            record.acceptance_requested_on,
        ),
        step(
            "BD-9",
            acceptor_of(record.affiliation).value,
            msg("carry out the acceptance check"),
            None,
            record.accepted_on,
        ),
    ]
    if record.outcome is Outcome.FILED:
        found.append(
            step(
                "BD-10",
                "市安监局",
                msg("make the filed enterprise public in November"),
                judge.value("BD-10", "until"),
                record.publicized_on,
            )
        )
        found.append(
            step(
                "BD-11",
                judge.value("BD-11", "approved_by"),
                msg("approve and award the title"),
                None,
                record.awarded_on,
            )
        )
    return found


__all__ = ["Step", "steps"]
