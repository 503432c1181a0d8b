from gradingcore_cli import main

main()
