from apilint.cli import main

main()
