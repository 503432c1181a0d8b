"""Citations: where in which document a rule is written (出处)."""

from __future__ import annotations

import attrs


@attrs.frozen
class Citation:
    """A place in a source document that a rule rests on.

    ``document`` is the short code used in ``rules.md`` (``"HN"`` for Henan's rules, ``"MEM"``
    for the national rules, ``"CC"`` for the Civil Code, ``"GOV"`` for the State Council's
    holiday notices). ``verified`` is false where the text could not be read and the citation is
    "as recalled" (rules.md): an auditor must check it against the original. ``note`` says what
    an auditor should know about the citation (where the text was taken from when the document
    itself could not be read, what the text does not say). ``subject`` names what the cited
    passage is about (自评, 申请定级条件, …) where its article number is not known: a citation
    then names its subject rather than a guessed article (docs/decisions/0012).
    """

    document: str
    article: str | None = None
    item: str | None = None
    text_zh: str = ""
    verified: bool = True
    note: str = ""
    subject: str = ""

    def __str__(self) -> str:
        where = self.document
        if self.article:
            where += f" {self.article}"
        if self.item:
            where += self.item
        marks = [] if self.verified else ["unverified"]
        if not self.article and self.subject:
            where += f", {self.subject}"
            marks.insert(0, "article not known")
        return f"{where} ({'; '.join(marks)})" if marks else where
