"""Reading season and plan files; writing plans (atomically)."""
