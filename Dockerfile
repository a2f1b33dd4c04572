FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_SETTINGS_MODULE=tutorconsole.settings.dev python manage.py collectstatic --noinput
RUN useradd --create-home tutor && mkdir -p /app/var && chown -R tutor /app/var
USER tutor
EXPOSE 8000
CMD ["gunicorn", "-c", "tutorconsole/gunicorn_conf.py", "tutorconsole.asgi:application"]
