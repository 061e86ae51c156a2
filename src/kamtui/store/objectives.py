"""An account plan's objectives, each with the action items that serve it, its progress
and its track (the rules are in store/objective_track.py), and the steps that change them:
add, delete (its actions stay, unlinked), reorder, customer agreement, link and unlink."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlmodel import Session

from kamtui.clock import utcnow
from kamtui.domain import AccountPlan, ActionItem, Contact, Objective, TeamMember
from kamtui.domain.enums import ActionStatus, OwnerKind
from kamtui.errors import InvalidInput, NotFound
from kamtui.store.changes import Change, Recorder
from kamtui.store.engine import Store
from kamtui.store.objective_track import (
    Track,
    action_progress,
    clamp,
    combined_progress,
    kpi_share,
    time_gone,
    track,
)
from kamtui.store.repos import Services

_objective, _action = Objective.__table__, ActionItem.__table__
_contact, _member = Contact.__table__, TeamMember.__table__
OPEN = (ActionStatus.open, ActionStatus.waiting)


# -- reading --------------------------------------------------------------------------
@dataclass(frozen=True)
class LinkedAction:
    id: str
    title: str
    deadline: date | None
    owner: str  # "me", the team member's or the contact's name
    status: ActionStatus
    success_measure: str


@dataclass(frozen=True)
class ObjectiveView:
    objective: Objective
    actions: list[LinkedAction]
    kpi: float | None  # KPI progress, 0-100
    actions_done: int
    actions_counted: int  # linked ones not cancelled
    progress: float | None  # the combined figure, 0-100
    track: Track
    why: str  # the rule that set the track, in words


def plan_objectives(store: Store, plan_id: str, today: date) -> list[ObjectiveView]:
    """The plan's live objectives in their order, each with its linked live actions (the
    ones still to do first, soonest deadline first), progress and track."""
    with store.read() as session:
        objectives = _ordered(session, plan_id)
        links = _linked(session, [o.id for o in objectives])
    return [_view(o, links.get(o.id, []), today) for o in objectives]


def _ordered(session: Session, plan_id: str) -> list[Objective]:
    query = (select(Objective).where(Objective.plan_id == plan_id,
                                     Objective.deleted_at.is_(None))
             .order_by(Objective.position, Objective.created_at, Objective.id))
    return list(session.execute(query).scalars())


def _linked(session: Session, ids: list[str]) -> dict[str, list[LinkedAction]]:
    owner = case((_action.c.owner_kind == OwnerKind.team.value, _member.c.name),
                 (_action.c.owner_kind == OwnerKind.customer.value, _contact.c.name),
                 else_="me")
    to_do = _action.c.status.in_([s.value for s in OPEN])
    query = (select(_action.c.id, _action.c.objective_id, _action.c.title,
                    _action.c.deadline, owner.label("owner"), _action.c.status,
                    _action.c.success_measure)
             .outerjoin(_member, _member.c.id == _action.c.owner_team_member_id)
             .outerjoin(_contact, _contact.c.id == _action.c.owner_contact_id)
             .where(_action.c.objective_id.in_(ids), _action.c.deleted_at.is_(None))
             .order_by(case((to_do, 0), else_=1), _action.c.deadline.is_(None),
                       _action.c.deadline, _action.c.title))
    found: dict[str, list[LinkedAction]] = {}
    for r in session.execute(query):
        found.setdefault(r.objective_id, []).append(LinkedAction(
            r.id, r.title, r.deadline, r.owner or "me", ActionStatus(r.status),
            r.success_measure))
    return found


def _view(o: Objective, actions: list[LinkedAction], today: date) -> ObjectiveView:
    counted = [a for a in actions if a.status != ActionStatus.cancelled]
    done = sum(a.status == ActionStatus.done for a in counted)
    overdue = sum(a.status in OPEN and a.deadline is not None and a.deadline < today
                  for a in actions)
    raw = kpi_share(o.baseline, o.target, o.current)
    by_actions = action_progress(done, len(counted))
    status, why = track(raw, by_actions, due=o.due,
                        gone=time_gone(o.created_at.date(), o.due, today), today=today,
                        overdue_actions=overdue)
    return ObjectiveView(o, actions, clamp(raw), done, len(counted),
                         combined_progress(clamp(raw), by_actions), status, why)


def open_actions_to_link(store: Store, account_id: str,
                         objective_id: str) -> list[tuple[str, str, str]]:
    """(id, title, the title of the objective it serves now or "") of the account's open
    or waiting actions not already serving this objective, soonest deadline first: what
    `L` offers (linking one that serves another objective moves it)."""
    query = (select(_action.c.id, _action.c.title, _objective.c.title.label("serves"))
             .outerjoin(_objective, (_objective.c.id == _action.c.objective_id)
                        & _objective.c.deleted_at.is_(None))
             .where(_action.c.account_id == account_id, _action.c.deleted_at.is_(None),
                    _action.c.status.in_([s.value for s in OPEN]),
                    func.coalesce(_action.c.objective_id, "") != objective_id)
             .order_by(_action.c.deadline.is_(None), _action.c.deadline, _action.c.title)
             .limit(200))
    with store.read() as session:
        return [(r.id, r.title, r.serves or "") for r in session.execute(query)]


# -- steps ------------------------------------------------------------------------------
def _live(session: Session, table: type, id: str, what: str):  # noqa: ANN202
    row = session.get(table, id)
    if row is None or row.deleted_at is not None:
        raise NotFound(f"There is no {what} with id {id} (it may have been deleted).")
    return row


def _write(rec: Recorder, row: Objective | ActionItem, **values: object) -> None:
    """Plain values on a row (a link, a position, a date), noted for undo."""
    rec.before(type(row), row.id)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    rec.session.add(row)


def add_objective(services: Services, plan_id: str,
                  data: dict) -> tuple[Objective, Change]:
    """Add an objective at the end of the plan's list."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        _live(session, AccountPlan, plan_id, "plan")
        last = session.execute(select(func.max(_objective.c.position)).where(
            _objective.c.plan_id == plan_id, _objective.c.deleted_at.is_(None))).scalar()
        row = services.objectives.create(
            {**data, "plan_id": plan_id, "position": 0 if last is None else last + 1})
        rec.created(row)
        return row, rec.change(f"Added the objective '{row.title}'.")


def delete_objective(services: Services, objective_id: str) -> Change:
    """Soft-delete the objective; the actions that served it stay, unlinked (undo links
    them again)."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        row = _live(session, Objective, objective_id, "objective")
        linked = session.execute(select(ActionItem).where(
            ActionItem.objective_id == objective_id)).scalars().all()
        for item in linked:  # deleted ones too: an undone delete must not point at it
            _write(rec, item, objective_id=None)
        rec.before(Objective, objective_id)
        services.objectives.delete(objective_id)
        live = sum(item.deleted_at is None for item in linked)
        kept = (f"; its {live} action{'s stay' if live != 1 else ' stays'}, unlinked"
                if live else "")
        return rec.change(f"Deleted the objective '{row.title}'{kept}.")


def move_objective(services: Services, objective_id: str, step: int) -> Change:
    """Move the objective one place up (step -1) or down (+1) in its plan; positions are
    renumbered 0, 1, 2 ... on the way so ties and gaps do not stop the move."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        row = _live(session, Objective, objective_id, "objective")
        order = _ordered(session, row.plan_id)
        here = [o.id for o in order].index(objective_id)
        there = here + step
        if not 0 <= there < len(order):
            edge = "first" if step < 0 else "last"
            raise InvalidInput([f"'{row.title}' is already the {edge} objective."])
        order[here], order[there] = order[there], order[here]
        for position, objective in enumerate(order):
            if objective.position != position:
                _write(rec, objective, position=position)
        way = "up" if step < 0 else "down"
        return rec.change(f"Moved the objective '{row.title}' {way}.")


def set_agreement(services: Services, objective_id: str, on: date | None,
                  today: date) -> Change:
    """Record that the customer agreed the objective and its KPI on `on` (not in the
    future); None withdraws the agreement."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        row = _live(session, Objective, objective_id, "objective")
        if on is None:
            if not row.customer_agreed:
                raise InvalidInput([f"The customer has not agreed '{row.title}' yet."])
            _write(rec, row, customer_agreed=False, customer_agreed_on=None)
            return rec.change(f"Withdrew the customer's agreement to '{row.title}'.")
        if on > today:
            raise InvalidInput([f"Customer agreed on: {on.isoformat()} is in the future; "
                                f"give today ({today.isoformat()}) or an earlier day."])
        _write(rec, row, customer_agreed=True, customer_agreed_on=on)
        return rec.change(f"Recorded the customer's agreement to '{row.title}' on "
                          f"{on.isoformat()}.")


def link_action(services: Services, action_id: str, objective_id: str) -> Change:
    """Let the action serve the objective (both of the same account)."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        item = _live(session, ActionItem, action_id, "action item")
        objective = _live(session, Objective, objective_id, "objective")
        plan = session.get(AccountPlan, objective.plan_id)
        if plan.account_id != item.account_id:
            raise InvalidInput(["Objective: that objective is in another account's plan."])
        if item.objective_id == objective_id:
            raise InvalidInput([f"'{item.title}' already serves '{objective.title}'."])
        _write(rec, item, objective_id=objective_id)
        return rec.change(f"Linked '{item.title}' to the objective '{objective.title}'.")


def unlink_action(services: Services, action_id: str) -> Change:
    """The action no longer serves an objective; it stays on the account."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        item = _live(session, ActionItem, action_id, "action item")
        if item.objective_id is None:
            raise InvalidInput([f"'{item.title}' serves no objective."])
        objective = session.get(Objective, item.objective_id)
        _write(rec, item, objective_id=None)
        return rec.change(f"Unlinked '{item.title}' from the objective "
                          f"'{objective.title}'.")


__all__ = ["LinkedAction", "ObjectiveView", "Track", "add_objective", "delete_objective",
           "link_action", "move_objective", "open_actions_to_link", "plan_objectives",
           "set_agreement", "unlink_action"]
