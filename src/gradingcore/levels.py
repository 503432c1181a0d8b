"""The standardization level (标准化等级) of an enterprise: 一级, 二级, 三级; 1 is highest."""

from __future__ import annotations

import enum

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


__all__ = ["Level"]
