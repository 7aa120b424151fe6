# Mapper (zerocloud.md §1.7): count whitespace-separated words of the attached object and
# send "<count> <container/object>" to the reducer. Lines are streamed: memory stays flat.
import os

words = 0
with open('/dev/input', encoding='utf-8') as f:
    for line in f:
        words += len(line.split())
name = '/'.join(os.environ['LOCAL_PATH_INFO'].split('/')[2:])
with open('/dev/out/reduce', 'w') as out:
    out.write(f'{words} {name}\n')
