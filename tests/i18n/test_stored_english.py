"""English the store holds, shown in the reader's language (decision 0089): a revocation's
facts are its trigger's finding in English when the authority typed none; the summary re-reads
them against the triggers' wording. Typed facts are shown as typed. And the auditor's findings
carry the rule's Chinese summary (``case export`` in Chinese has no English summary)."""

from __future__ import annotations

import datetime

import attrs

from gradingcore import GradingService, ManualClock, check, default_policies, event_summary
from gradingcore import events as ev
from gradingcore.i18n import msg, reread
from gradingcore.summary import REPORTING, TRIGGER_FACTS
from gradingcore_cli.demo import run_demo
from tests.i18n.catalogs import english_words

TEMPLATES = (*TRIGGER_FACTS.values(), *REPORTING.values())


def test_a_stored_english_finding_reads_back_as_its_message() -> None:
    again = reread("fatal accidents: 2024-豫-017, 2024-豫-018", TEMPLATES)
    assert again is not None
    assert again.render("zh") == "发生死亡事故：2024-豫-017、2024-豫-018"
    assert again.render("en") == "fatal accidents: 2024-豫-017, 2024-豫-018"


def test_values_inside_values_plurals_and_dates_read_back() -> None:
    hidden = reread("accidents not reported: A1 (concealed), A2 (reported late)", TEMPLATES)
    assert hidden is not None
    assert english_words(hidden.render("zh")) == []
    assert hidden.render("en") == "accidents not reported: A1 (concealed), A2 (reported late)"
    for n in (1, 2):
        text = TRIGGER_FACTS["revoke.fraud"].counted(n).render("en")
        again = reread(text, TEMPLATES)
        assert again is not None
        assert again.n == n
        assert again.render("en") == text
        assert english_words(again.render("zh")) == []
    window = TRIGGER_FACTS["revoke.injuries_or_loss_12m"].bind(
        first=datetime.date(2023, 7, 1), last=datetime.date(2024, 6, 3), injured=10, loss=0
    )
    again = reread(window.render("en"), TEMPLATES)
    assert again is not None
    assert again.render("zh") == window.render("zh")
    assert "2023年7月1日" in again.render("zh")


def test_text_no_template_words_stays_as_it_is() -> None:
    assert reread("the enterprise closed its plant", TEMPLATES) is None
    assert reread("", TEMPLATES) is None
    # A template of placeholders alone words nothing, so it matches nothing.
    assert reread("anything", (msg("{ids}"),)) is None


def _revocation(service: GradingService) -> ev.Revoked:
    for key in service.case_ids():
        for event in service.history(key):
            if isinstance(event, ev.Revoked):
                return event
    raise AssertionError("the demo revokes a level")


def test_the_demo_revocation_reads_in_chinese_and_stored_data_stays_english(
    tmp_path: object,
) -> None:
    clock = ManualClock("2022-01-04")
    service = GradingService(f"{tmp_path}/demo.db", clock=clock)
    run_demo(service, clock, lambda _line: None)
    revoked = _revocation(service)
    service.close()
    assert revoked.facts == "fatal accidents: 2024-豫-017"  # stored as it was: English
    assert event_summary(revoked, "zh") == "revoke.fatal_accident：发生死亡事故：2024-豫-017"
    assert event_summary(revoked, "en") == "revoke.fatal_accident: fatal accidents: 2024-豫-017"
    typed = attrs.evolve(revoked, facts="fatal accidents at the plant")
    assert event_summary(typed, "zh").endswith("fatal accidents at the plant")


def test_audit_findings_carry_the_rules_chinese_summary(tmp_path: object) -> None:
    clock = ManualClock("2022-01-04")
    service = GradingService(f"{tmp_path}/demo.db", clock=clock)
    keys = run_demo(service, clock, lambda _line: None)
    report = check(service, keys[0])
    service.close()
    henan = default_policies().get("cn.henan.2023")
    cited = [f for f in report.findings if f.rule_id in henan.rules]
    assert cited
    for finding in cited:
        rule = henan.rules[finding.rule_id]
        assert finding.summary == rule.summary
        assert finding.summary_zh == rule.summary_zh
        assert finding.localized_summary("zh") == rule.localized_summary("zh")
        assert finding.localized_summary("en") == rule.summary
    unknown = attrs.evolve(cited[0], summary_zh="")
    assert unknown.localized_summary("zh") == cited[0].summary  # a host's policy without one
