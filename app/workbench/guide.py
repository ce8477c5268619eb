"""The first-day guide of the 工作台: the four steps that set a new station up, each ticked when done
(站点信息 → 导入台账 or 新增人员 → 工作人员 → 第一次自评). Read from the data, so a step is ticked
however it was done (window, command line, import)."""

from __future__ import annotations

from dataclasses import dataclass

from db.models import Assessment, BaseModel, Person, Staff, StationProfile

STATION = "station"
LEDGER = "ledger"
STAFF = "staff"
ASSESSMENT = "assessment"


@dataclass(frozen=True)
class GuideStep:
    key: str
    title: str
    hint: str
    done: bool


def _any(model: type[BaseModel]) -> bool:
    return bool(model.select().exists())


def first_day_steps() -> list[GuideStep]:
    profile = StationProfile.get_or_none(StationProfile.id == 1)
    named = profile is not None and bool((profile.name or "").strip())
    return [
        GuideStep(STATION, "填写站点信息", "站点名称、类型（社区或村）、所在区县街镇", named),
        GuideStep(LEDGER, "导入台账或新增人员", "已有 Excel 台账可一次导入；也可逐人新增", _any(Person)),
        GuideStep(STAFF, "登记工作人员", "站长、专职人员，服务记录的经办人从这里选", _any(Staff)),
        GuideStep(ASSESSMENT, "做第一次自评", "按所在地标准自评，看还差哪些分", _any(Assessment)),
    ]


def guide_needed(steps: list[GuideStep] | None = None) -> bool:
    """Show the guide while a step is still open."""
    return not all(step.done for step in (steps if steps is not None else first_day_steps()))
