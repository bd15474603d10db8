"""``kit serve`` settings and its Dutch refusal of a busy port."""

from __future__ import annotations

import socket

import pytest

from kit.errors import KitError
from kit.paths import NOTEBOOKS_DIR
from kit.serve import check_port_free, page_url, voila_command


def test_voila_command_hides_sources_and_tracebacks_and_culls_idle_kernels():
    command = voila_command("127.0.0.1", 8870, participants=7)
    assert command[1:5] == ["-m", "kit.voila_server", str(NOTEBOOKS_DIR), "--kit-pool=7"]
    for flag in ["--port=8870", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--strip_sources=True",
                 "--show_tracebacks=False", "--no-browser", "--VoilaConfiguration.allow_template_override=NO",
                 "--MappingKernelManager.cull_connected=False", "--KernelManager.transport=ipc",
                 "--template=kit"]:
        assert flag in command
    cull = [c for c in command if c.startswith("--MappingKernelManager.cull_idle_timeout=")]
    assert cull and int(cull[0].split("=")[1]) > 0


def test_busy_port_gives_dutch_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(KitError, match=f"Poort {port} op 127.0.0.1 is al in gebruik"):
            check_port_free("127.0.0.1", port)


def test_page_url_encodes_parameters():
    assert page_url("127.0.0.1", 8866, "00_start.ipynb", school="demo-school") == \
        "http://127.0.0.1:8866/voila/render/00_start.ipynb?school=demo-school"


def test_voila_env_puts_the_kit_template_first(tmp_path, monkeypatch):
    from kit.serve import SHARE_DIR, voila_env

    monkeypatch.setenv("JUPYTER_PATH", "/elders")
    env = voila_env(tmp_path)
    assert env["JUPYTER_PATH"].split(":") == [str(SHARE_DIR), "/elders"]
    assert env["KIT_WORKSPACE"] == str(tmp_path)
    assert env["VOILA_APP_IP"] == "127.0.0.1"  # where a pooled kernel collects its page address
    assert (SHARE_DIR / "voila" / "templates" / "kit" / "conf.json").is_file()


@pytest.mark.parametrize("host, app_ip", [("0.0.0.0", "127.0.0.1"), ("::", "127.0.0.1"),
                                          ("192.168.1.20", "192.168.1.20"), ("fe80::1", "[fe80::1]")])
def test_pooled_kernels_reach_the_server_where_it_listens(tmp_path, host, app_ip):
    from kit.serve import voila_env

    assert voila_env(tmp_path, host)["VOILA_APP_IP"] == app_ip


def test_serve_refuses_a_pool_size_out_of_range(kit, workspace):
    status, out, err = kit("serve", "--deelnemers", "-1")
    assert status == 2
    assert "--kernels -1 kan niet" in err and "van 0 tot en met 60" in err
