import sys

from ragnews.cli.main import main

sys.exit(main())
