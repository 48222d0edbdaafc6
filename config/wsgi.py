from django.core.wsgi import get_wsgi_application

from config.startup import settings_or_exit

settings_or_exit()  # also names the settings module, as manage.py does
application = get_wsgi_application()
