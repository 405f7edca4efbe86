"""python -m generator == hipback."""

from .cli import entry

if __name__ == "__main__":  # not when a worker process imports it as __mp_main__
    entry()
