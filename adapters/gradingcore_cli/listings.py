"""The JSON presentation of the read models' answers (registry lines, list entries, board items,
target progress), shared by the CLI's ``--json`` and the HTTP API (decision 0049). It imports
neither click nor rich."""

from __future__ import annotations

from typing import Any

import pendulum

from gradingcore import BoardItem, ListEntry, RegistryEntry, TargetProgress

#: The counts of a target's progress (None for a milestone).
COUNT_KEYS = ("in_scope", "done", "in_progress", "not_started", "required")


def iso(day: pendulum.Date | None) -> str | None:
    return day.isoformat() if day is not None else None


def registry_data(e: RegistryEntry) -> dict[str, Any]:
    """One line of the 企业台账."""
    return {
        "uscc": str(e.key.uscc),
        "specialty": e.key.specialty,
        "name": e.name,
        "region": e.region,
        "township": e.township,
        "industry": e.industry,
        "above_designated_size": e.above_designated_size,
        "status": str(e.status),
        "stage": str(e.stage) if e.stage else None,
        "level": int(e.level) if e.level else None,
        "valid_from": iso(e.valid_from),
        "valid_until": iso(e.valid_until),
        "revoked_on": iso(e.revoked_on),
    }


def entry_data(e: ListEntry) -> dict[str, Any]:
    """One line of a published list (公示, 公告, 撤销)."""
    return {
        "list": e.list,
        "uscc": str(e.key.uscc),
        "specialty": e.key.specialty,
        "name": e.name,
        "industry": e.industry,
        "region": e.region,
        "township": e.township,
        "level": int(e.level) if e.level else None,
        "on": e.on.isoformat(),
        "until": iso(e.until),
        "valid_from": iso(e.valid_from),
        "copied_to": list(e.copied_to),
        "authority": e.authority,
        "trigger": e.trigger,
    }


def item_data(item: BoardItem) -> dict[str, Any]:
    """One open obligation of the deadline board."""
    o = item.obligation
    return {
        "uscc": str(item.key.uscc),
        "specialty": item.key.specialty,
        "name": item.name,
        "region": item.region,
        "township": item.township,
        "rule_id": o.rule_id,
        "party": str(o.party),
        "what": o.what,
        "due": iso(o.due),
        "overdue": o.overdue,
        "cited": str(o.citation),
    }


def target_data(p: TargetProgress) -> dict[str, Any]:
    """A target and how far it is on a day."""
    return {
        "id": p.target.id,
        "name": p.target.name,
        "region": p.target.region,
        "deadline": p.target.deadline.isoformat(),
        "share": str(p.target.share),
        "counts": p.target.counts,
        # A milestone (a plan's dated step no fact records) has no counts.
        **(
            dict.fromkeys(COUNT_KEYS)
            if p.target.milestone
            else {
                "in_scope": p.in_scope,
                "done": p.done,
                "in_progress": p.in_progress,
                "not_started": p.not_started,
                "required": p.required,
            }
        ),
        "on_track": p.on_track,
        "status": p.status,
        "cited": str(p.target.citation),
    }


__all__ = ["COUNT_KEYS", "entry_data", "iso", "item_data", "registry_data", "target_data"]
