"""deploy/: the recipe for a deployment (no Docker engine runs here, so the tests read it; the
replicas themselves are run by tests/test_telegram_deployment.py)."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text(encoding="utf-8"))
CADDYFILE = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
REPLICAS = sorted(name for name in COMPOSE["services"] if name.startswith("closer-"))


def test_the_deployment_runs_three_replicas_of_the_repository_s_image_on_one_postgresql():
    assert len(REPLICAS) == 3
    for name in REPLICAS:
        service = COMPOSE["services"][name]
        assert service["build"] == ".."
        assert "@postgres/" in service["environment"]["DATABASE_URL"]
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_every_replica_is_health_checked_on_healthz_where_it_listens():
    for name in REPLICAS:
        service = COMPOSE["services"][name]
        port = service["environment"]["CLOSER_LISTEN"].rsplit(":", 1)[1]
        assert f"127.0.0.1:{port}/healthz" in " ".join(service["healthcheck"]["test"])


def test_the_balancer_sends_to_every_replica_and_checks_its_health():
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", CADDYFILE)
    assert upstreams is not None
    assert sorted(u.split(":")[0] for u in upstreams.group(1).split()) == REPLICAS
    assert "health_uri /healthz" in CADDYFILE


def test_the_replicas_settings_example_puts_them_in_webhook_mode():
    example = (ROOT / "deploy" / "closer.env.example").read_text(encoding="utf-8")
    assert "CLOSER_WEBHOOK_URL=https://" in example
    assert "CLOSER_WEBHOOK_SECRET=" in example
