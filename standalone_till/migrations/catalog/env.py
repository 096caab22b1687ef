from standalone_till.migrations import run_env

run_env()
