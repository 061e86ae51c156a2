"""The people at each customer, with their org chart and cadences, and the
interactions of the last 90 days (DOMAIN steps 3 and 8)."""

from datetime import date
from typing import Any

from kamtui.demo import data, texts
from kamtui.demo.context import AccountDraft, BuildContext, plain_ascii
from kamtui.domain import Product
from kamtui.domain.enums import Attitude, BuyingRole, InteractionKind, Tier

# How often each kind of interaction is logged, relative to the others.
INTERACTION_KINDS = {
    InteractionKind.meeting: 3, InteractionKind.call: 4, InteractionKind.email: 4,
    InteractionKind.query: 1, InteractionKind.complaint: 1, InteractionKind.feedback: 1,
    InteractionKind.requirement: 1, InteractionKind.note: 1,
}

# A contact's values before it is stored, with the position of their boss.
PlannedContact = tuple[dict[str, Any], int | None]
# An interaction before it is stored: when, kind, positions of the contacts, summary.
PlannedTalk = tuple[date, InteractionKind, tuple[int, ...], str]


def add_people(ctx: BuildContext, account: AccountDraft, products: dict[str, Product]) -> None:
    """Contacts with their org chart, and the interactions of the last 90 days.
    Interactions are planned first so that each contact's last-contacted date is
    the day we really last spoke, and lapsed cadences fall out naturally."""
    planned = _plan_contacts(ctx, account)
    talks = _plan_interactions(ctx, account, planned)
    last: dict[int, date] = {}
    for when, _kind, who, _text in talks:
        for i in who:
            last[i] = max(last.get(i, when), when)
    for i, (values, boss) in enumerate(planned):
        values["reports_to_id"] = account.contacts[boss].id if boss is not None else None
        values["last_contacted"] = last.get(i) or _unlogged_contact(ctx, values)
        account.contacts.append(ctx.add("contacts", values))
    for when, kind, who, text in talks:
        member = (ctx.rng.choice(account.members).name if account.members
                  else data.FIRST_RESPONDERS[1])
        summary = text.format(contact=account.contacts[who[0]].name, member=member,
                              product=ctx.rng.choice(list(products)))
        row = ctx.add("interactions", {"account_id": account.row.id, "occurred_on": when,
                                       "kind": kind, "summary": summary})
        for i in who:
            ctx.add("interaction_contacts", {"interaction_id": row.id,
                                             "contact_id": account.contacts[i].id})


def _unlogged_contact(ctx: BuildContext, contact: dict[str, Any]) -> date | None:
    """When we last spoke to someone no logged interaction names: not every chat is
    logged, so often within the cadence; sometimes long ago, or never."""
    cadence, roll = contact["cadence_days"], ctx.rng.random()
    if roll < 0.15:
        return None
    if roll < 0.55:
        return ctx.day(-ctx.rng.randint(cadence + 5, cadence + 90))
    return ctx.day(-ctx.rng.randint(1, cadence))


def _plan_contacts(ctx: BuildContext, account: AccountDraft) -> list[PlannedContact]:
    spec, rng = account.spec, ctx.rng
    org, n = {
        Tier.key: (data.KEY_ORG, data.KEY_CONTACT_COUNTS.get(spec.name, 5)),
        Tier.major: (data.MAJOR_ORG, rng.randint(2, 4)),
        Tier.standard: (data.STANDARD_ORG, rng.choice([1, 1, 2])),
    }[spec.tier]
    domain = plain_ascii(spec.name.split()[0]) + ".example"
    planned = []
    for title, role, boss in org[:n]:
        name = ctx.person_name()
        title = title.format(ops=data.OPS_TITLE[spec.industry])
        notes = ""
        if spec.name == data.NO_ECONOMIC_BUYER and role == BuyingRole.economic_buyer:
            title, role = "Finance Manager", BuyingRole.influencer
            notes = "The CFO post is vacant; covers budget questions but cannot sign."
        # Detractors in decision roles are rare; the at-risk account has one.
        deciding = role in (BuyingRole.decision_maker, BuyingRole.economic_buyer)
        attitude = {BuyingRole.champion: Attitude.supporter,
                    BuyingRole.blocker: Attitude.detractor}.get(role) or rng.choices(
            list(Attitude), weights=[4, 5, 0 if deciding else 1])[0]
        if spec.name == data.AT_RISK and role == BuyingRole.decision_maker:
            attitude = Attitude.detractor
            notes = "New since spring; came from a customer of Stratos. Wants a tender."
        strength = (rng.randint(4, 5) if role == BuyingRole.champion
                    else rng.randint(1, 2) if attitude == Attitude.detractor
                    else rng.randint(2, 4))
        cadence = {Tier.key: 14 if role == BuyingRole.champion else rng.choice([21, 30, 45]),
                   Tier.major: rng.choice([30, 45, 60]),
                   Tier.standard: rng.choice([60, 90])}[spec.tier]
        first, last = plain_ascii(name).split(" ", 1)
        planned.append(({
            "account_id": account.row.id, "name": name, "title": title,
            "email": f"{first}.{last.replace(' ', '')}@{domain}",
            "phone": f"{data.DIALING_CODE[spec.region]} 555 {rng.randint(1000, 9999)} "
                     f"{rng.randint(100, 999)}",
            "buying_role": role, "attitude": attitude, "strength": strength,
            "cadence_days": cadence, "notes": notes,
        }, boss))
    return planned


def _plan_interactions(ctx: BuildContext, account: AccountDraft,
                       planned: list[PlannedContact]) -> list[PlannedTalk]:
    rng = ctx.rng
    n = {Tier.key: rng.randint(9, 14), Tier.major: rng.randint(3, 6),
         Tier.standard: rng.randint(0, 3)}[account.spec.tier]
    # We talk most to champions and decision makers.
    weights = [3 if values["buying_role"] in (BuyingRole.champion,
                                              BuyingRole.decision_maker) else 1
               for values, _boss in planned]
    talks: list[PlannedTalk] = []
    for _ in range(n):
        kind = rng.choices(list(INTERACTION_KINDS), weights=list(INTERACTION_KINDS.values()))[0]
        size = min(len(planned), rng.randint(1, 3) if kind == InteractionKind.meeting else 1)
        who: list[int] = []
        while len(who) < size:
            pick = rng.choices(range(len(planned)), weights=weights)[0]
            if pick not in who:
                who.append(pick)
        talks.append((ctx.day(-rng.randint(0, 90)), kind, tuple(who),
                      rng.choice(texts.INTERACTIONS[kind])))
    for offset, kind, who, text in texts.STORY_INTERACTIONS.get(account.name, []):
        talks.append((ctx.day(offset), kind, who, text))
    talks.sort(key=lambda talk: talk[0])
    return talks
