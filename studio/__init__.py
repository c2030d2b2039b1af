"""New Media Studio (新媒体工作室): offline new-media production in one project file."""
import os

# numpy's OpenBLAS runs each matrix product on a thread pool of its own. Our products are small
# and already run in worker threads and processes; several threads entering OpenBLAS's pool at
# once deadlocked it (beat analysis from two workers). One BLAS thread per caller: no pool.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

__version__ = "0.1.0"
APP_NAME = "New Media Studio"
