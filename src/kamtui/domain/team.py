"""Our side: team members, their skills, and who works on which account (step 6)."""

from sqlmodel import JSON, Field, SQLModel

from kamtui.domain.base import Name, Row, ShortText


class TeamMemberBase(SQLModel):
    name: Name = Field(title="Name")
    role: ShortText = Field(default="", title="Role")
    email: ShortText = Field(default="", title="Email")
    skills: list[str] = Field(default_factory=list, sa_type=JSON, title="Skills")


class TeamMember(TeamMemberBase, Row, table=True):
    __tablename__ = "team_member"


class TeamMemberCreate(TeamMemberBase):
    """Validated input for a team member."""


class AssignmentBase(SQLModel):
    team_member_id: str = Field(foreign_key="team_member.id", index=True, title="Team member")
    account_id: str = Field(foreign_key="account.id", index=True, title="Account")
    role: ShortText = Field(default="", title="Role on the account")
    time_share_pct: float = Field(default=10.0, ge=0, le=100, title="Share of time (%)")


class Assignment(AssignmentBase, Row, table=True):
    __tablename__ = "assignment"


class AssignmentCreate(AssignmentBase):
    """Validated input for putting a team member on an account."""
