"""The deployment files agree with the app and with each other (Docker cannot run here: no daemon and no
registry of images; nginx.conf and upstreams.conf run for real in tests/e2e/test_deploy_e2e.py)."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = (ROOT / "deploy" / "compose.yaml").read_text()
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()


def pin(text: str, package: str) -> str | None:
    m = re.search(rf"^\s*(?:RUN pip install .*?)?\b{package}==([\w.]+)", text, re.M)
    return m.group(1) if m else None


def test_the_image_installs_requirements_torch_from_the_cpu_index():
    wanted = pin((ROOT / "requirements.txt").read_text(), "torch")
    assert wanted and pin(DOCKERFILE, "torch") == wanted
    torch_line = next(x for x in DOCKERFILE.splitlines() if "torch==" in x)
    assert "--index-url https://download.pytorch.org/whl/cpu" in torch_line  # never PyPI's CUDA build
    assert DOCKERFILE.index(torch_line) < DOCKERFILE.index("pip install -r requirements.txt")
    assert re.search(r"^FROM python:3\.11", DOCKERFILE, re.M)


def test_the_image_runs_as_a_user_and_checks_its_health_on_the_port_it_serves():
    users = re.findall(r"^USER (\S+)", DOCKERFILE, re.M)
    assert users and users[-1] not in ("root", "0")
    assert DOCKERFILE.index("COPY --chown=app:app . .") < DOCKERFILE.index("USER app")
    port = re.search(r"^EXPOSE (\d+)", DOCKERFILE, re.M).group(1)
    assert f"--server.port={port}" in DOCKERFILE and "--server.address=0.0.0.0" in DOCKERFILE
    health = next(x for x in DOCKERFILE.splitlines() if "_stcore/health" in x)
    assert f"127.0.0.1:{port}/_stcore/health" in health
    assert '"streamlit", "run", "app.py"' in DOCKERFILE


def test_the_image_leaves_out_what_it_does_not_run():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", "tests", "benchmarks"} <= ignored
    assert not {"pretrained", "app.py", "pages", ".streamlit"} & ignored


def test_compose_puts_nginx_with_the_tested_files_in_front_of_the_replicas():
    assert "./nginx.conf:/etc/nginx/conf.d/default.conf" in COMPOSE
    assert "./upstreams.conf:/etc/nginx/seq2seq-upstreams.conf" in COMPOSE
    assert "include seq2seq-upstreams.conf;" in NGINX  # relative to /etc/nginx, as in the test's prefix
    assert '"8080:8080"' in COMPOSE and "listen 8080;" in NGINX
    assert "condition: service_healthy" in COMPOSE
    assert "STREAMLIT_SERVER_COOKIE_SECRET: ${S2S_COOKIE_SECRET:?" in COMPOSE  # one secret, required
    assert "server app:8501" in (ROOT / "deploy" / "upstreams.conf").read_text()


def test_nginx_takes_an_upload_as_large_as_the_app_accepts_and_upgrades_websockets():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    limit = int(re.search(r"client_max_body_size (\d+)m;", NGINX).group(1))
    assert limit > config["server"]["maxUploadSize"]  # (a multipart body is a little larger than its file)
    assert "proxy_set_header Upgrade $http_upgrade;" in NGINX
    assert "proxy_set_header Connection $connection_upgrade;" in NGINX
    assert "hash $s2s_route consistent;" in NGINX
