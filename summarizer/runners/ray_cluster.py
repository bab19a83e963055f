"""Joining a Ray cluster, or starting one on this machine; one line when the extra is missing."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from types import ModuleType

from summarizer.errors import ConfigError

__all__ = ["INSTALL_HINT", "cluster_cpus", "import_ray", "ray_session"]

# How long the actors of a run may take to start (a cluster may have to add nodes first).
_ACTORS_START_WITHIN_SECONDS = 600
INSTALL_HINT = "--runner ray needs the ray extra: pip install 'summarizer[ray]'"


def import_ray() -> ModuleType:
    """The `ray` module, with Ray Data and pyarrow importable; a `ConfigError` saying how to install them."""
    try:
        import pyarrow  # noqa: F401
        import ray
        import ray.data
    except ImportError as error:
        raise ConfigError(INSTALL_HINT, original=error) from error
    return ray


@contextlib.contextmanager
def ray_session(*, address: str | None, quiet: bool, verbose: bool) -> Iterator[ModuleType]:
    """Ray, connected: to `address` (``auto``, ``HOST:PORT``, ``ray://...``), or to a cluster already
    joined in this process, or to a local instance started here and stopped on the way out.

    Ray's own start-up messages and Ray Data's plan are shown only with `verbose`; its
    progress bars and warnings unless `quiet`. (Ray Data's core logs one line per actor
    about constructor arguments in the object store whatever is passed, ray-project/ray#57733.)
    """
    ray = import_ray()
    from ray.data import DataContext

    context = DataContext.get_current()
    context.enable_progress_bars = not quiet
    # Batches go out once the pool's first actors are all up: otherwise the first actor ready
    # takes the first batches, and a small run, or its first endpoint, gets one actor only.
    context.wait_for_min_actors_s = _ACTORS_START_WITHIN_SECONDS
    level = logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING
    logging.getLogger("ray.data").setLevel(level)
    started_here = False
    if not ray.is_initialized():
        try:
            # Quiet, the actors' own output (their warnings) stays in Ray's logs.
            ray.init(address=address, logging_level=level, log_to_driver=not quiet)
        except (ConnectionError, ValueError, RuntimeError) as error:
            where = address or "a local Ray instance"
            raise ConfigError(f"cannot start or join {where}: {error}", original=error) from error
        started_here = True
    try:
        yield ray
    finally:
        if started_here:
            ray.shutdown()


def cluster_cpus(ray: ModuleType) -> int:
    """CPUs the cluster offers in all (at least 1)."""
    return max(1, int(ray.cluster_resources().get("CPU", 1)))
