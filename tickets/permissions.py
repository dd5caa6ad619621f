from django.contrib.auth.models import AnonymousUser, User

AGENTS_GROUP = "Agents"


def is_agent(user: User | AnonymousUser) -> bool:
    """Staff, or a member of the Agents group."""
    if not user.is_authenticated or not user.is_active:
        return False
    assert isinstance(user, User)  # noqa: S101 - narrowed by is_authenticated
    return user.is_staff or user.groups.filter(name=AGENTS_GROUP).exists()
