"""Citations: where in which document a rule is written (出处)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from gradingcore.i18n import Locale


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

    def localized(self, locale: Locale | str | None = None) -> str:
        """The citation as a reader sees it: the document's code, then the article's own
        Chinese words (第八条(四)); where the text was not read, marked so in the reader's
        language (未经核实 / unverified). ``str()`` is the English form, which data (JSON)
        carries whatever the locale (docs/decisions/0082)."""
        from gradingcore.i18n import Message, joined, msg

        where: str | Message = self.document
        if self.article:
            where = f"{self.document} {self.article}{self.item or ''}"
        elif self.item:
            where = f"{self.document}{self.item}"
        marks: list[Message] = [] if self.verified else [msg("unverified")]
        if not self.article and self.subject:
            # Translators: a citation without an article number: the document, then what the
            # cited passage is about (自评, 申请定级条件).
            where = msg("{document}, {subject}", document=where, subject=self.subject)
            # Translators: a citation whose article number is not known.
            marks.insert(0, msg("article not known"))
        if not marks:
            return str(where) if isinstance(where, str) else where.render(locale)
        # Translators: a citation and its marks (unverified; article not known).
        return msg("{where} ({marks})", where=where, marks=joined(marks)).render(locale)

    def __str__(self) -> str:
        from gradingcore.i18n import Locale

        return self.localized(Locale.EN)
