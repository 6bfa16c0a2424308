from gateways.entrypoints.cli.main import main

main()
