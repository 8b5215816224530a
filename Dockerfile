# The app in one image: CPU-only PyTorch, a non-root user, a health check Docker and compose can read.
#   docker build -t seq2seq-explainer .
#   docker run -p 8501:8501 seq2seq-explainer
# A class on several replicas behind nginx: deploy/compose.yaml (README.md, "Deploying for a class").
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# torch first, from PyTorch's CPU index: PyPI's Linux wheel of the same version pulls several GB of CUDA.
# The version is requirements.txt's (tests/test_deploy.py checks that the two agree).
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0
COPY requirements.txt .
RUN pip install -r requirements.txt

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app
COPY --chown=app:app . .
USER app

EXPOSE 8501
# Streamlit answers "ok" here once the server is up (the same check nginx and tests/e2e use).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"]
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]
