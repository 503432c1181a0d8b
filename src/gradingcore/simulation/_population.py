"""The simulated province's enterprises: where they are, what they make, how big, their names
and their unified social credit codes.

Henan's 17 prefecture-level cities and Jiyuan (a city directly under the province) with their
GB/T 2260 codes; the industries of HN 第二条; above-size (规模以上) and small enterprises.
Everything is drawn from one seeded generator, so a seed always gives the same province.
"""

from __future__ import annotations

import random

import attrs

from gradingcore.facts import Degree, Expert, Title
from gradingcore.values import USCC, CaseKey, Enterprise, uscc_check_character


@attrs.frozen
class City:
    """A prefecture-level city of Henan (or Jiyuan) and its grading authority for level 3."""

    name: str  # e.g. 郑州市
    code: str  # GB/T 2260, 6 digits
    weight: int  # share of the province's enterprises, relative

    @property
    def short(self) -> str:
        """The name without 市 (郑州), as company names use it."""
        return self.name.removesuffix("市")

    @property
    def bureau(self) -> str:
        """Its emergency management department (the level-3 authority, HN 第五条)."""
        return ("济源示范区" if self.code == "419001" else self.name) + "应急管理局"


#: Weights: resident population in units of 10,000 at the 7th national census (2020), rounded,
#: as recalled (not checked against the census bulletin). Assumption: enterprises in scope are
#: spread like the population.
CITIES: tuple[City, ...] = (
    City("郑州市", "410100", 1260),
    City("开封市", "410200", 483),
    City("洛阳市", "410300", 706),
    City("平顶山市", "410400", 499),
    City("安阳市", "410500", 548),
    City("鹤壁市", "410600", 157),
    City("新乡市", "410700", 625),
    City("焦作市", "410800", 352),
    City("濮阳市", "410900", 377),
    City("许昌市", "411000", 438),
    City("漯河市", "411100", 237),
    City("三门峡市", "411200", 203),
    City("南阳市", "411300", 971),
    City("商丘市", "411400", 782),
    City("信阳市", "411500", 623),
    City("周口市", "411600", 903),
    City("驻马店市", "411700", 701),
    City("济源市", "419001", 73),
)


@attrs.frozen
class Industry:
    """An industry of HN 第二条, with its share of enterprises and of above-size ones."""

    name: str
    weight: int  # relative share of enterprises in scope
    above_size_share: float  # share of its enterprises above designated size
    words: tuple[str, ...]  # what its company names say it does


#: HN 第二条: "化工(含石油化工)、医药、危险化学品、冶金、有色、建材、机械、轻工、纺织、烟草、商贸".
#: Weights and above-size shares are assumptions (machinery, light industry, building materials
#: and trade the most numerous; tobacco a handful of large works).
INDUSTRIES: tuple[Industry, ...] = (
    Industry("化工", 80, 0.35, ("化工", "精细化工", "石油化工", "化学")),
    Industry("医药", 30, 0.4, ("制药", "医药", "生物制药")),
    Industry("危险化学品", 60, 0.2, ("化学品", "气体", "危险品储运")),
    Industry("冶金", 40, 0.4, ("钢铁", "特钢", "冶金")),
    Industry("有色", 40, 0.35, ("铝业", "铜业", "有色金属", "钼业")),
    Industry("建材", 140, 0.25, ("水泥", "建材", "玻璃", "耐火材料")),
    Industry("机械", 220, 0.3, ("机械制造", "重工", "装备", "机械")),
    Industry("轻工", 160, 0.2, ("食品", "纸业", "家具", "塑料制品")),
    Industry("纺织", 80, 0.25, ("纺织", "棉纺", "服饰")),
    Industry("烟草", 1, 1.0, ("卷烟",)),
    Industry("商贸", 149, 0.15, ("商贸", "物流", "商业", "仓储")),
)

#: Characters company names (字号) are made of, two at a time.
_NAME_CHARACTERS = (
    "恒通华鑫豫中宏兴盛达源丰泰安金隆昌瑞祥德信利嘉博远新宇正"
    "明光晨康汇海天永锦润凯豪龙鹏强力佳和顺福万立"
)
_SUFFIXES = ("有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司")
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰辉建国志红文斌波宁"

#: Safety consultancies an enterprise may hire (disclosed under ``selfeval.consultants``).
CONSULTANCIES: tuple[str, ...] = (
    "河南安泰安全技术咨询有限公司",
    "河南中安安全评价有限公司",
    "郑州诚安安全技术服务有限公司",
    "洛阳明安安全科技有限公司",
    "河南豫安工程咨询有限公司",
)

# GB 11714 organization code (组织机构代码): 8 body characters and a check character.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# Body characters drawn from the USCC character set (GB 32100-2015 excludes I, O, Z, S, V).
_BODY_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def organization_check_character(body: str) -> str:
    """The check character of a GB 11714 organization code's 8-character body."""
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w
        for c, w in zip(body, _ORG_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def uscc_for(region: str, number: int) -> USCC:
    """A valid USCC for an enterprise registered in ``region``: ``91`` (an enterprise registered
    by market regulation), the region, an organization code ``MA…`` with its GB 11714 check
    character, and the GB 32100-2015 check character. ``number`` (< 31**6) picks the code."""
    digits = []
    for _ in range(6):
        number, rest = divmod(number, len(_BODY_CHARSET))
        digits.append(_BODY_CHARSET[rest])
    body = "MA" + "".join(reversed(digits))
    first17 = f"91{region}{body}{organization_check_character(body)}"
    return USCC(first17 + uscc_check_character(first17))


@attrs.frozen
class Firm:
    """One simulated enterprise: its case key, its description, its city."""

    serial: int
    key: CaseKey
    enterprise: Enterprise
    city: City

    @property
    def industry(self) -> str:
        return self.enterprise.industry

    @property
    def above_size(self) -> bool:
        return self.enterprise.above_designated_size


def population(size: int, rng: random.Random) -> list[Firm]:
    """``size`` enterprises with unique names and USCCs, spread over the cities and industries
    by their weights."""
    cities = rng.choices(CITIES, weights=[c.weight for c in CITIES], k=size)
    industries = rng.choices(INDUSTRIES, weights=[i.weight for i in INDUSTRIES], k=size)
    numbers = rng.sample(range(len(_BODY_CHARSET) ** 6), size)
    names: set[str] = set()
    firms = []
    for serial, (city, industry, number) in enumerate(
        zip(cities, industries, numbers, strict=True)
    ):
        name = _name(city, industry, rng)
        while name in names:
            name = _name(city, industry, rng)
        names.add(name)
        enterprise = Enterprise(
            name,
            industry.name,
            region=city.code,
            above_designated_size=rng.random() < industry.above_size_share,
        )
        key = CaseKey(uscc_for(city.code, number), industry.name)
        firms.append(Firm(serial, key, enterprise, city))
    return firms


def _name(city: City, industry: Industry, rng: random.Random) -> str:
    mark = "".join(rng.sample(_NAME_CHARACTERS, 2))
    return f"{city.short}{mark}{rng.choice(industry.words)}{rng.choice(_SUFFIXES)}"


def person(rng: random.Random) -> str:
    """A Chinese personal name: a surname and one or two given characters."""
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(_SURNAMES) + given


def expert_pool(city: City, rng: random.Random, size: int = 24) -> tuple[Expert, ...]:
    """The review experts a city's organizing unit draws teams from: a quarter of them able to
    lead (senior title, 10+ years), all qualified under ``review.expert_qualification``, half
    with a background in the enterprises' processes (``review.expertise``)."""
    experts = []
    for n in range(size):
        leader = n % 4 == 0
        experts.append(
            Expert(
                id=f"{city.code}-x{n:02d}",
                name=person(rng),
                leader=leader,
                degree=rng.choice((Degree.BACHELOR, Degree.BACHELOR, Degree.MASTER)),
                degree_related=True,
                trained_provincially=True,
                safety_work_years=rng.randint(10, 28) if leader else rng.randint(5, 20),
                title=Title.SENIOR if leader else rng.choice((Title.INTERMEDIATE, Title.SENIOR)),
                process_background=n % 2 == 1,
            )
        )
    return tuple(experts)


__all__ = [
    "CITIES",
    "CONSULTANCIES",
    "INDUSTRIES",
    "City",
    "Firm",
    "Industry",
    "expert_pool",
    "organization_check_character",
    "person",
    "population",
    "uscc_for",
]
