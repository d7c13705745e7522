from apilint.cli import run

run()
