"""Production configuration comes from the environment and refuses unsafe defaults."""

from tests.subprocesses import run_python, settings_in_subprocess


def test_debug_off_without_a_secret_key_refuses_to_start():
    """The web server (and a worker, below) refuses; makemigrations and
    other commands still load the settings."""
    result = run_python("import helpdesk.wsgi", {"DJANGO_DEBUG": "false"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    loaded = settings_in_subprocess({"DJANGO_DEBUG": "false"}, "settings.DEBUG")
    assert loaded.stdout.strip() == "False", loaded.stderr


def test_a_worker_refuses_the_built_in_key_with_debug_off():
    result = run_python(
        "from celery.bin.celery import main; main()",
        {"DJANGO_DEBUG": "false", "CELERY_BROKER_URL": "memory://"},
        argv=["-A", "helpdesk", "worker", "--pool", "solo"],
    )
    assert result.returncode != 0
    assert "Refusing to start: DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_forgotten_django_debug_is_off():
    """Before: it defaulted to true, and a deploy that forgot it served
    debug pages."""
    result = settings_in_subprocess(
        {"DJANGO_SECRET_KEY": "s3cret-for-this-test"},
        "settings.DEBUG",
        development=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_settings_come_from_the_environment():
    result = settings_in_subprocess(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "s3cret-for-this-test",
            "DJANGO_ALLOWED_HOSTS": "help.example.com",
            "DATABASE_URL": "postgres://u:p@db.example.com:5432/helpdesk",
            "REDIS_URL": "redis://cache.example.com:6379/0",
            "EMAIL_URL": "smtp://mail.example.com:1025",
            "SITE_URL": "https://help.example.com",
        },
        "settings.DATABASES['default']['HOST'], settings.CELERY_BROKER_URL, "
        "settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.ALLOWED_HOSTS, "
        "settings.SITE_URL",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "db.example.com redis://cache.example.com:6379/0 "
        "django.core.mail.backends.smtp.EmailBackend mail.example.com "
        "['help.example.com'] https://help.example.com"
    )


def test_an_esp_is_chosen_by_email_backend_and_anymail_settings():
    result = settings_in_subprocess(
        {
            "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
            "ANYMAIL_POSTMARK_SERVER_TOKEN": "token-123",
        },
        "settings.EMAIL_BACKEND, settings.ANYMAIL",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "anymail.backends.postmark.EmailBackend {'POSTMARK_SERVER_TOKEN': 'token-123'}"
    )


def test_make_run_ends_with_where_to_go_and_how_to_sign_in(settings):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    settings.SITE_URL = "http://127.0.0.1:8123"
    call_command("seed_demo", "--welcome", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/agent/       sign in: agent / agent-demo-2026" in text
    assert "http://127.0.0.1:8123/admin/       sign in: admin / admin-demo-2026" in text
