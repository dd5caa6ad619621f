"""``/health/``: 200 when beat is alive and no email waits unseen, else
503 with what is wrong; for load balancers, compose and monitoring."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_read


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    found = health_read()
    age = found.beat_age
    return JsonResponse(
        {
            "ok": found.ok,
            "beat": {
                "ok": found.beat_ok,
                "seconds_since_last_run": None if age is None else round(age),
            },
            "email": {
                "ok": found.email_ok,
                "oldest_waiting_seconds": round(found.email_wait),
            },
        },
        status=200 if found.ok else 503,
    )
