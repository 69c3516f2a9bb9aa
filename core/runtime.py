"""Process set-up shared by the WSGI entry point and the benchmark runner."""

import gc


def freeze_loaded_objects() -> None:
    """Move everything loaded so far out of the cyclic garbage collector's reach.

    Django, Wagtail, the models and the URL conf are a few hundred thousand objects that
    live as long as the process. Python's full collection scans them all: about 100 ms
    with this app loaded, and it lands on whichever request happens to trigger it (at
    the bench's scale L, one inbox request in eight took 170 ms instead of 55 ms). Frozen
    (`gc.freeze`, as gunicorn setups at Instagram and elsewhere do), they are no longer
    scanned; objects created by requests are collected as before."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module now
    gc.collect()
    gc.freeze()
