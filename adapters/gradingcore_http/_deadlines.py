"""What a recorded deadline asks, in the reader's language.

An event stores its deadlines' ``what`` as the English words the decision wrote (data, kept
as recorded), so a page translates them here by the same catalog as its own words. A text not
listed (one a later version writes) is shown as stored.
"""

from __future__ import annotations

from gradingcore_cli._i18n import CATALOG, N_

#: Every ``Deadline.what`` the decisions write (src/gradingcore/decisions/).
RECORDED = (
    N_("audit and forward"),
    N_("audit, then forward or reject"),
    N_("correction notice, or deemed accepted"),
    N_("fix and report"),
    N_("level expires"),
    N_("locked out through this day"),
    N_("publicity complete; announce from the next day"),
    N_("verify"),
)


def deadline_what(text: str) -> str:
    """``text`` in the request's language (as stored if the catalog does not know it)."""
    return CATALOG.gettext(text)


__all__ = ["RECORDED", "deadline_what"]
