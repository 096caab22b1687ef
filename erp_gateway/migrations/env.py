from erp_gateway.migrations import run_env

run_env()
