import sys
from pathlib import Path

# Test helpers (tests/oracle.py, tests/games.py) are imported by name.
sys.path.insert(0, str(Path(__file__).parent))
