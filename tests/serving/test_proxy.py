"""The HAProxy configuration `serve` writes, and the message when HAProxy is missing."""

from __future__ import annotations

import pytest

from dashboard_core.serving import proxy, serve
from dashboard_core.serving.proxy import Backend

TWO = [Backend("w1", "127.0.0.1", 41001), Backend("w2", "127.0.0.1", 41002)]


def test_config_listens_where_asked_and_lists_every_process_with_its_cookie():
    text = proxy.render_config("127.0.0.1", 8501, TWO)
    assert "bind 127.0.0.1:8501" in text
    assert "server w1 127.0.0.1:41001 cookie w1" in text
    assert "server w2 127.0.0.1:41002 cookie w2" in text
    assert "$" not in text.split("\n", 3)[3]  # every template field filled in


def test_config_keeps_a_session_on_one_process_and_checks_each_process():
    text = proxy.render_config("127.0.0.1", 8501, TWO)
    assert "cookie CAM_WORKER insert indirect nocache" in text
    assert "option httpchk GET /_stcore/health" in text
    assert "default-server check" in text
    assert "timeout tunnel 1h" in text  # an open WebSocket is not cut after a minute


def test_config_for_ipv6_addresses():
    text = proxy.render_config("::1", 8501, [Backend("app1", "::1", 8502)])
    assert "bind ipv6@::1:8501" in text
    assert "server app1 ipv6@::1:8502 cookie app1" in text


@pytest.mark.parametrize("backends", [[], [TWO[0], TWO[0]]])
def test_config_refuses_no_process_or_twice_the_same_name(backends):
    with pytest.raises(ValueError):
        proxy.render_config("127.0.0.1", 8501, backends)


def test_missing_haproxy_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(proxy.shutil, "which", lambda name: None)
    monkeypatch.setattr(proxy, "SEARCHED", ("/nonexistent/haproxy",))
    with pytest.raises(proxy.ProxyMissingError, match="apt-get install -y haproxy"):
        proxy.find_haproxy()
    with pytest.raises(proxy.ProxyMissingError, match="/nowhere/haproxy"):
        proxy.find_haproxy("/nowhere/haproxy")


def test_serve_without_haproxy_exits_2_with_the_hint_and_starts_nothing(monkeypatch, capsys):
    def missing(explicit=None):
        raise proxy.ProxyMissingError("HAProxy is not installed: `sudo apt-get install -y haproxy`")

    started = []
    monkeypatch.setattr(proxy, "find_haproxy", missing)
    monkeypatch.setattr(serve.Supervisor, "start", lambda self: started.append(self))
    assert serve.serve(serve.ServeOptions(workers=2)) == 2
    assert "apt-get install -y haproxy" in capsys.readouterr().err
    assert not started


@pytest.mark.parametrize("workers", [0, serve.MAX_WORKERS + 1])
def test_serve_refuses_a_worker_count_out_of_range(workers, capsys):
    assert serve.serve(serve.ServeOptions(workers=workers)) == 2
    assert "--workers" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "host", "port"),
    [("10.0.0.11:8501", "10.0.0.11", 8501), ("app-2.internal:8502", "app-2.internal", 8502),
     ("[fd00::2]:8501", "fd00::2", 8501)],
)  # fmt: skip
def test_backend_from_host_and_port(text, host, port):
    backend = serve.parse_backend(text, 1)
    assert (backend.name, backend.host, backend.port) == ("app1", host, port)


@pytest.mark.parametrize("text", ["10.0.0.11", "10.0.0.11:", ":8501", "host:http", "h:70000"])
def test_backend_refuses_what_is_not_host_and_port(text):
    with pytest.raises(ValueError, match="HOST:PORT"):
        serve.parse_backend(text, 1)


def test_haproxy_accepts_the_generated_config_and_rejects_a_broken_one(tmp_path):
    try:
        binary = proxy.find_haproxy()
    except proxy.ProxyMissingError as exc:
        pytest.skip(str(exc))
    good = proxy.write_config(tmp_path, proxy.render_config("127.0.0.1", 8501, TWO))
    assert proxy.check_config(binary, good) is None
    bad = tmp_path / "bad.cfg"
    bad.write_text(good.read_text().replace("balance leastconn", "balance nonsense"))
    assert proxy.check_config(binary, bad)
