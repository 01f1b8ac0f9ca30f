"""/healthz/ for load balancers: 200 only when the database and the channel layer answer."""

import socket

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(300)]

REDIS_LAYERS = ["channels_redis.pubsub.RedisPubSubChannelLayer", "channels_redis.core.RedisChannelLayer"]
IN_MEMORY = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthy_with_the_in_memory_layer(client, settings):
    settings.CHANNEL_LAYERS = IN_MEMORY

    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "channel_layer": "ok"}}
    assert "no-cache" in response["Cache-Control"]  # a proxy must never answer for the process


@pytest.mark.parametrize("backend", REDIS_LAYERS)
def test_healthy_with_real_redis(client, settings, redis_url, backend):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": backend, "CONFIG": {"hosts": [redis_url]}}}

    response = client.get("/healthz/")

    assert response.status_code == 200, response.content
    assert response.json()["checks"] == {"database": "ok", "channel_layer": "ok"}


@pytest.mark.parametrize("backend", REDIS_LAYERS)
def test_unhealthy_when_the_layers_redis_is_down(client, settings, backend):
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": backend, "CONFIG": {"hosts": [f"redis://127.0.0.1:{closed_port()}/0"]}}
    }

    response = client.get("/healthz/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["channel_layer"].startswith("error: ")


def test_healthy_again_once_the_layer_is_back(client, settings, redis_url):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [f"redis://127.0.0.1:{closed_port()}/0"]},
        }
    }
    assert client.get("/healthz/").status_code == 503

    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer", "CONFIG": {"hosts": [redis_url]}}
    }
    assert client.get("/healthz/").status_code == 200
