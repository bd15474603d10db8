"""What ``kit.voila_server`` adds to Voila: kept templates, a kernel pool that never makes a page wait, timeouts,
kernel clients that miss no reply."""

from __future__ import annotations

import asyncio
import json

import jinja2
import pytest

from benchmarks.participant import run_in_thread
from kit.kernel_client import KitKernelClient, WakingChannel
from kit.paths import NOTEBOOKS_DIR
from kit.voila_server import (CELL_TIMEOUT, IOPUB_TIMEOUT, OPEN_PAGE_TAG, POOLED_NOTEBOOKS, TemplateCodeCache,
                              cell_timeout, install_ready_first, install_template_cache, ready_first,
                              voila_config)


class CountingEnvironment(jinja2.Environment):
    compiled = 0

    def compile(self, *args, **kwargs):
        CountingEnvironment.compiled += 1
        return super().compile(*args, **kwargs)


def environment(cache, templates, is_async=False):
    return CountingEnvironment(loader=jinja2.DictLoader(templates), bytecode_cache=cache, enable_async=is_async)


def test_templates_are_compiled_once_for_every_new_environment():
    cache = TemplateCodeCache()
    templates = {"page.html": "<p>{{ name }}</p>"}
    CountingEnvironment.compiled = 0
    first = environment(cache, templates).get_template("page.html").render(name="Ada")
    second = environment(cache, templates).get_template("page.html").render(name="Bea")
    assert (first, second) == ("<p>Ada</p>", "<p>Bea</p>")
    assert CountingEnvironment.compiled == 1
    assert len(cache) == 1


def test_a_changed_template_is_compiled_again():
    cache = TemplateCodeCache()
    CountingEnvironment.compiled = 0
    environment(cache, {"page.html": "oud {{ x }}"}).get_template("page.html")
    changed = environment(cache, {"page.html": "nieuw {{ x }}"}).get_template("page.html")
    assert changed.render(x=1) == "nieuw 1"
    assert CountingEnvironment.compiled == 2


def test_async_and_plain_environments_keep_their_own_code():
    cache = TemplateCodeCache()
    templates = {"page.html": "{{ x }}"}
    CountingEnvironment.compiled = 0
    assert environment(cache, templates).get_template("page.html").render(x=1) == "1"
    template = environment(cache, templates, is_async=True).get_template("page.html")
    assert run_in_thread(lambda: template.render_async(x=2)) == "2"
    assert CountingEnvironment.compiled == 2
    assert len(cache) == 2


def test_voila_page_exporters_share_the_cache():
    install_template_cache()
    install_template_cache()  # twice is harmless
    from voila import notebook_renderer

    exporter_class = notebook_renderer.VoilaExporter
    assert exporter_class.kit_cached
    from kit.voila_server import TEMPLATE_CACHE

    one = exporter_class(template_name="lab")._create_environment()
    two = exporter_class(template_name="lab")._create_environment()
    assert one is not two
    assert one.bytecode_cache is TEMPLATE_CACHE and two.bytecode_cache is TEMPLATE_CACHE


def test_the_cell_that_opens_the_page_may_wait_every_other_cell_has_a_limit():
    assert cell_timeout({"metadata": {"tags": [OPEN_PAGE_TAG]}}) is None
    assert cell_timeout({"metadata": {"tags": ["parameters"]}}) == CELL_TIMEOUT
    assert cell_timeout({"metadata": {}}) == CELL_TIMEOUT


@pytest.mark.parametrize("path", sorted(NOTEBOOKS_DIR.glob("*.ipynb")), ids=lambda p: p.name)
def test_every_notebook_tags_exactly_the_cell_that_opens_the_page(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    tagged = [c for c in notebook["cells"] if OPEN_PAGE_TAG in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    assert "open_page(" in "".join(tagged[0]["source"])
    # nothing before that cell shows anything: a pooled kernel renders it before it knows its visitor
    before = notebook["cells"][:notebook["cells"].index(tagged[0])]
    assert all("parameters" in c.get("metadata", {}).get("tags", []) or c["cell_type"] == "markdown"
               for c in before)


def test_config_pools_only_the_workshop_pages():
    config = voila_config(5)
    assert config.VoilaConfiguration.preheat_kernel is True
    pools = config.VoilaKernelManager.kernel_pools_config
    assert pools["default"] == {"pool_size": 0}
    assert {name: pools[name]["pool_size"] for name in POOLED_NOTEBOOKS} == {n: 5 for n in POOLED_NOTEBOOKS}
    assert all((NOTEBOOKS_DIR / name).is_file() for name in POOLED_NOTEBOOKS)
    assert config.VoilaExecutor.timeout_func is cell_timeout
    assert config.VoilaExecutor.iopub_timeout == IOPUB_TIMEOUT


def test_config_without_pool_starts_a_kernel_per_page():
    config = voila_config(0)
    assert "preheat_kernel" not in config.VoilaConfiguration
    assert "kernel_pools_config" not in config.VoilaKernelManager
    assert config.VoilaExecutor.timeout_func is cell_timeout


def test_every_kernel_of_kit_serve_gets_a_kit_kernel_client():
    """Voila's pooled kernel manager subclasses the same one and creates kernels the same way."""
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    mapping_class = voila_kernel_manager_factory(AsyncMappingKernelManager, False, 0)
    mapping = mapping_class(config=voila_config(0))
    kernel_manager = mapping.kernel_manager_factory(parent=mapping, kernel_name="python3")  # as start_kernel does
    client = kernel_manager.client()
    assert isinstance(client, KitKernelClient)
    assert isinstance(client.shell_channel, WakingChannel)
    assert isinstance(client.control_channel, WakingChannel)


class FakePoolManager:
    """Stands in for Voila's pooled kernel manager: a pool of tasks per notebook; pops the first."""

    def __init__(self, pool):
        self._pools = {"01_visie.ipynb": pool}

    def get_pool_size(self, notebook_name):
        return len(self._pools.get(notebook_name, []))

    async def get_rendered_notebook(self, notebook_name, **kwargs):
        return await self._pools[notebook_name].pop(0)


def test_a_page_takes_a_started_kernel_and_never_waits_for_a_replacement():
    async def scenario():
        loop = asyncio.get_running_loop()
        waiting = loop.create_future()  # a replacement still waiting out fill_delay
        failed = loop.create_future()
        failed.set_exception(RuntimeError("kernel died"))
        ready = loop.create_future()
        ready.set_result("kernel-1")
        manager_class = ready_first(lambda *a, **k: FakePoolManager)()
        manager = manager_class([waiting, failed, ready])
        assert manager.get_pool_size("01_visie.ipynb") == 1  # only the started kernel counts
        assert await manager.get_rendered_notebook("01_visie.ipynb") == "kernel-1"
        assert manager.get_pool_size("01_visie.ipynb") == 0  # Voila now starts a new kernel for the page
        assert manager.get_pool_size("00_start.ipynb") == 0
        waiting.cancel()

    run_in_thread(scenario)


def test_without_a_pool_the_kernel_manager_is_voilas_own():
    class Plain:
        pass

    assert ready_first(lambda *a, **k: Plain)() is Plain


def test_voila_builds_its_kernel_manager_through_ready_first():
    install_ready_first()
    install_ready_first()
    from voila import app

    assert app.voila_kernel_manager_factory.kit_ready_first
