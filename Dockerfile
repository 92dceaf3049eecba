# Waymark web and worker image (production settings).
# Stage 1: the front end (govuk-frontend without the GOV.UK brand, Leaflet).
FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY site/scss site/scss
RUN npm run --silent build:css

# Stage 2: the Python application.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production
RUN pip install --no-cache-dir uv \
    && useradd --system --create-home --home-dir /home/waymark waymark
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
COPY --from=frontend /app/site/static/build site/static/build
COPY --from=frontend /app/node_modules/govuk-frontend/dist/govuk node_modules/govuk-frontend/dist/govuk
COPY --from=frontend /app/node_modules/leaflet/dist node_modules/leaflet/dist
# collectstatic needs settings to load, not real secrets.
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media && chown -R waymark /app/var
USER waymark
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD ["python", "docker/healthcheck.py"]
# Workers, threads and timeouts come from the environment: see config/gunicorn.py.
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application"]
