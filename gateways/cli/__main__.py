from gateways.cli.main import main

main()
