# Reducer: read every mapper's line from /dev/in (in name order), print right-aligned counts
# and a total.
import zerolab

total = 0
for peer in zerolab.list('in'):
    for line in zerolab.lines('in/' + peer):
        count, name = line.rstrip('\n').split(' ', 1)
        total += int(count)
        print(f'{count:>10} {name}')
print(f'{total:>10} total')
