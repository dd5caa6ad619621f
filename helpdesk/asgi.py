import os

from django.core.asgi import get_asgi_application

from helpdesk.core.startup import refuse_unsafe_start

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")
application = get_asgi_application()
refuse_unsafe_start()  # after the settings are loaded by the line above
