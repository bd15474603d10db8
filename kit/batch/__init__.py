"""``kit batch``: the course notebooks for a whole school board, in parallel, on this machine or a Dask cluster.

Modules: :mod:`~kit.batch.cli` (the command), :mod:`~kit.batch.run` (per school: check, skip,
run, put in place, summarise), :mod:`~kit.batch.local` and :mod:`~kit.batch.worker` (worker
processes on this machine), :mod:`~kit.batch.cluster` (Dask), :mod:`~kit.batch.school_run`
(one school's notebooks), :mod:`~kit.batch.kernel` (the reusable kernel of a job),
:mod:`~kit.batch.fingerprint` and :mod:`~kit.batch.state` (skipping unchanged schools),
:mod:`~kit.batch.publish` (outputs in place, atomically), :mod:`~kit.batch.report` (what is
printed and the JSON summary), :mod:`~kit.batch.layout` (``WORKSPACE/_batch``).
"""
