FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_SETTINGS_MODULE=tutorconsole.settings.dev python manage.py collectstatic --noinput
RUN useradd --create-home tutor && mkdir -p /app/var && chown -R tutor /app/var
USER tutor
# Work out the screen's pattern strings once, so each web and worker process starts quicker.
RUN python -c "from safeguarding.screening import concepts, lexicon, pii"
EXPOSE 8000
CMD ["gunicorn", "-c", "tutorconsole/gunicorn_conf.py", "tutorconsole.asgi:application"]
