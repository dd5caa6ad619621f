"""Who automatic changes are by in the history: "Automation" (rules,
automatic assignment), an account nobody signs in with."""

from django.contrib.auth.models import User

ROBOT = "automation"


def robot() -> User:
    user, _created = User.objects.get_or_create(
        username=ROBOT, defaults={"first_name": "Automation", "is_active": False}
    )
    return user
