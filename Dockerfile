FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/app/var
WORKDIR /app

# Editable install: the code, templates and static files stay in /app, where
# settings.BASE_DIR finds them for gunicorn and celery alike.
COPY . .
RUN pip install --no-cache-dir -e . \
    && useradd --create-home helpdesk \
    && mkdir -p /app/var/media \
    && DJANGO_SECRET_KEY=build-only DJANGO_DEBUG=false python manage.py collectstatic --noinput \
    && chown -R helpdesk /app/var
USER helpdesk
EXPOSE 8000
CMD ["gunicorn", "helpdesk.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
