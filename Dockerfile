FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/app/var
WORKDIR /app

# The README's Production steps: `pip install .` from the checkout, whose
# code, templates, static files and compiled catalogues (locale/, committed)
# stay in /app, where settings.BASE_DIR finds them for gunicorn and celery.
COPY . .
RUN pip install --no-cache-dir . \
    && useradd --create-home helpdesk \
    && mkdir -p /app/var/media \
    && DJANGO_SECRET_KEY=build-only DJANGO_DEBUG=false python manage.py collectstatic --noinput \
    && chown -R helpdesk /app/var
USER helpdesk
EXPOSE 8000
CMD ["gunicorn", "helpdesk.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
