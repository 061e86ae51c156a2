"""The interaction log: logging a meeting, call, complaint ... with the contacts involved
(which restarts their cadence clock, and may add a follow-up action) and editing one. Each
step is one transaction and returns a `Change` the screen can undo; deleting one goes
through `kamtui.store.records.delete_record`, which takes its contact links with it."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from kamtui.clock import utcnow
from kamtui.domain import Contact, Interaction, InteractionContact
from kamtui.domain.enums import InteractionKind
from kamtui.errors import InvalidInput, NotFound
from kamtui.store.changes import Change, Recorder
from kamtui.store.engine import Store
from kamtui.store.people import ME, Owner
from kamtui.store.repos import Services

_contact, _link = Contact.__table__, InteractionContact.__table__


@dataclass(frozen=True)
class FollowUp:
    """The action item an interaction leads to."""

    title: str
    deadline: date | None
    owner: Owner = ME


@dataclass(frozen=True)
class Person:
    """A contact as the form lists them."""

    id: str
    name: str
    title: str


def account_people(store: Store, account_id: str, *, limit: int = 500) -> list[Person]:
    """The account's live contacts, by name: who may have been involved."""
    query = (select(_contact.c.id, _contact.c.name, _contact.c.title)
             .where(_contact.c.account_id == account_id, _contact.c.deleted_at.is_(None))
             .order_by(func.lower(_contact.c.name), _contact.c.id).limit(limit))
    with store.read() as session:
        return [Person(r.id, r.name, r.title) for r in session.execute(query)]


def involved_ids(store: Store, interaction_id: str) -> list[str]:
    """The contacts linked to an interaction now (live links only)."""
    query = (select(_link.c.contact_id)
             .where(_link.c.interaction_id == interaction_id, _link.c.deleted_at.is_(None))
             .order_by(_link.c.created_at, _link.c.id))
    with store.read() as session:
        return list(dict.fromkeys(session.execute(query).scalars()))


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _date_problems(occurred_on: date, today: date) -> list[str]:
    if occurred_on > today:
        return [f"Date: {occurred_on.isoformat()} is in the future; the log is of what "
                f"happened, so use today ({today.isoformat()}) or an earlier day."]
    return []


def _people(session: Session, account_id: str, contact_ids: Iterable[str],
            problems: list[str]) -> list[Contact]:
    """The contacts named, each a live contact of the account; else a sentence each."""
    found = []
    for contact_id in dict.fromkeys(contact_ids):
        person = session.get(Contact, contact_id)
        if person is None or person.deleted_at is not None:
            problems.append(f"Contacts involved: there is no contact with id {contact_id} "
                            f"(it may have been deleted).")
        elif person.account_id != account_id:
            problems.append(f"Contacts involved: {person.name} works at another account.")
        else:
            found.append(person)
    return found


def _validated(services: Services, data: dict[str, Any], problems: list[str]) -> None:
    try:
        services.interactions.validate(data)
    except InvalidInput as err:
        problems.extend(err.messages)


def _follow_up_data(services: Services, account_id: str, follow_up: FollowUp,
                    about: str, today: date, problems: list[str]) -> dict[str, Any]:
    data = {"account_id": account_id, "title": follow_up.title,
            "deadline": follow_up.deadline, "notes": f"Follow-up of {about}.",
            **follow_up.owner.fields()}
    try:
        services.actions.validate(data)
    except InvalidInput as err:
        problems.extend(f"Follow-up {m[:1].lower()}{m[1:]}" for m in err.messages)
    if follow_up.deadline is not None and follow_up.deadline < today:
        problems.append(f"Follow-up deadline: {follow_up.deadline.isoformat()} is in the "
                        f"past; use today ({today.isoformat()}) or a later day.")
    return data


def _cadence_reset(rec: Recorder, people: Iterable[Contact], on: date) -> None:
    """Move each person's last-contacted day up to `on`; never back."""
    for person in people:
        if person.last_contacted is None or on > person.last_contacted:
            rec.before(Contact, person.id)
            person.last_contacted = on
            person.updated_at = utcnow()
            rec.session.add(person)


def _link_people(services: Services, rec: Recorder, interaction_id: str,
                 people: Iterable[Contact]) -> None:
    for person in people:
        rec.created(services.interaction_contacts.create(
            {"interaction_id": interaction_id, "contact_id": person.id}))


def log_interaction(services: Services, account_id: str, *, occurred_on: date,
                    kind: InteractionKind | str, summary: str, contact_ids: Iterable[str],
                    follow_up: FollowUp | None = None,
                    today: date) -> tuple[Interaction, Change]:
    """Log what happened: the interaction, who was involved (their cadence restarts on
    `occurred_on` if that is later than their last contact) and, if given, the follow-up
    action item. Every problem is one sentence, and nothing is saved then."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        account = services.accounts.get(account_id)
        data = {"account_id": account_id, "occurred_on": occurred_on, "kind": kind,
                "summary": summary}
        problems: list[str] = []
        _validated(services, data, problems)
        problems += _date_problems(occurred_on, today)
        people = _people(session, account_id, contact_ids, problems)
        action: dict[str, Any] | None = None
        if follow_up is not None:
            action = _follow_up_data(services, account_id, follow_up,
                                     f"the {kind} on {occurred_on.isoformat()}", today,
                                     problems)
        if problems:
            raise InvalidInput(problems)
        talk = services.interactions.create(data)
        rec.created(talk)
        _link_people(services, rec, talk.id, people)
        _cadence_reset(rec, people, occurred_on)
        said = f"Logged {_a(str(talk.kind))} with {account.name}"
        if action is not None:
            item = services.actions.create(action)
            rec.created(item)
            due = f" due {item.deadline.isoformat()}" if item.deadline else ""
            said += f"; follow-up '{item.title}'{due}"
        return talk, rec.change(said + ".")


def edit_interaction(services: Services, id: str, *, occurred_on: date,
                     kind: InteractionKind | str, summary: str, contact_ids: Iterable[str],
                     today: date) -> Change:
    """Change what was logged and who was involved: links to people no longer involved
    are deleted, new ones added. The cadence of the people newly involved (and of all of
    them when the date moved later) restarts on the date; no one's is ever moved back."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        talk = session.get(Interaction, id)
        if talk is None or talk.deleted_at is not None:
            raise NotFound(f"There is no interaction with id {id}.")
        account = services.accounts.get(talk.account_id)
        was_on = talk.occurred_on
        changes = {"occurred_on": occurred_on, "kind": kind, "summary": summary}
        problems: list[str] = []
        _validated(services, {"account_id": talk.account_id, **changes}, problems)
        problems += _date_problems(occurred_on, today)
        people = _people(session, talk.account_id, contact_ids, problems)
        if problems:
            raise InvalidInput(problems)
        wanted = {p.id for p in people}
        links = list(session.scalars(select(InteractionContact).where(
            InteractionContact.interaction_id == id, InteractionContact.deleted_at.is_(None))))
        linked = {link.contact_id for link in links}
        stamp = utcnow()
        for link in links:
            person = session.get(Contact, link.contact_id)
            # A link to a since-deleted contact stays: the person is not in the form's
            # list, and it comes back with them if they are restored.
            if link.contact_id not in wanted and person is not None \
                    and person.deleted_at is None:
                rec.before(InteractionContact, link.id)
                link.deleted_at = link.updated_at = stamp
                session.add(link)
        rec.before(Interaction, id)
        services.interactions.update(id, changes)
        new = [p for p in people if p.id not in linked]
        _link_people(services, rec, id, new)
        _cadence_reset(rec, people if occurred_on > was_on else new, occurred_on)
        return rec.change(f"Edited the {talk.kind} with {account.name} "
                          f"on {occurred_on.isoformat()}.")


__all__ = ["FollowUp", "Person", "account_people", "edit_interaction", "involved_ids",
           "log_interaction"]
