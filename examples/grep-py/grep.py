# Parallel grep in Python: one instance per log object; prints the lines containing argv[1].
import sys
import zerolab

pattern = sys.argv[1] if len(sys.argv) > 1 else 'ERROR'
seen = hits = 0
for line in zerolab.lines('stdin'):
    seen += 1
    if pattern in line:
        hits += 1
        sys.stdout.write(line)
print(f'{zerolab.name}: {hits} of {seen} lines match "{pattern}"', file=sys.stderr)
