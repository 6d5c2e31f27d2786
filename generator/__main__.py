import sys

from .cli import main

# Every line as it is printed: errors go to stderr and the rest to stdout, and a CI log or a pipe
# that takes both would otherwise get all the errors first, then the rest at exit.
sys.stdout.reconfigure(line_buffering=True)
sys.exit(main())
