"""SQL text the dated views share (the Today checklist, the calendar and spreadsheet
exports): rows on live accounts, who owns an action, who answers an escalation now. Plain
strings with no SQLAlchemy, so `kamtui today` runs them through sqlite3 without loading
it; owner_sql wraps the same strings for the SQLAlchemy queries."""

from kamtui.domain.enums import ActionStatus, OwnerKind

# Action statuses still to be done.
OUTSTANDING = (ActionStatus.open.value, ActionStatus.waiting.value)
ME = OwnerKind.me.value


def like_escape(text: str) -> str:
    """`text` made literal inside a LIKE pattern written with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def live_account(table: str, *, join: str = "JOIN") -> str:
    """The JOIN of `table`'s rows to their account that keeps only live accounts.
    `join="CROSS JOIN"` makes SQLite keep `table` as the outer loop whatever its
    statistics say: a checklist walking a deadline index must not start from accounts."""
    return (f"{join} account ON account.id = {table}.account_id "
            f"AND account.deleted_at IS NULL")


ACTION_OWNER_JOINS = (
    "LEFT JOIN team_member ON team_member.id = action_item.owner_team_member_id "
    "LEFT JOIN contact ON contact.id = action_item.owner_contact_id")
# The owner's name: 'me' when the KAM owns it.
ACTION_OWNER = (f"CASE action_item.owner_kind WHEN '{OwnerKind.team.value}' THEN team_member.name "
                f"WHEN '{OwnerKind.customer.value}' THEN contact.name ELSE '{ME}' END")

# The level an escalation is at now: the oldest live one at its position, should a
# plan repeat one.
CURRENT_LEVEL = (
    "(SELECT other_level.id FROM escalation_level AS other_level "
    "WHERE other_level.plan_id = escalation.plan_id AND other_level.deleted_at IS NULL "
    "AND other_level.position = escalation.current_level "
    "ORDER BY other_level.created_at, other_level.id LIMIT 1)")
LEVEL_COUNT = (
    "(SELECT count(*) FROM escalation_level AS other_level "
    "WHERE other_level.plan_id = escalation.plan_id AND other_level.deleted_at IS NULL)")
RESPONDER_JOINS = (
    f"LEFT JOIN escalation_level ON escalation_level.id = {CURRENT_LEVEL} "
    "LEFT JOIN team_member ON team_member.id = escalation_level.team_member_id "
    "LEFT JOIN contact ON contact.id = escalation_level.contact_id")
# Who answers now, and their kind: 'me' when the KAM answers or there is no plan.
RESPONDER_KIND = f"coalesce(escalation_level.owner_kind, '{ME}')"
RESPONDER = (f"CASE WHEN {RESPONDER_KIND} = '{ME}' THEN '{ME}' ELSE coalesce(team_member.name, "
             f"contact.name, nullif(escalation_level.who, ''), '{ME}') END")
