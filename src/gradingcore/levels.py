"""The standardization level (标准化等级) of an enterprise: 一级, 二级, 三级; 1 is highest."""

from __future__ import annotations

import enum

from gradingcore.i18n import Locale, Message, msg_ctx

_ZH = {1: "一级", 2: "二级", 3: "三级"}


class Level(enum.IntEnum):
    """A grading level. ``Level.LEVEL_1`` (一级) is the highest, graded by the ministry."""

    LEVEL_1 = 1
    LEVEL_2 = 2
    LEVEL_3 = 3

    @property
    def zh(self) -> str:
        """The Chinese name, as the documents write it: ``"二级"``."""
        return _ZH[self.value]

    @property
    def en(self) -> str:
        """The English name used in docs and messages: ``"level 2"``."""
        return f"level {self.value}"

    def label(self, locale: Locale | str | None = None) -> str:
        """The name in ``locale`` (二级 or level 2); a message's ``{level}`` renders so."""
        return _LABELS[self].render(locale)


_LABELS: dict[Level, Message] = {
    Level.LEVEL_1: msg_ctx("level", "level 1"),
    Level.LEVEL_2: msg_ctx("level", "level 2"),
    Level.LEVEL_3: msg_ctx("level", "level 3"),
}


__all__ = ["Level"]
