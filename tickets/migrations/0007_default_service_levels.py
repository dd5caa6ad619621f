"""A new install already promises something: office hours in London with
England's public holidays, a standard policy and a stricter one for VIPs.
Admins change all of it in Django admin."""

from datetime import date, time

import holidays
from django.db import migrations

DAY = 510  # 09:00-17:30

STANDARD = {  # priority: first response, next response, resolution (minutes)
    "urgent": (60, 60, DAY),
    "high": (240, 240, 2 * DAY),
    "normal": (DAY, DAY, 5 * DAY),
    "low": (2 * DAY, 2 * DAY, 10 * DAY),
}
VIP = {
    "urgent": (30, 30, DAY // 2),
    "high": (60, 60, DAY),
    "normal": (240, 240, 2 * DAY),
    "low": (DAY, DAY, 5 * DAY),
}


def create(apps, schema_editor):
    Calendar = apps.get_model("tickets", "BusinessCalendar")
    if Calendar.objects.exists():
        return
    calendar = Calendar.objects.create(
        name="Office hours", time_zone="Europe/London",
        holiday_country="GB", holiday_subdivision="ENG",
    )
    apps.get_model("tickets", "WorkingHours").objects.bulk_create(
        apps.get_model("tickets", "WorkingHours")(
            calendar=calendar, weekday=day, start=time(9, 0), end=time(17, 30)
        )
        for day in range(5)
    )
    this_year = date.today().year
    public = holidays.country_holidays("GB", subdiv="ENG", years=range(this_year, this_year + 3))
    apps.get_model("tickets", "Holiday").objects.bulk_create(
        apps.get_model("tickets", "Holiday")(calendar=calendar, date=day, name=name[:100])
        for day, name in sorted(public.items())
    )
    Policy = apps.get_model("tickets", "SLAPolicy")
    Target = apps.get_model("tickets", "SLATarget")
    for name, order, vip_only, targets in (
        ("VIP customers", 10, True, VIP),
        ("Standard", 100, False, STANDARD),
    ):
        policy = Policy.objects.create(
            name=name, order=order, vip_only=vip_only, calendar=calendar
        )
        Target.objects.bulk_create(
            Target(policy=policy, priority=priority, first_response_minutes=first,
                   next_response_minutes=following, resolution_minutes=resolution)
            for priority, (first, following, resolution) in targets.items()
        )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0006_service_levels")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
