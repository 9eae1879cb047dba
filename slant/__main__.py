import sys

from slant.cli import main

sys.exit(main())
